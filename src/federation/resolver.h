// Resolver: fetching remote ActivityPub documents safely and keeping remote accounts.
// Every fetch goes through the SSRF-guarded client and the DomainGate; a fetched document is
// accepted only with status 200, an ActivityPub media type (activity+json, or ld+json with the
// ActivityStreams profile — CVE-2024-25623), and an `id` equal to the URL asked for, with the
// final URL after redirects on the same authority (CVE-2024-23832). Actor documents are
// validated (http(s) inbox, key owned by the actor, size limits as Mastodon's FEDERATION.md)
// before an account is created or refreshed. Blocking (network); call from the blocking pool
// or a worker, never inside a transaction. Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <rapidjson/document.h>

#include "federation/context.h"

namespace parloir::federation {

class Resolver {
 public:
  explicit Resolver(Context& ctx) : ctx_(ctx) {}

  // GETs `uri` and returns its JSON object, checked as described above. Errors: forbidden
  // (gate, private address), unavailable (network, non-200), bad_request (not ActivityPub,
  // id mismatch, malformed).
  util::Result<std::shared_ptr<rapidjson::Document>> fetch_object(const std::string& uri);

  // The stored remote account for actor `uri`; fetched (and stored) when unknown or when
  // `refresh` is set. Errors as fetch_object, plus unprocessable for an invalid actor.
  // Single flight: concurrent calls for one uri (a burst of activities from an actor seen for
  // the first time) share one fetch and one store; the others wait for its result.
  util::Result<core::Account> actor(const std::string& uri, bool refresh);

  // A remote account we already hold, with what we know of its actor (key, inboxes), in one
  // read; nullopt when unknown (no network). Errors: store failures.
  struct Known {
    core::Account account;
    store::RemoteActor actor;  // empty fields when none is stored
  };
  util::Result<std::optional<Known>> known(const std::string& uri);

  // Stores an actor document already fetched from its id. Errors: unprocessable.
  util::Result<core::Account> store_actor(const rapidjson::Value& doc, const std::string& uri);

  // username@domain → account id via WebFinger (local accounts without network). nullopt when
  // it does not resolve or the domain is not permitted.
  util::Result<std::optional<core::Id>> resolve_handle(const std::string& username, const std::string& domain);

 private:
  struct Flight {
    bool done = false;
    std::optional<util::Result<core::Account>> result;
    std::condition_variable cv;
  };
  util::Result<core::Account> fetch_and_store(const std::string& uri);

  Context& ctx_;
  std::mutex flights_mu_;  // guards flights_ and every Flight's done/result
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;  // actor uri → fetch in progress
};

// True for "application/activity+json" and for "application/ld+json" whose profile names
// the ActivityStreams namespace (parameters and case tolerated).
bool is_activitypub_media_type(std::string_view content_type);

}  // namespace parloir::federation
