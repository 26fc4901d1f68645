#include "services/accounts.h"

#include "crypto/password.h"
#include "services/event_hub.h"
#include "services/token_cache.h"
#include "services/view_cache.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

util::Status validate_password(const Deps& deps, const std::string& password) {
  if (password.size() < deps.settings.min_password_length)
    return fail(ErrorCode::unprocessable, "Validation failed: Password is too short (minimum is " +
                                              std::to_string(deps.settings.min_password_length) + " characters)");
  if (password.size() > 128)
    return fail(ErrorCode::unprocessable, "Validation failed: Password is too long (maximum is 128 characters)");
  return {};
}

util::Result<core::Account> require_local(const Deps& deps, const std::string& username) {
  auto found = find_local_account_by_username(deps, username);
  if (!found) return fail(found.error());
  if (!*found) return fail(ErrorCode::not_found, "No local account named " + username);
  return **found;
}

}  // namespace

util::Result<core::Account> create_local_account(const Deps& deps, const NewLocalAccount& in) {
  if (!core::is_valid_username(in.username))
    return fail(ErrorCode::unprocessable,
                "Validation failed: Username must contain only letters, numbers and underscores (at most 30)");
  std::string email = util::to_lower(util::trim(in.email));
  if (!core::is_valid_email(email)) return fail(ErrorCode::unprocessable, "Validation failed: Email is invalid");
  if (auto st = validate_password(deps, in.password); !st) return fail(st.error());
  auto hash = crypto::hash_password(in.password);
  if (!hash) return fail(hash.error());

  std::int64_t now = util::now_ms();
  core::Account account;
  account.id = deps.ids.next(now);
  account.username = in.username;
  account.created_at = now;
  account.updated_at = now;
  core::User user;
  user.id = deps.ids.next(now);
  user.account_id = account.id;
  user.email = email;
  user.password_hash = *hash;
  user.role = in.role;
  user.approved = in.approved;
  user.locale = in.locale;
  user.reason = in.reason;
  user.created_at = now;
  user.password_changed_at = now;

  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto by_name = tx.accounts().find_by_username(in.username, "");
    if (!by_name) return fail(by_name.error());
    if (*by_name) return fail(ErrorCode::unprocessable, "Validation failed: Username has already been taken");
    auto by_email = tx.accounts().find_user_by_email(email);
    if (!by_email) return fail(by_email.error());
    if (*by_email) return fail(ErrorCode::unprocessable, "Validation failed: Email has already been taken");
    if (!in.invite_code.empty()) {
      auto used = tx.invites().use(in.invite_code, now);
      if (!used) return fail(used.error());
      if (!*used) return fail(ErrorCode::unprocessable, "Validation failed: Invite is invalid, expired or used up");
    }
    return tx.accounts().insert_local(account, user);
  });
  if (!st) {
    if (st.error().code == ErrorCode::conflict)
      return fail(ErrorCode::unprocessable, "Validation failed: Username or email has already been taken");
    return fail(st.error());
  }
  return account;
}

util::Result<LocalLogin> authenticate_password(const Deps& deps, const std::string& email, const std::string& password) {
  std::optional<LocalLogin> login;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto user = tx.accounts().find_user_by_email(util::to_lower(util::trim(email)));
    if (!user) return fail(user.error());
    if (!*user) return {};
    auto account = tx.accounts().find_by_id((*user)->account_id);
    if (!account) return fail(account.error());
    if (*account) login = LocalLogin{**account, **user};
    return {};
  });
  if (!st) return fail(st.error());
  // why: verify against a dummy hash when the user is unknown, so timing does not reveal emails.
  static const std::string dummy = crypto::hash_password("parloir-dummy-password").value_or("");
  bool ok = crypto::verify_password(password, login ? login->user.password_hash : dummy);
  if (!login || !ok) return fail(ErrorCode::unauthorized, "Invalid email or password");
  if (login->account.suspended() || login->user.disabled)
    return fail(ErrorCode::forbidden, "Your login is currently disabled");
  if (!login->user.approved) return fail(ErrorCode::forbidden, "Your login is currently pending approval");
  return *login;
}

util::Result<std::optional<core::Account>> find_account(const Deps& deps, core::Id id) {
  std::optional<core::Account> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto a = tx.accounts().find_by_id(id);
    if (!a) return fail(a.error());
    out = std::move(*a);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::optional<LocalLogin>> find_local_login(const Deps& deps, core::Id account_id) {
  std::optional<LocalLogin> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto a = tx.accounts().find_by_id(account_id);
    if (!a) return fail(a.error());
    if (!*a) return {};
    auto u = tx.accounts().find_user_by_account(account_id);
    if (!u) return fail(u.error());
    if (*u) out = LocalLogin{**a, **u};
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::optional<core::Account>> find_local_account_by_username(const Deps& deps,
                                                                          const std::string& username) {
  std::optional<core::Account> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto a = tx.accounts().find_by_username(username, "");
    if (!a) return fail(a.error());
    out = std::move(*a);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::vector<LocalLogin>> list_local_accounts(const Deps& deps) {
  std::vector<LocalLogin> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    core::Id after = 0;
    while (true) {
      auto page = tx.accounts().list_local(after, 500);
      if (!page) return fail(page.error());
      if (page->empty()) break;
      for (auto& a : *page) {
        after = a.id;
        auto u = tx.accounts().find_user_by_account(a.id);
        if (!u) return fail(u.error());
        if (*u) out.push_back(LocalLogin{a, **u});
      }
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<core::Account> set_account_role(const Deps& deps, const std::string& username, core::Role role) {
  auto account = require_local(deps, username);
  if (!account) return account;
  auto st = deps.store.write([&](store::Tx& tx) { return tx.accounts().set_role(account->id, role); });
  if (!st) return fail(st.error());
  deps.tokens.erase_account(account->id);
  deps.views.invalidate_account(account->id);
  deps.events.publish(InvalidateEvent{InvalidateKind::account, account->id});
  return account;
}

util::Result<core::Account> suspend_account(const Deps& deps, const std::string& username) {
  auto account = require_local(deps, username);
  if (!account) return account;
  std::int64_t now = util::now_ms();
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    if (auto s = tx.accounts().set_suspended(account->id, now); !s) return s;
    auto n = tx.oauth().revoke_tokens_of_account(account->id, now);
    if (!n) return fail(n.error());
    return {};
  });
  if (!st) return fail(st.error());
  deps.tokens.erase_account(account->id);
  deps.events.publish(AccessRevokedEvent{{}, account->id});
  deps.views.invalidate_account(account->id);
  account->suspended_at = now;
  return account;
}

util::Result<core::Account> unsuspend_account(const Deps& deps, const std::string& username) {
  auto account = require_local(deps, username);
  if (!account) return account;
  auto st = deps.store.write([&](store::Tx& tx) { return tx.accounts().set_suspended(account->id, std::nullopt); });
  if (!st) return fail(st.error());
  deps.views.invalidate_account(account->id);
  deps.events.publish(InvalidateEvent{InvalidateKind::account, account->id});
  account->suspended_at.reset();
  return account;
}

util::Result<core::Account> reset_password(const Deps& deps, const std::string& username, const std::string& password) {
  auto account = require_local(deps, username);
  if (!account) return account;
  if (auto v = validate_password(deps, password); !v) return fail(v.error());
  auto hash = crypto::hash_password(password);
  if (!hash) return fail(hash.error());
  std::int64_t now = util::now_ms();
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    if (auto s = tx.accounts().set_password_hash(account->id, *hash, now); !s) return s;
    auto n = tx.oauth().revoke_tokens_of_account(account->id, now);
    if (!n) return fail(n.error());
    return {};
  });
  if (!st) return fail(st.error());
  deps.tokens.erase_account(account->id);
  deps.events.publish(AccessRevokedEvent{{}, account->id});
  deps.views.invalidate_account(account->id);
  return account;
}

util::Result<Credentials> load_credentials(const Deps& deps, core::Id account_id) {
  std::optional<Credentials> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto a = tx.accounts().find_by_id(account_id);
    if (!a) return fail(a.error());
    auto u = tx.accounts().find_user_by_account(account_id);
    if (!u) return fail(u.error());
    if (!*a || !*u) return {};
    auto n = tx.graph().count_follow_requests(account_id);
    if (!n) return fail(n.error());
    out = Credentials{**a, **u, *n};
    return {};
  });
  if (!st) return fail(st.error());
  if (!out) return fail(ErrorCode::not_found, "Record not found");
  return std::move(*out);
}

util::Result<bool> admin_exists(const Deps& deps) {
  bool exists = false;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto n = tx.accounts().count_admins();
    if (!n) return fail(n.error());
    exists = *n > 0;
    return {};
  });
  if (!st) return fail(st.error());
  return exists;
}

}  // namespace parloir::services
