// Inbox: verifies and processes one POST to the shared inbox or a personal inbox.
//
// Verification (any failure → 401 unless said otherwise, and nothing is stored):
//  - a draft-cavage `Signature` header (an RFC 9421-only request is refused, so Fedify ≥ 1.6
//    falls back to cavage); algorithm rsa-sha256, hs2019 or absent;
//  - `(request-target)`, `host`, `date` and `digest` all signed; Host is this instance;
//  - Date within ±1 hour; Digest SHA-256 equals the body (Misskey CVE-2023-49079);
//  - the key belongs to the activity's actor: the keyId is on the actor's host, and it is the
//    key published in the actor document, fetched (and cached) through the Resolver; a failing
//    signature re-fetches the actor once (key rotation), at most once a minute per actor
//    (Resolver::may_refetch); a new actor's handle passes the WebFinger round trip first;
//  - the actor's domain passes the DomainGate (else 403); the body is a JSON object (else 400).
// Origin checks (→ 403): the activity id and, for Create/Update/Delete, the object id are on the
// actor's host; a Create's attributedTo is the actor; Undo/Accept objects were the actor's.
// Update(Person) never takes the key from its payload (Resolver::apply_actor_update). Move is
// accepted only about the actor itself, to a target (fetched from its origin) whose alsoKnownAs
// lists the actor (services/moves.h).
// Then the activity is applied through services/remote.h in its own transaction, and only then
// answered 202 (so an acknowledged activity is durable). Thread-safe. Blocking (network, store).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "crypto/rsa.h"
#include "federation/context.h"
#include "federation/resolver.h"
#include "http/request.h"

namespace parloir::federation {

struct InboxAnswer {
  unsigned status = 202;
  std::string message;  // for the {"error": …} body when status >= 400
};

class Inbox {
 public:
  Inbox(Context& ctx, Resolver& resolver) : ctx_(ctx), resolver_(resolver) {}
  InboxAnswer receive(const http::Request& request);

 private:
  // The parsed form of a stored public key PEM (parsing costs more than verifying); bounded.
  std::shared_ptr<const crypto::RsaPublicKey> parsed_key(const std::string& pem);

  Context& ctx_;
  Resolver& resolver_;
  std::mutex keys_mu_;  // guards parsed_keys_
  std::unordered_map<std::string, std::shared_ptr<const crypto::RsaPublicKey>> parsed_keys_;  // by PEM
};

}  // namespace parloir::federation
