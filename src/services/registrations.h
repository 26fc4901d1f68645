// Sign-up through the API (POST /api/v1/accounts), as Mastodon apps do it: an app token
// registers a new local account and receives a user token for it. Blocking.
#pragma once

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
};

// Applies the registration mode (closed: forbidden; approval: the account waits for approval
// and a reason is required), validates, creates the account, and issues a token of the calling
// app with the calling token's scopes. Errors: forbidden, unprocessable ("Validation failed: ...").
util::Result<IssuedToken> sign_up(const Deps& deps, const TokenContext& caller, const SignUp& input);

}  // namespace parloir::services
