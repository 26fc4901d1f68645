// FederationRepo: what ActivityPub needs stored beside the social graph — local actors' RSA
// keys, what we know of remote actors (inboxes, public key), URI lookups, the durable delivery
// queue (the transactional outbox: rows are written in the same transaction as the action),
// follow activity ids, and per-domain allow/block entries. Reached through Tx::federation().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/ids.h"
#include "util/result.h"

namespace parloir::store {

struct ActorKeys {
  core::Id account_id = 0;
  std::string private_pem;
  std::string public_pem;
};

struct RemoteActor {
  core::Id account_id = 0;
  std::string inbox;
  std::string shared_inbox;  // "" when the actor has none
  std::string followers;     // followers collection URI
  std::string key_id;
  std::string public_key_pem;
  std::int64_t fetched_at = 0;  // unix ms
};

struct Delivery {
  core::Id id = 0;
  std::string inbox;
  std::string domain;  // inbox host[:port], for the circuit breaker
  core::Id sender_account_id = 0;
  std::string body;    // the activity JSON, signed at send time
  int attempts = 0;
  std::int64_t next_attempt_at = 0;  // unix ms
  std::int64_t created_at = 0;
};

enum class DomainPolicy { allow = 0, block = 1 };

// One admin-managed domain entry, with when it was added (unix ms).
struct DomainPolicyEntry {
  std::string domain;
  DomainPolicy policy = DomainPolicy::block;
  std::int64_t created_at = 0;
};

class FederationRepo {
 public:
  virtual ~FederationRepo() = default;

  virtual util::Result<std::optional<ActorKeys>> find_keys(core::Id account_id) = 0;
  // Keeps an existing pair (first writer wins); read back with find_keys.
  virtual util::Status insert_keys(const ActorKeys& keys) = 0;

  virtual util::Result<std::optional<RemoteActor>> find_remote_actor(core::Id account_id) = 0;
  virtual util::Status upsert_remote_actor(const RemoteActor& actor) = 0;

  // Accounts and statuses by their ActivityPub id (remote ones; local ids are derived).
  virtual util::Result<std::optional<core::Id>> account_id_by_uri(const std::string& uri) = 0;
  virtual util::Result<std::optional<core::Id>> status_id_by_uri(const std::string& uri) = 0;

  // Distinct delivery inboxes (shared inbox preferred) of the remote followers of `account_id`.
  virtual util::Result<std::vector<std::string>> follower_inboxes(core::Id account_id) = 0;
  // Distinct delivery inboxes of the given remote accounts (unknown/local ones skipped).
  virtual util::Result<std::vector<std::string>> inboxes_of(const std::vector<core::Id>& account_ids) = 0;

  virtual util::Status enqueue_delivery(const Delivery& delivery) = 0;
  // Claims up to `limit` deliveries due at `now`: they are returned and their next attempt is
  // pushed to `lease_until`, so a crash mid-send retries them after the lease (at-least-once).
  virtual util::Result<std::vector<Delivery>> claim_due_deliveries(std::int64_t now, std::int64_t lease_until,
                                                                    int limit) = 0;
  virtual util::Status finish_delivery(core::Id id) = 0;  // delivered or given up: removed
  virtual util::Status reschedule_delivery(core::Id id, int attempts, std::int64_t next_attempt_at,
                                           const std::string& last_error) = 0;
  virtual util::Result<std::int64_t> count_deliveries() = 0;
  // The soonest next_attempt_at of any queued delivery, if any.
  virtual util::Result<std::optional<std::int64_t>> next_delivery_at() = 0;

  // The id of the Follow activity behind follower → target (for Accept/Reject/Undo).
  virtual util::Status set_follow_uri(core::Id follower, core::Id target, const std::string& uri) = 0;
  virtual util::Result<std::optional<std::string>> follow_uri(core::Id follower, core::Id target) = 0;
  virtual util::Status remove_follow_uri(core::Id follower, core::Id target) = 0;

  // Delivery health per domain (Mastodon's unavailable domains). A failed delivery records when
  // the domain started failing (kept while it keeps failing); a delivered one clears the entry.
  // Returns when the current run of failures began.
  virtual util::Result<std::int64_t> record_delivery_failure(const std::string& domain, std::int64_t now) = 0;
  // Forgets the domain's failures and unavailability; true when it was marked unavailable.
  virtual util::Result<bool> clear_delivery_failures(const std::string& domain) = 0;
  virtual util::Status mark_domain_unavailable(const std::string& domain, std::int64_t now) = 0;
  virtual util::Result<std::vector<std::string>> unavailable_domains() = 0;

  // Domain allow/block entries managed by admins (the config adds its own).
  virtual util::Status set_domain_policy(const std::string& domain, DomainPolicy policy, std::int64_t now) = 0;
  virtual util::Result<bool> remove_domain_policy(const std::string& domain, DomainPolicy policy) = 0;
  virtual util::Result<std::vector<std::pair<std::string, DomainPolicy>>> domain_policies() = 0;
  // The entries of one policy with their creation time, newest first.
  virtual util::Result<std::vector<DomainPolicyEntry>> domain_policy_entries(DomainPolicy policy) = 0;
};

}  // namespace parloir::store
