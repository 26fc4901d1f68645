// ActivityPub documents for local objects: the actor (Person / Service for bots), Notes with
// addressing by visibility, and WebFinger answers. Blocking where a transaction is passed
// (parents and mentioned accounts are looked up).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "federation/context.h"
#include "federation/json.h"
#include "services/deps.h"  // store::Tx (federation reaches storage only through services headers)

namespace parloir::federation {

inline constexpr const char* kActivityStreams = "https://www.w3.org/ns/activitystreams";
inline constexpr const char* kPublic = "https://www.w3.org/ns/activitystreams#Public";

// The actor document of a local account, with its public key.
std::string actor_document(const Context& ctx, const core::Account& account, const std::string& public_pem);

// to/cc of a status by visibility: public → to Public, cc followers; unlisted → to followers,
// cc Public; private → to followers; direct → to the mentioned. Mentioned actors are added to
// cc (to for direct).
struct Addressing {
  std::vector<std::string> to;
  std::vector<std::string> cc;
};
Addressing address(const Context& ctx, const core::Account& author, core::Visibility visibility,
                   const std::vector<std::string>& mention_uris);

// A local status as a Note (no @context when `embedded`). Errors: storage.
struct NoteDocument {
  std::string json;
  Addressing addressing;
  std::vector<core::Id> mentioned_account_ids;
};
util::Result<NoteDocument> note_document(const Context& ctx, store::Tx& tx, const core::Account& author,
                                         const core::Status& status, bool embedded);

// The ActivityPub id of a local status / of any status we hold (remote ones keep theirs).
std::string status_uri(const Context& ctx, const core::Account& author, const core::Status& status);

// The JSON-LD @context we send (ActivityStreams, security, and the Mastodon extension terms
// inline, so peers with only the preloaded contexts — Fedify — accept it).
void write_context(JsonWriter& w);

}  // namespace parloir::federation
