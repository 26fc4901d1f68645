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
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/ids.h"
#include "core/status.h"
#include "services/packed_feed.h"

namespace parloir::services {

class HomeFeeds {
 public:
  // why: Mastodon's FeedManager::MAX_ITEMS; 10,000 loaded feeds hold ~16 MB of ids, packed
  // (services/packed_feed.h; 37 MB in a deque). Older pages come from the database.
  static constexpr std::size_t kCapacity = 400;
  // A loaded feed grows to kCapacity + kSlack before it is cut back to kCapacity (cutting walks
  // the packed feed: once per kSlack pushes, not on every push).
  static constexpr std::size_t kSlack = 32;

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
  // Paging over a packed feed (walks it from the newest end, decoding only what it needs).
  static std::vector<core::Id> page_of(const PackedFeed& feed, const core::PageRequest& page);
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
    std::unordered_map<core::Id, PackedFeed> feeds;  // newest first
    std::unordered_map<core::Id, Rebuilds> rebuilds;
  };
  Shard& shard(core::Id account_id) const { return shards_[core::shard_of(account_id, shards_.size())]; }
  mutable std::array<Shard, 64> shards_;
  std::atomic<std::uint64_t> epochs_{0};
};

// Walking a feed newest first: whether `id` belongs to `page` (then it is appended to `out`),
// and whether the walk goes on (false: nothing older can belong to the page).
inline bool take_for_page(core::Id id, const core::PageRequest& page, std::size_t limit, std::vector<core::Id>& out) {
  if (out.size() >= limit) return false;
  if (page.max_id && id >= *page.max_id) return true;
  if (page.since_id && id <= *page.since_id) return false;
  if (page.min_id && id <= *page.min_id) return false;
  out.push_back(id);
  return out.size() < limit;
}

// Whether `page` is a min_id page (the items just above min_id: walked from the oldest end).
inline bool is_min_id_page(const core::PageRequest& page) { return page.min_id && !page.max_id && !page.since_id; }

template <class Feed>
std::vector<core::Id> HomeFeeds::page_of(const Feed& feed, const core::PageRequest& page) {
  std::vector<core::Id> out;
  std::size_t limit = static_cast<std::size_t>(std::max(page.limit, 0));
  if (is_min_id_page(page)) {
    // The `limit` items just above min_id: walk from the oldest end.
    for (auto rit = feed.rbegin(); rit != feed.rend() && out.size() < limit; ++rit)
      if (*rit > *page.min_id) out.push_back(*rit);
    std::reverse(out.begin(), out.end());
    return out;
  }
  for (core::Id id : feed)
    if (!take_for_page(id, page, limit, out)) break;
  return out;
}

}  // namespace parloir::services
