// A member's own security settings, as Mastodon's browser pages offer them (`/auth/edit`,
// `/oauth/authorized_applications`): changing the password and revoking the applications that
// hold tokens of the account. Used by api/routes/account_settings_pages.cpp. Blocking.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/oauth.h"
#include "services/accounts.h"
#include "services/deps.h"

namespace parloir::services {

// Signs in with a username (local) or an email and a password: authenticate_password's rules
// and errors (unauthorized "Invalid username or password" for either unknown or wrong).
util::Result<LocalLogin> authenticate_login(const Deps& deps, const std::string& login, const std::string& password);

// Mastodon's rules for a new password: 8 (settings.min_password_length) to 72 characters.
inline constexpr std::size_t kMaxPasswordChars = 72;

struct PasswordChange {
  std::string login;  // username or email
  std::string current_password;
  std::string password;
  std::string confirmation;
};
// Checks the login and current password, validates the new one (length, confirmation), stores
// it and revokes every token of the account (streams close: AccessRevokedEvent), as
// reset_password. Errors: unauthorized (login), forbidden (suspended/disabled/pending),
// unprocessable (new password). Nothing changes on error.
util::Result<LocalLogin> change_password(const Deps& deps, const PasswordChange& change);

// An application holding live tokens of an account.
struct AuthorizedApp {
  core::Application app;
  core::Scopes scopes;            // union of its tokens' scopes
  std::int64_t authorized_at = 0;  // its oldest live token's creation
  std::int64_t tokens = 0;
};
// Oldest authorisation first.
util::Result<std::vector<AuthorizedApp>> authorized_apps(const Deps& deps, core::Id account_id);
// Revokes every live token of `application_id` held by the account; their streams close.
// Returns how many (0: nothing to revoke).
util::Result<std::int64_t> revoke_app_tokens(const Deps& deps, core::Id account_id, core::Id application_id);

// A short-lived proof, put in a form, that the bearer signed in as the account: HMAC-SHA-256
// under the instance's secret (meta, created on first use) of the account id, the expiry and
// the password's change time (a password change voids outstanding forms). No server session.
// Format: "<account_id>.<expires_unix_s>.<base64url mac>".
util::Result<std::string> make_form_token(const Deps& deps, const LocalLogin& login, std::int64_t ttl_s = 900);
// The account the token proves, when its MAC is right, it has not expired, and the account's
// password has not changed since; unauthorized otherwise.
util::Result<LocalLogin> check_form_token(const Deps& deps, const std::string& token);

}  // namespace parloir::services
