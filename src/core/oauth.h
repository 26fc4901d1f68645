// Domain types for OAuth 2: registered client applications, authorization codes and access
// tokens. Secrets (tokens, codes) are never stored in clear: only their SHA-256 digests are.
// Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/scopes.h"

namespace parloir::core {

inline constexpr const char* kOobRedirectUri = "urn:ietf:wg:oauth:2.0:oob";

struct Application {
  Id id = 0;
  std::string name;
  std::string website;                     // may be empty
  std::vector<std::string> redirect_uris;  // at least one
  Scopes scopes;
  std::string client_id;
  std::string client_secret;  // kept in clear: Mastodon returns it again from verify_credentials-like flows
  std::int64_t created_at = 0;

  bool operator==(const Application&) const = default;  // services::TokenCache shares equal ones
};

struct AuthorizationCode {
  std::string code_hash;  // hex SHA-256 of the code
  Id application_id = 0;
  Id account_id = 0;
  std::string redirect_uri;
  Scopes scopes;
  std::string code_challenge;  // PKCE S256 challenge, empty when none
  std::int64_t expires_at = 0;
};

struct AccessToken {
  Id id = 0;
  std::string token_hash;  // hex SHA-256 of the bearer token
  Id application_id = 0;
  std::optional<Id> account_id;  // none for client_credentials (app-only) tokens
  Scopes scopes;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

// A redirect URI an app may register: https/http URLs, the OOB URN, or a custom scheme
// ("oauth2redirect://x", "com.tapbots.Ivory.1:/request_token"); never javascript:, data:, vbscript:,
// file:, or anything with control characters or a fragment.
bool is_acceptable_redirect_uri(std::string_view uri);

}  // namespace parloir::core
