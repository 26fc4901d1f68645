#include "services/registrations.h"

#include "services/instance_settings.h"

#include <spdlog/spdlog.h>

#include "crypto/random.h"
#include "services/moderation.h"
#include "services/relationships.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

// True when `domain` is `entry` or one of its subdomains.
bool domain_matches(std::string_view domain, std::string_view entry) {
  if (entry.empty()) return false;
  if (domain == entry) return true;
  return domain.size() > entry.size() && domain.substr(domain.size() - entry.size()) == entry &&
         domain[domain.size() - entry.size() - 1] == '.';
}

}  // namespace

util::Status check_email_domain(const Settings& settings, const std::string& email) {
  std::string lower = util::to_lower(util::trim(email));
  auto at = lower.rfind('@');
  if (at == std::string::npos) return {};  // the email shape check reports it
  std::string domain = lower.substr(at + 1);
  bool allowed = settings.email_domain_allowlist.empty();
  for (const auto& d : settings.email_domain_allowlist) allowed = allowed || domain_matches(domain, d);
  for (const auto& d : settings.email_domain_denylist) allowed = allowed && !domain_matches(domain, d);
  if (!allowed)
    return fail(ErrorCode::unprocessable,
                "Validation failed: Email domain is not allowed on this server (" + domain + ")");
  return {};
}

util::Status check_blocked_email_domain(const Deps& deps, const std::string& email) {
  std::string lower = util::to_lower(util::trim(email));
  auto at = lower.rfind('@');
  if (at == std::string::npos) return {};
  std::string domain = lower.substr(at + 1);
  std::optional<std::string> blocked;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto b = tx.moderation().blocked_email_domain(domain);
    if (!b) return fail(b.error());
    blocked = std::move(*b);
    return {};
  });
  if (!st) return st;
  if (blocked)
    return fail(ErrorCode::unprocessable,
                "Validation failed: Email domain is not allowed on this server (" + domain + ")");
  return {};
}

void apply_default_follows(const Deps& deps, core::Id account_id) {
  if (deps.settings.default_follows.empty()) return;
  auto me = find_local_login(deps, account_id);
  if (!me || !*me) return;
  for (const auto& username : deps.settings.default_follows) {
    auto target = find_local_account_by_username(deps, username);
    if (!target || !*target || (*target)->id == account_id) {
      if (!target) spdlog::warn("default follow {}: {}", username, target.error().detail);
      continue;
    }
    auto r = follow_account(deps, **me, (*target)->id, FollowOptions{});
    if (!r) spdlog::warn("default follow {}: {}", username, r.error().public_message);
  }
}

util::Result<Registered> register_account(const Deps& deps, const SignUp& in) {
  const auto settings = instance_settings(deps);  // admin-changeable (instance_settings.h)
  const std::string& mode = settings->registrations;
  if (mode == "closed") return fail(ErrorCode::forbidden, "Registrations are currently closed");
  if (mode == "invite" && in.invite_code.empty())
    return fail(ErrorCode::forbidden, "Registrations on this server require an invite");
  if (!in.agreement) return fail(ErrorCode::unprocessable, "Validation failed: Agreement must be accepted");
  const bool invited = !in.invite_code.empty();
  const bool needs_approval = mode == "approval" && !invited;
  if (needs_approval && in.reason.empty())
    return fail(ErrorCode::unprocessable, "Validation failed: Reason can't be blank");
  if (auto st = check_email_domain(deps.settings, in.email); !st) return fail(st.error());
  if (auto st = check_blocked_email_domain(deps, in.email); !st) return fail(st.error());
  NewLocalAccount account{in.username, in.email, in.password, core::Role::user, in.locale, in.reason,
                          /*approved=*/!needs_approval, in.invite_code};
  auto created = create_local_account(deps, account);
  if (!created) return fail(created.error());
  if (!needs_approval) apply_default_follows(deps, created->id);
  return Registered{std::move(*created), needs_approval};
}

util::Result<IssuedToken> sign_up(const Deps& deps, const TokenContext& caller, const SignUp& in) {
  auto created = register_account(deps, in);
  if (!created) return fail(created.error());
  auto token = issue_token(deps, caller.app, created->account.id, caller.token.scopes);
  if (!token) return fail(ErrorCode::internal, "Internal error", token.error().description);
  return *token;
}

util::Result<core::Invite> create_invite(const Deps& deps, std::optional<core::Id> created_by,
                                         std::optional<std::int64_t> max_uses, std::optional<std::int64_t> expires_in_s) {
  if (max_uses && *max_uses < 1)
    return fail(ErrorCode::unprocessable, "Validation failed: Max uses must be at least 1");
  if (expires_in_s && *expires_in_s < 1)
    return fail(ErrorCode::unprocessable, "Validation failed: Expires in must be positive");
  std::int64_t now = util::now_ms();
  core::Invite invite;
  invite.id = deps.ids.next(now);
  invite.code = crypto::random_password(12);
  invite.created_by = created_by;
  invite.max_uses = max_uses;
  if (expires_in_s) invite.expires_at = now + *expires_in_s * 1000;
  invite.created_at = now;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    if (auto s = tx.invites().insert(invite); !s) return s;
    return log_action(tx, deps, created_by, "create_invite", "Invite", invite.id, invite.code);
  });
  if (!st) return fail(st.error());
  return invite;
}

util::Result<std::vector<core::Invite>> list_invites(const Deps& deps) {
  std::vector<core::Invite> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto l = tx.invites().list(1000);
    if (!l) return fail(l.error());
    out = std::move(*l);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Status delete_invite(const Deps& deps, std::optional<core::Id> actor, core::Id id) {
  return deps.store.write([&](store::Tx& tx) -> util::Status {
    auto r = tx.invites().remove(id);
    if (!r) return fail(r.error());
    if (!*r) return fail(ErrorCode::not_found, "Record not found");
    return log_action(tx, deps, actor, "destroy_invite", "Invite", id, "");
  });
}

}  // namespace parloir::services
