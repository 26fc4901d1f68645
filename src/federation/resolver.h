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
#include <cstdint>
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

  // Fetches the actor document at `uri` now (no cache, no rate limit), checks the handle of an
  // actor we do not hold yet through WebFinger (verify_handle), and stores it. Returns the
  // account and the document (for what is not stored, e.g. alsoKnownAs). Errors as actor().
  struct Fetched {
    core::Account account;
    std::shared_ptr<rapidjson::Document> document;
  };
  util::Result<Fetched> fetch_actor(const std::string& uri);

  // A remote account we already hold, with what we know of its actor (key, inboxes), in one
  // read; nullopt when unknown (no network). Errors: store failures.
  struct Known {
    core::Account account;
    store::RemoteActor actor;  // empty fields when none is stored
  };
  util::Result<std::optional<Known>> known(const std::string& uri);

  // A handle (username@domain) confirmed by WebFinger for an actor.
  struct Handle {
    std::string username;
    std::string domain;
  };

  // Stores an actor document already fetched from its id (its publicKey becomes the stored
  // key). A new account takes `handle` when given (a WebFinger-verified one), else
  // preferredUsername@host-of-uri. Errors: unprocessable, conflict (handle held by another actor).
  util::Result<core::Account> store_actor(const rapidjson::Value& doc, const std::string& uri,
                                          const std::optional<Handle>& handle = std::nullopt);

  // Applies an actor document embedded in an inbox activity (Update(Person)) from that verified
  // actor: the profile is stored, but its publicKey never replaces the stored key. When it
  // differs from the stored one, the actor is re-fetched from its id (rate-limited as
  // may_refetch), so a new key only ever comes from the origin itself. Errors as store_actor.
  util::Result<core::Account> apply_actor_update(const rapidjson::Value& doc, const std::string& uri);

  // Mastodon's check_webfinger!: acct:username@domain must answer with that subject (case
  // aside) and a `self` link equal to `uri`; when it answers with another subject, that one is
  // looked up too and must give the same subject and link back (then it is the handle). Through
  // the DomainGate and the SSRF-guarded client. Errors: unprocessable (does not loop back, or
  // the lookup failed), forbidden (domain not permitted).
  util::Result<Handle> verify_handle(const std::string& username, const std::string& domain, const std::string& uri);

  // True when the actor's document may be fetched again now: at most once per actor per
  // kRefetchIntervalMs (every fetch counts), so failing signatures cannot make us fetch an
  // actor over and over. Records the fetch when it answers true.
  bool may_refetch(const std::string& uri);
  static constexpr std::int64_t kRefetchIntervalMs = 60 * 1000;

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
  struct Finger {
    std::string subject;  // "user@domain" (without "acct:")
    std::string self;     // the ActivityPub `self` link, empty when none
  };
  util::Result<Finger> webfinger(const std::string& username, const std::string& domain);
  void note_fetch(const std::string& uri);
  // store_actor's work; keep_key: the stored key stays (key_differs tells whether doc's differed).
  util::Result<core::Account> store_document(const rapidjson::Value& doc, const std::string& uri,
                                    const std::optional<Handle>& handle, bool keep_key, bool* key_differs);

  Context& ctx_;
  std::mutex flights_mu_;  // guards flights_ and every Flight's done/result
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;  // actor uri → fetch in progress
  std::mutex fetched_mu_;  // guards fetched_
  std::unordered_map<std::string, std::int64_t> fetched_;  // actor uri → last fetch (ms); bounded
};

// True for "application/activity+json" and for "application/ld+json" whose profile names
// the ActivityStreams namespace (parameters and case tolerated).
bool is_activitypub_media_type(std::string_view content_type);

}  // namespace parloir::federation
