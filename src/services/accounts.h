// Account use cases: creating local accounts, checking passwords, and the administration verbs
// (roles, suspension, password reset). Blocking: call from the blocking pool.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/account.h"
#include "services/deps.h"
#include "util/result.h"

namespace parloir::services {

struct NewLocalAccount {
  std::string username;
  std::string email;
  std::string password;
  core::Role role = core::Role::user;
  std::string locale;
  std::string reason;
  bool approved = true;
  // When not empty, one use of this invite is counted in the same transaction as the insert;
  // an invalid, expired or used-up code fails with unprocessable and creates nothing.
  std::string invite_code;
};

// Validates (username [a-z0-9_] ≤ 30, email shape, password length 8..128 bytes), hashes the
// password with Argon2id and inserts the account and its user. Errors: unprocessable with
// Mastodon-style messages ("Validation failed: Username has already been taken").
util::Result<core::Account> create_local_account(const Deps& deps, const NewLocalAccount& input);

struct LocalLogin {
  core::Account account;
  core::User user;
};

// Looks up the user by email (case-insensitive) and checks the password. Wrong email and wrong
// password give the same error (unauthorized). A suspended or disabled account: forbidden.
util::Result<LocalLogin> authenticate_password(const Deps& deps, const std::string& email, const std::string& password);

util::Result<std::optional<core::Account>> find_account(const Deps& deps, core::Id id);
util::Result<std::optional<LocalLogin>> find_local_login(const Deps& deps, core::Id account_id);
util::Result<std::optional<core::Account>> find_local_account_by_username(const Deps& deps, const std::string& username);
util::Result<std::vector<LocalLogin>> list_local_accounts(const Deps& deps);

// Admin verbs on a local account named by username. not_found when there is no such account.
util::Result<core::Account> set_account_role(const Deps& deps, const std::string& username, core::Role role);
// Suspending revokes every token of the account, so its sessions end at once.
util::Result<core::Account> suspend_account(const Deps& deps, const std::string& username);
util::Result<core::Account> unsuspend_account(const Deps& deps, const std::string& username);
// Sets a new password and revokes every token of the account.
util::Result<core::Account> reset_password(const Deps& deps, const std::string& username, const std::string& password);

// What verify_credentials shows: the current account and user (never a cached copy, so counts
// are fresh) and the number of pending follow requests.
struct Credentials {
  core::Account account;
  core::User user;
  std::int64_t follow_requests_count = 0;
};
util::Result<Credentials> load_credentials(const Deps& deps, core::Id account_id);

// True when at least one local admin exists.
util::Result<bool> admin_exists(const Deps& deps);

}  // namespace parloir::services
