// ViewCache: what the read path needs again and again, kept in memory so a warm home timeline
// costs no SQL: statuses and accounts by id, each viewer's relationships to authors, and each
// viewer's flags on statuses (favourited, bookmarked...). Every entry carries a version (a
// process-wide counter assigned when it is loaded) so renderers can cache their output per
// version.
//
// Consistency: services invalidate entries after every write that changes them (this
// process); writes by another process (the admin CLI suspending someone) reach this one through
// the event relay within a second (services/event_relay.h). Accounts and viewer entries also
// expire after `ttl`, a safety net for anything the relay does not carry; an account reloaded
// unchanged keeps its version. Statuses are written only by the server, so they do not expire. Memory is bounded: each shard drops its entries when it
// grows past its cap. Thread-safe: sharded maps, each guarded by its shard's mutex.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/filter.h"
#include "core/ids.h"
#include "core/status.h"
#include "store/read_views.h"
#include "store/social.h"

namespace parloir::services {

template <class T>
struct Versioned {
  std::shared_ptr<const T> value;
  std::uint64_t version = 0;
};

class ViewCache {
 public:
  explicit ViewCache(std::chrono::milliseconds ttl = std::chrono::seconds(60)) : ttl_(ttl) {}

  std::optional<Versioned<core::Status>> status(core::Id id) const;
  Versioned<core::Status> put_status(core::Status s);
  void invalidate_status(core::Id id);

  std::optional<Versioned<core::Account>> account(core::Id id) const;
  Versioned<core::Account> put_account(core::Account a);
  void invalidate_account(core::Id id);

  // The viewer's relationship to `author`, if cached.
  std::optional<core::Relationship> relationship(core::Id viewer, core::Id author) const;
  void put_relationship(core::Id viewer, const core::Relationship& r);
  // Drops what `a` knows about `b` and what `b` knows about `a`.
  void invalidate_relationship(core::Id a, core::Id b);

  std::optional<store::ViewerFlags> flags(core::Id viewer, core::Id status_id) const;
  void put_flags(core::Id viewer, core::Id status_id, const store::ViewerFlags& f);
  void invalidate_flags(core::Id viewer, core::Id status_id);
  // Drops everything cached for a viewer (e.g. a conversation mute touches many statuses).
  void invalidate_viewer(core::Id viewer);

  // The viewer's snapshot (store::ViewerSnapshot: blocks, mutes, flags on statuses, poll
  // votes), if cached: what load_views reads instead of querying per page. Dropped by
  // invalidate_flags, invalidate_relationship and invalidate_viewer of that viewer, and with the
  // viewer's entry after `ttl`.
  std::shared_ptr<const store::ViewerSnapshot> snapshot(core::Id viewer) const;
  void put_snapshot(core::Id viewer, std::shared_ptr<const store::ViewerSnapshot> snapshot);
  // Whether the viewer follows `author`, if cached (learned one author at a time: only
  // private statuses need it). Dropped by invalidate_relationship(viewer, author).
  std::optional<bool> follows(core::Id viewer, core::Id author) const;
  void put_follows(core::Id viewer, core::Id author, bool following);
  // The viewer's active filters, if cached and none of them expired since (services/filters
  // drops them with invalidate_viewer after every change of the viewer's filters).
  std::shared_ptr<const std::vector<core::Filter>> filters(core::Id viewer, std::int64_t now_ms) const;
  void put_filters(core::Id viewer, std::shared_ptr<const std::vector<core::Filter>> filters);

 private:
  using Clock = std::chrono::steady_clock;
  template <class V>
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<core::Id, V> map;
  };
  template <class V>
  using Shards = std::array<Shard<V>, 32>;
  template <class V>
  static Shard<V>& shard(Shards<V>& s, core::Id id) {
    return s[core::shard_of(id, s.size())];
  }
  struct AccountEntry {
    Versioned<core::Account> v;
    Clock::time_point expires;
  };
  struct ViewerEntry {
    Clock::time_point expires;
    std::unordered_map<core::Id, core::Relationship> relationships;
    std::unordered_map<core::Id, store::ViewerFlags> flags;
    std::shared_ptr<const store::ViewerSnapshot> snapshot;
    std::unordered_map<core::Id, bool> follows;
    std::shared_ptr<const std::vector<core::Filter>> filters;
    std::optional<std::int64_t> filters_expire;  // the first expiry among them
  };
  // The viewer's live entry (nullptr when absent or expired: an expired one is erased).
  // Call with the shard's mutex held.
  template <class Map>
  static ViewerEntry* live(Map& map, core::Id viewer);
  // The viewer's entry, created (and the shard emptied first when full) if absent. Mutex held.
  ViewerEntry& entry(Shard<ViewerEntry>& s, core::Id viewer);

  std::uint64_t next_version() { return version_.fetch_add(1, std::memory_order_relaxed) + 1; }

  std::chrono::milliseconds ttl_;
  std::atomic<std::uint64_t> version_{0};
  mutable Shards<Versioned<core::Status>> statuses_;
  mutable Shards<AccountEntry> accounts_;
  mutable Shards<ViewerEntry> viewers_;
};

}  // namespace parloir::services
