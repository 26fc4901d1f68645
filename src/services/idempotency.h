// IdempotencyKeys: remembers, per account, which status a client's Idempotency-Key created, for
// an hour (as Mastodon does), so a retried POST /api/v1/statuses returns the same status instead
// of posting twice. In memory: a restart forgets the keys (Mastodon keeps them in Redis, with
// the same one-hour horizon). Thread-safe (one mutex; entries are few and short-lived).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "core/ids.h"

namespace parloir::services {

class IdempotencyKeys {
 public:
  explicit IdempotencyKeys(std::chrono::seconds ttl = std::chrono::hours(1)) : ttl_(ttl) {}

  // The status created earlier with this key by this account, if still remembered.
  std::optional<core::Id> find(core::Id account_id, const std::string& key);
  void remember(core::Id account_id, const std::string& key, core::Id status_id);

 private:
  struct Entry {
    core::Id status_id;
    std::chrono::steady_clock::time_point expires;
  };
  void sweep(std::chrono::steady_clock::time_point now);  // requires mutex_

  std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::map<std::pair<core::Id, std::string>, Entry> entries_;  // guarded by mutex_
};

}  // namespace parloir::services
