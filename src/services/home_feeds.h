// HomeFeeds: every local account's home timeline as an in-memory list of status ids (newest
// first, at most kCapacity), filled by fan-out on write and rebuilt from the database on a
// miss (fan-out on read for cold accounts) — Mastodon's Redis feeds, in-process.
// The database stays the source of truth: a feed can always be rebuilt, so losing it (restart,
// kill -9) loses nothing. Thread-safe: the map is split in shards, each guarded by its mutex.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/ids.h"
#include "core/status.h"

namespace parloir::services {

class HomeFeeds {
 public:
  // why: Mastodon's FeedManager::MAX_ITEMS; 10,000 loaded feeds hold at most 32 MB of ids
  // (800 made 64 MB, most of the RSS budget). Older pages come from the database.
  static constexpr std::size_t kCapacity = 400;

  // Adds status_id to a loaded feed, and to every rebuild of it in progress (see begin_rebuild).
  void push(core::Id account_id, core::Id status_id);
  // Replaces the feed with `ids` (any order; sorted and capped here), unconditionally.
  void load(core::Id account_id, std::vector<core::Id> ids);

  // Rebuilding a feed from the database races with fan-out: a status committed after the
  // rebuild's read snapshot is pushed while the feed is not loaded (nothing to push to), so the
  // feed installed afterwards would miss it for good. The protocol: call begin_rebuild() BEFORE
  // the rebuild's first database read; every status pushed from then on is kept for it; then
  // finish_rebuild() merges those into `ids` and installs the result — unless the feed was
  // invalidated since begin_rebuild (the rebuild may predate a follow/unfollow): then nothing is
  // installed and false is returned. Either way `ids` ends up sorted newest first, merged and
  // capped, so the caller can serve this one page from it.
  std::uint64_t begin_rebuild(core::Id account_id);
  bool finish_rebuild(core::Id account_id, std::uint64_t token, std::vector<core::Id>& ids);
  // Ends a rebuild that failed (nothing installed).
  void abandon_rebuild(core::Id account_id, std::uint64_t token);

  // Drops a feed (e.g. after unfollowing: it is rebuilt on next read); rebuilds in progress
  // will not install theirs.
  void invalidate(core::Id account_id);
  // Removes `status_ids` from `account_id`'s feed if loaded.
  void remove(core::Id account_id, const std::vector<core::Id>& status_ids);
  // A page of the feed (Mastodon paging semantics), or nullopt when the feed is not loaded.
  std::optional<std::vector<core::Id>> page(core::Id account_id, const core::PageRequest& page) const;
  // The same paging over a feed held by the caller (ids newest first).
  template <class Feed>
  static std::vector<core::Id> page_of(const Feed& feed, const core::PageRequest& page);
  bool loaded(core::Id account_id) const;

 private:
  // The rebuilds of one account's feed in progress: statuses pushed since they began.
  struct Rebuilds {
    std::uint64_t epoch = 0;  // rebuilds that began in an older epoch were invalidated
    int active = 0;
    std::vector<core::Id> pushed;  // at most kCapacity (the newest kept)
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<core::Id, std::deque<core::Id>> feeds;  // newest first
    std::unordered_map<core::Id, Rebuilds> rebuilds;
  };
  Shard& shard(core::Id account_id) const { return shards_[core::shard_of(account_id, shards_.size())]; }
  mutable std::array<Shard, 64> shards_;
  std::atomic<std::uint64_t> epochs_{0};
};

template <class Feed>
std::vector<core::Id> HomeFeeds::page_of(const Feed& feed, const core::PageRequest& page) {
  std::vector<core::Id> out;
  std::size_t limit = static_cast<std::size_t>(std::max(page.limit, 0));
  if (page.min_id && !page.max_id && !page.since_id) {
    // The `limit` items just above min_id: walk from the oldest end.
    for (auto rit = feed.rbegin(); rit != feed.rend() && out.size() < limit; ++rit)
      if (*rit > *page.min_id) out.push_back(*rit);
    std::reverse(out.begin(), out.end());
    return out;
  }
  for (core::Id id : feed) {
    if (out.size() >= limit) break;
    if (page.max_id && id >= *page.max_id) continue;
    if (page.since_id && id <= *page.since_id) break;
    if (page.min_id && id <= *page.min_id) break;
    out.push_back(id);
  }
  return out;
}

}  // namespace parloir::services
