// Authorized fetch, both ways. Outbound: every GET we make of a remote actor, object or
// WebFinger is signed with the instance actor's key (draft-cavage rsa-sha256 over
// "(request-target) host date", as Mastodon and Fedify sign theirs), so peers that require
// signatures answer us. Inbound: with Settings::authorized_fetch (federation.authorized_fetch,
// forced on for a private instance) our actor, object and collection GETs and WebFinger answer
// only a request signed by a key whose actor is on a permitted domain (not blocked; in
// allowlist mode, allowlisted) and not suspended. The instance actor document itself is always
// served (peers need its key to verify us). Blocking (key fetches); thread-safe.
#pragma once

#include <optional>
#include <string>

#include "federation/context.h"
#include "federation/resolver.h"
#include "http/client.h"
#include "http/request.h"

namespace parloir::federation {

// Adds Host, Date and Signature headers to a GET of `req.url`. Best effort: left unsigned when
// the URL does not parse or the instance key is unavailable (logged).
void sign_fetch(Context& ctx, http::ClientRequest& req);

// Why a GET is refused: 401 (unsigned, malformed, stale, unverifiable) or 403 (domain not
// permitted, actor suspended).
struct FetchRefusal {
  unsigned status = 401;
  std::string message;
};
// nullopt when `req` may be answered (authorized fetch off, or a valid signature).
std::optional<FetchRefusal> check_signed_fetch(Context& ctx, Resolver& resolver, const http::Request& req);

// The instance actor document (an Application named after the domain, with its public key).
std::string instance_actor_document(const Context& ctx, const std::string& public_pem);

}  // namespace parloir::federation
