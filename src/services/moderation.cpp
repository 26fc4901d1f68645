#include "services/moderation.h"

#include <algorithm>

#include "services/event_hub.h"
#include "services/federation.h"
#include "services/reads.h"
#include "services/registrations.h"
#include "services/token_cache.h"
#include "services/view_cache.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

util::Error record_not_found() { return util::Error{ErrorCode::not_found, "Record not found", {}}; }

// Loads a local account with its user and flags inside a transaction; nullopt when missing or remote.
util::Result<std::optional<AdminAccount>> load_admin_account(store::Tx& tx, core::Id id) {
  auto account = tx.accounts().find_by_id(id);
  if (!account) return fail(account.error());
  if (!*account || !(*account)->is_local()) return std::optional<AdminAccount>{};
  auto user = tx.accounts().find_user_by_account(id);
  if (!user) return fail(user.error());
  if (!*user) return std::optional<AdminAccount>{};
  auto flags = tx.moderation().flags(id);
  if (!flags) return fail(flags.error());
  return std::optional<AdminAccount>(AdminAccount{LocalLogin{**account, **user}, *flags});
}

// Runs fn(tx, account) on an existing local account in one write transaction and returns the
// account as reloaded afterwards (or as it was, when fn deleted it).
template <class Fn>
util::Result<AdminAccount> with_account(const Deps& deps, core::Id id, Fn&& fn) {
  std::optional<AdminAccount> out;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto a = load_admin_account(tx, id);
    if (!a) return fail(a.error());
    if (!*a) return fail(record_not_found());
    if (auto s = fn(tx, **a); !s) return s;
    auto again = load_admin_account(tx, id);
    if (!again) return fail(again.error());
    out = *again ? std::move(**again) : std::move(**a);
    return {};
  });
  if (!st) return fail(st.error());
  deps.tokens.erase_account(id);
  deps.views.invalidate_account(id);
  // why: another process (the server, when the CLI acted) drops its cached copies too.
  deps.events.publish(InvalidateEvent{InvalidateKind::account, id});
  return std::move(*out);
}

}  // namespace

util::Status log_action(store::Tx& tx, const Deps& deps, Actor actor, std::string action, std::string target_type,
                        core::Id target_id, std::string detail) {
  std::int64_t now = util::now_ms();
  core::AuditEntry e{deps.ids.next(now), actor, std::move(action), std::move(target_type), target_id,
                     std::move(detail), now};
  return tx.moderation().log(e);
}

util::Status require_staff(const core::User& user) {
  if (user.role != core::Role::user) return {};
  return fail(ErrorCode::forbidden, "This action is not allowed");
}

util::Status require_permission(const core::User& user, core::Permission p) {
  if (core::role_can(user.role, p)) return {};
  return fail(ErrorCode::forbidden, "This action is not allowed");
}

util::Result<AdminAccount> change_role(const Deps& deps, Actor actor, std::optional<core::Role> actor_role,
                                       core::Id account_id, core::Role role) {
  return with_account(deps, account_id, [&](store::Tx& tx, const AdminAccount& a) -> util::Status {
    const core::Role old = a.login.user.role;
    if (actor_role) {
      if (actor && *actor == account_id) return fail(ErrorCode::forbidden, "You cannot change your own role");
      if (!core::may_change_role(*actor_role, old, role)) return fail(ErrorCode::forbidden, "This action is not allowed");
    }
    if (auto s = tx.accounts().set_role(account_id, role); !s) return s;
    return log_action(tx, deps, actor, "change_role_user", "Account", account_id,
                      a.login.account.username + ": " + std::string(core::role_name(old)) + " -> " +
                          std::string(core::role_name(role)));
  });
}

util::Result<std::vector<AdminAccount>> admin_list_accounts(const Deps& deps, store::ModerationStatus status,
                                                            const std::string& username, const core::PageRequest& page) {
  std::vector<AdminAccount> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto ids = tx.moderation().list_local_accounts(status, username, page);
    if (!ids) return fail(ids.error());
    for (core::Id id : *ids) {
      auto a = load_admin_account(tx, id);
      if (!a) return fail(a.error());
      if (*a) out.push_back(std::move(**a));
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<AdminAccount> admin_get_account(const Deps& deps, core::Id account_id) {
  return read_found(deps, [&](store::Tx& tx) { return load_admin_account(tx, account_id); }, record_not_found());
}

util::Result<AdminAccount> approve_account(const Deps& deps, Actor actor, core::Id account_id) {
  auto r = with_account(deps, account_id, [&](store::Tx& tx, const AdminAccount& a) -> util::Status {
    if (a.login.user.approved) return fail(ErrorCode::unprocessable, "Validation failed: Account is not pending");
    if (auto s = tx.moderation().set_approved(account_id, true); !s) return s;
    return log_action(tx, deps, actor, "approve_user", "Account", account_id, a.login.account.username);
  });
  if (r) apply_default_follows(deps, account_id);
  return r;
}

util::Result<AdminAccount> reject_account(const Deps& deps, Actor actor, core::Id account_id) {
  return with_account(deps, account_id, [&](store::Tx& tx, const AdminAccount& a) -> util::Status {
    if (a.login.user.approved) return fail(ErrorCode::unprocessable, "Validation failed: Account is not pending");
    if (auto s = log_action(tx, deps, actor, "reject_user", "Account", account_id,
                            a.login.account.username + " <" + a.login.user.email + ">");
        !s)
      return s;
    return tx.moderation().delete_account(account_id);
  });
}

std::optional<AccountAction> parse_account_action(std::string_view type) {
  if (type.empty() || type == "none") return AccountAction::none;
  if (type == "sensitive") return AccountAction::sensitive;
  if (type == "disable") return AccountAction::disable;
  if (type == "silence") return AccountAction::silence;
  if (type == "suspend") return AccountAction::suspend;
  return std::nullopt;
}

namespace {

const char* action_name(AccountAction a) {
  switch (a) {
    case AccountAction::none: return "warn_account";
    case AccountAction::sensitive: return "sensitize_account";
    case AccountAction::disable: return "disable_user";
    case AccountAction::silence: return "silence_account";
    case AccountAction::suspend: return "suspend_account";
  }
  return "warn_account";
}

util::Result<core::Report> update_report_in(store::Tx& tx, const Deps& deps, Actor actor, core::Id id,
                                            ReportAction what) {
  auto found = tx.moderation().find_report(id);
  if (!found) return fail(found.error());
  if (!*found) return fail(record_not_found());
  core::Report r = std::move(**found);
  std::int64_t now = util::now_ms();
  const char* name = "";
  switch (what) {
    case ReportAction::assign_to_self:
      if (!actor) return fail(ErrorCode::unprocessable, "Validation failed: Assignee is required");
      r.assigned_account_id = *actor;
      name = "assigned_to_self_report";
      break;
    case ReportAction::unassign:
      r.assigned_account_id.reset();
      name = "unassigned_report";
      break;
    case ReportAction::resolve:
      r.action_taken_at = now;
      r.action_taken_by = actor;
      name = "resolve_report";
      break;
    case ReportAction::reopen:
      r.action_taken_at.reset();
      r.action_taken_by.reset();
      name = "reopen_report";
      break;
  }
  r.updated_at = now;
  if (auto s = tx.moderation().update_report(r); !s) return fail(s.error());
  if (auto s = log_action(tx, deps, actor, name, "Report", id, ""); !s) return fail(s.error());
  return r;
}

}  // namespace

util::Status moderate_account(const Deps& deps, Actor actor, core::Id account_id, AccountAction action,
                              std::optional<core::Id> report_id, const std::string& text) {
  std::int64_t now = util::now_ms();
  auto r = with_account(deps, account_id, [&](store::Tx& tx, const AdminAccount& a) -> util::Status {
    auto flags = a.flags;
    switch (action) {
      case AccountAction::none: break;
      case AccountAction::sensitive:
        flags.sensitized_at = now;
        if (auto s = tx.moderation().set_flags(account_id, flags); !s) return s;
        break;
      case AccountAction::silence:
        flags.silenced_at = now;
        if (auto s = tx.moderation().set_flags(account_id, flags); !s) return s;
        break;
      case AccountAction::disable:
        if (auto s = tx.moderation().set_disabled(account_id, true); !s) return s;
        break;
      case AccountAction::suspend: {
        if (auto s = tx.accounts().set_suspended(account_id, now); !s) return s;
        auto n = tx.oauth().revoke_tokens_of_account(account_id, now);
        if (!n) return fail(n.error());
        break;
      }
    }
    std::string detail = a.login.account.username;
    if (!text.empty()) detail += ": " + text;
    if (auto s = log_action(tx, deps, actor, action_name(action), "Account", account_id, detail); !s) return s;
    if (report_id) {
      auto rep = update_report_in(tx, deps, actor, *report_id, ReportAction::resolve);
      if (!rep) return fail(rep.error());
    }
    return {};
  });
  if (!r) return fail(r.error());
  // Suspending revoked the tokens and disabling refuses them: the account's streams close now.
  if (action == AccountAction::suspend || action == AccountAction::disable)
    deps.events.publish(AccessRevokedEvent{{}, account_id});
  return {};
}

util::Result<AdminAccount> undo_account_action(const Deps& deps, Actor actor, core::Id account_id, UndoAction what) {
  return with_account(deps, account_id, [&](store::Tx& tx, const AdminAccount& a) -> util::Status {
    auto flags = a.flags;
    const char* name = "";
    switch (what) {
      case UndoAction::enable:
        if (auto s = tx.moderation().set_disabled(account_id, false); !s) return s;
        name = "enable_user";
        break;
      case UndoAction::unsuspend:
        if (auto s = tx.accounts().set_suspended(account_id, std::nullopt); !s) return s;
        name = "unsuspend_account";
        break;
      case UndoAction::unsilence:
        flags.silenced_at.reset();
        if (auto s = tx.moderation().set_flags(account_id, flags); !s) return s;
        name = "unsilence_account";
        break;
      case UndoAction::unsensitive:
        flags.sensitized_at.reset();
        if (auto s = tx.moderation().set_flags(account_id, flags); !s) return s;
        name = "unsensitize_account";
        break;
    }
    return log_action(tx, deps, actor, name, "Account", account_id, a.login.account.username);
  });
}

util::Result<core::Report> file_report(const Deps& deps, const LocalLogin& reporter, const NewReport& in) {
  if (in.category != "spam" && in.category != "legal" && in.category != "violation" && in.category != "other")
    return fail(ErrorCode::unprocessable, "Validation failed: Category is not included in the list");
  if (util::utf8_length(in.comment) > 1000)
    return fail(ErrorCode::unprocessable, "Validation failed: Comment is too long (maximum is 1000 characters)");
  std::int64_t now = util::now_ms();
  core::Report r;
  r.id = deps.ids.next(now);
  r.account_id = reporter.account.id;
  r.target_account_id = in.target_account_id;
  r.status_ids = in.status_ids;
  std::sort(r.status_ids.begin(), r.status_ids.end());
  r.status_ids.erase(std::unique(r.status_ids.begin(), r.status_ids.end()), r.status_ids.end());
  r.rule_ids = in.rule_ids;
  std::sort(r.rule_ids.begin(), r.rule_ids.end());
  r.rule_ids.erase(std::unique(r.rule_ids.begin(), r.rule_ids.end()), r.rule_ids.end());
  r.comment = in.comment;
  r.category = in.category;
  r.forward = in.forward;  // a remote target's instance gets a Flag (FederationHooks::on_report_forwarded)
  r.created_at = now;
  r.updated_at = now;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto target = tx.accounts().find_by_id(in.target_account_id);
    if (!target) return fail(target.error());
    if (!*target || (*target)->suspended()) return fail(record_not_found());
    std::vector<core::Status> reported;
    if (!r.status_ids.empty()) {
      auto statuses = tx.statuses().find_many(r.status_ids);
      if (!statuses) return fail(statuses.error());
      if (statuses->size() != r.status_ids.size())
        return fail(ErrorCode::unprocessable, "Validation failed: Statuses must belong to the reported account");
      for (const auto& s : *statuses)
        if (s.account_id != in.target_account_id)
          return fail(ErrorCode::unprocessable, "Validation failed: Statuses must belong to the reported account");
      reported = std::move(*statuses);
    }
    if (!r.rule_ids.empty()) {
      // why: as Mastodon (Report#validate_rule_ids), every cited rule must be one of ours.
      // The live list is a handful of rows (no index lookup per id needed).
      auto rules = tx.rules().list();
      if (!rules) return fail(rules.error());
      std::size_t live = 0;
      for (const auto& rule : *rules)
        live += std::binary_search(r.rule_ids.begin(), r.rule_ids.end(), rule.id) ? 1 : 0;
      if (live != r.rule_ids.size())
        return fail(ErrorCode::unprocessable, "Validation failed: Rule ids does not reference valid rules");
    }
    if (auto s = tx.moderation().insert_report(r); !s) return s;
    if (r.forward && deps.federation && !(*target)->is_local())
      return deps.federation->on_report_forwarded(tx, r.id, **target, reported, r.comment);
    return {};
  });
  if (!st) return fail(st.error());
  return r;
}

util::Result<std::vector<core::Report>> list_reports(const Deps& deps, std::optional<bool> resolved,
                                                     const core::PageRequest& page) {
  return read_value(deps, [&](store::Tx& tx) { return tx.moderation().list_reports(resolved, page); });
}

util::Result<core::Report> get_report(const Deps& deps, core::Id id) {
  return read_found(deps, [&](store::Tx& tx) { return tx.moderation().find_report(id); }, record_not_found());
}

util::Result<core::Report> act_on_report(const Deps& deps, Actor actor, core::Id id, ReportAction what) {
  std::optional<core::Report> out;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto r = update_report_in(tx, deps, actor, id, what);
    if (!r) return fail(r.error());
    out = std::move(*r);
    return {};
  });
  if (!st) return fail(st.error());
  return std::move(*out);
}

util::Result<core::EmailDomainBlock> block_email_domain(const Deps& deps, Actor actor, const std::string& domain) {
  std::string d = util::to_lower(util::trim(domain));
  while (!d.empty() && d.front() == '.') d.erase(0, 1);
  bool bad = d.empty() || d.size() > 253 || d.find_first_of("@/:\"\\ \t<>") != std::string::npos ||
             !util::is_valid_utf8(d);
  if (bad) return fail(ErrorCode::unprocessable, "Validation failed: Domain is not a valid domain name");
  std::int64_t now = util::now_ms();
  core::EmailDomainBlock b{deps.ids.next(now), d, now};
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    if (auto s = tx.moderation().insert_email_domain_block(b); !s) {
      if (s.error().code == ErrorCode::conflict)
        return fail(ErrorCode::unprocessable, "Validation failed: Domain has already been taken");
      return s;
    }
    return log_action(tx, deps, actor, "create_email_domain_block", "EmailDomainBlock", b.id, d);
  });
  if (!st) return fail(st.error());
  return b;
}

util::Result<std::vector<core::EmailDomainBlock>> list_email_domain_blocks(const Deps& deps,
                                                                          const core::PageRequest& page) {
  return read_value(deps, [&](store::Tx& tx) { return tx.moderation().list_email_domain_blocks(page); });
}

util::Result<core::EmailDomainBlock> get_email_domain_block(const Deps& deps, core::Id id) {
  return read_found(
      deps, [&](store::Tx& tx) { return tx.moderation().find_email_domain_block(id); }, record_not_found());
}

util::Status unblock_email_domain(const Deps& deps, Actor actor, core::Id id) {
  return deps.store.write([&](store::Tx& tx) -> util::Status {
    auto b = tx.moderation().find_email_domain_block(id);
    if (!b) return fail(b.error());
    if (!*b) return fail(record_not_found());
    auto removed = tx.moderation().remove_email_domain_block(id);
    if (!removed) return fail(removed.error());
    return log_action(tx, deps, actor, "destroy_email_domain_block", "EmailDomainBlock", id, (*b)->domain);
  });
}

util::Result<std::vector<core::AuditEntry>> audit_log(const Deps& deps, const core::PageRequest& page) {
  return read_value(deps, [&](store::Tx& tx) { return tx.moderation().audit_log(page); });
}

}  // namespace parloir::services
