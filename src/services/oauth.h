// OAuth 2 use cases: application registration, authorization codes (with PKCE S256), the token
// grants (authorization_code, password, client_credentials), revocation, and bearer-token
// authentication. Tokens and codes are random 256-bit secrets; only their SHA-256 is stored.
// Blocking: call from the blocking pool.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/oauth.h"
#include "services/accounts.h"
#include "services/deps.h"
#include "util/result.h"

namespace parloir::services {

// An OAuth protocol failure (RFC 6749 §5.2): `error` is the code (invalid_client,
// invalid_grant, invalid_scope, invalid_request, unsupported_grant_type, unauthorized_client,
// access_denied), `description` human text. Internal failures use error = "server_error".
struct OAuthFailure {
  std::string error;
  std::string description;
};
template <class T>
using OAuthResult = tl::expected<T, OAuthFailure>;

struct NewApplication {
  std::string name;
  std::vector<std::string> redirect_uris;  // already split
  std::string scopes;                      // space-separated; empty = "read"
  std::string website;
};

// Validates and stores a client application. Errors: unprocessable ("Validation failed: ...").
util::Result<core::Application> register_application(const Deps& deps, const NewApplication& input);

// The application with this client_id, or nullopt.
util::Result<std::optional<core::Application>> find_application(const Deps& deps, const std::string& client_id);

// Checks an authorization request before showing the consent page: the app exists, the
// redirect URI is one it registered, the requested scopes are a subset of the app's (empty =
// "read"), response_type is "code", and the PKCE method (if any) is S256. Returns the app and
// the effective scopes.
struct AuthorizationRequest {
  std::string client_id;
  std::string redirect_uri;
  std::string response_type;
  std::string scope;
  std::string code_challenge;
  std::string code_challenge_method;
};
struct CheckedAuthorization {
  core::Application app;
  core::Scopes scopes;
};
OAuthResult<CheckedAuthorization> check_authorization_request(const Deps& deps, const AuthorizationRequest& req);

// Issues a single-use authorization code (valid 10 minutes) for `account_id` after the user
// approved. Re-checks the request.
OAuthResult<std::string> issue_authorization_code(const Deps& deps, const AuthorizationRequest& req, core::Id account_id);

struct IssuedToken {
  std::string access_token;  // the secret, shown once
  core::Scopes scopes;
  std::int64_t created_at = 0;  // unix ms
};

struct TokenRequest {
  std::string grant_type;
  std::string client_id;
  std::string client_secret;  // may be empty for a PKCE authorization_code exchange
  std::string code;
  std::string redirect_uri;
  std::string code_verifier;
  std::string scope;
  std::string username;  // the email, for the password grant
  std::string password;
};

// POST /oauth/token semantics for all supported grant types.
OAuthResult<IssuedToken> grant_token(const Deps& deps, const TokenRequest& req);

// Issues a fresh token of `app` for `account_id` (none = app-only) with `scopes`.
OAuthResult<IssuedToken> issue_token(const Deps& deps, const core::Application& app, std::optional<core::Id> account_id,
                                     const core::Scopes& scopes);

// Revokes `token` if it belongs to the authenticated client. Unknown tokens succeed silently
// (RFC 7009 §2.2). A wrong client: invalid_client.
OAuthResult<void> revoke_token(const Deps& deps, const std::string& client_id, const std::string& client_secret,
                               const std::string& token);

// The caller behind a bearer token.
struct TokenContext {
  core::AccessToken token;
  core::Application app;
  std::optional<LocalLogin> user;  // none for an app-only (client_credentials) token
};

// The cached context of a bearer token, without database work (safe on an I/O thread); nullopt
// on a miss (then call authenticate_bearer, which fills the cache).
std::optional<TokenContext> cached_bearer(const Deps& deps, const std::string& bearer);

// Resolves a bearer token (and caches it). unauthorized ("The access token is invalid") when unknown, revoked,
// or its user is suspended/disabled.
util::Result<TokenContext> authenticate_bearer(const Deps& deps, const std::string& bearer);

}  // namespace parloir::services
