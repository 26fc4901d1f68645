// HomeFeeds: every local account's home timeline as an in-memory list of status ids (newest
// first, at most kCapacity), filled by fan-out on write and rebuilt from the database on a
// miss (fan-out on read for cold accounts) — Mastodon's Redis feeds, in-process.
// The database stays the source of truth: a feed can always be rebuilt, so losing it (restart,
// kill -9) loses nothing. Thread-safe: the map is split in shards, each guarded by its mutex.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace parloir::services {

class HomeFeeds {
 public:
  static constexpr std::size_t kCapacity = 800;

  // Adds status_id to a loaded feed (no-op when the feed is not loaded: the rebuild will find it).
  void push(core::Id account_id, core::Id status_id);
  // Replaces the feed with `ids` (any order; sorted and capped here).
  void load(core::Id account_id, std::vector<core::Id> ids);
  // Drops a feed (e.g. after unfollowing: it is rebuilt on next read).
  void invalidate(core::Id account_id);
  // Removes `status_ids` from `account_id`'s feed if loaded.
  void remove(core::Id account_id, const std::vector<core::Id>& status_ids);
  // A page of the feed (Mastodon paging semantics), or nullopt when the feed is not loaded.
  std::optional<std::vector<core::Id>> page(core::Id account_id, const core::PageRequest& page) const;
  bool loaded(core::Id account_id) const;

 private:
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<core::Id, std::deque<core::Id>> feeds;  // newest first
  };
  Shard& shard(core::Id account_id) const { return shards_[static_cast<std::uint64_t>(account_id) % shards_.size()]; }
  mutable std::array<Shard, 64> shards_;
};

}  // namespace parloir::services
