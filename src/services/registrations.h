// Sign-up through the API (POST /api/v1/accounts), as Mastodon apps do it: an app token
// registers a new local account and receives a user token for it. Also the rules sign-up
// applies (registration mode, email domains, invites) and what follows it (default follows).
// Blocking.
#pragma once

#include <optional>

#include "core/org.h"
#include "services/accounts.h"
#include "services/oauth.h"

namespace parloir::services {

struct SignUp {
  std::string username;
  std::string email;
  std::string password;
  bool agreement = false;
  std::string locale;
  std::string reason;
  std::string invite_code;  // required in invite mode; accepted (and used) in any open mode
};

// Applies the registration mode — closed: forbidden "Registrations are currently closed";
// approval: a reason is required and the account waits for approval (its token is refused
// with 403 until then); invite: a valid, unexpired, not used-up invite code is required
// (an invite code also opens sign-up in approval mode, without approval, as in Mastodon) —
// and the email domain lists, validates, creates the account, makes it follow the default
// follows (when active at once), and issues a token of the calling app with the calling
// token's scopes. Errors: forbidden, unprocessable ("Validation failed: ...").
util::Result<IssuedToken> sign_up(const Deps& deps, const TokenContext& caller, const SignUp& input);

// The same rules and effects without a token (the web sign-up page). Returns the new account;
// `pending` tells whether it waits for approval.
struct Registered {
  core::Account account;
  bool pending = false;
};
util::Result<Registered> register_account(const Deps& deps, const SignUp& input);

// unprocessable "Validation failed: Email domain is not allowed on this server (example.com)"
// when the address's domain is outside the allowlist or inside the denylist.
util::Status check_email_domain(const Settings& settings, const std::string& email);

// The same error when the domain (or a parent domain) is in the admin API's email-domain blocks.
util::Status check_blocked_email_domain(const Deps& deps, const std::string& email);

// Makes `account_id` follow every account of settings.default_follows that exists (best effort:
// failures are logged, never returned).
void apply_default_follows(const Deps& deps, core::Id account_id);

// Creates an invite with a random code, recorded in the audit log. created_by: the admin's
// account (none for the CLI).
util::Result<core::Invite> create_invite(const Deps& deps, std::optional<core::Id> created_by,
                                         std::optional<std::int64_t> max_uses, std::optional<std::int64_t> expires_in_s);
util::Result<std::vector<core::Invite>> list_invites(const Deps& deps);
// Deletes (revokes) an invite, recorded in the audit log. not_found when missing.
util::Status delete_invite(const Deps& deps, std::optional<core::Id> actor, core::Id id);

}  // namespace parloir::services
