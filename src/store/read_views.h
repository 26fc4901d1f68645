// ReadViews: the reads of the cached read path (services::load_views and the timelines), kept
// apart from the general repositories: ids-only list queries (the statuses themselves come from
// services::ViewCache) and a viewer's snapshot. A store's StatusRepo may implement it too
// (SqliteStatusRepo does); read_views() finds it, and callers fall back to the general queries
// when a store has none.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "store/store.h"

namespace parloir::store {

// Everything one viewer did that decides which statuses they see and their flags on them,
// read at once for the per-viewer cache (services::ViewCache), so a timeline page needs no
// per-page query. Every list is sorted ascending by its first member. When any list would pass
// the reader's cap, `complete` is false and the lists must not be used.
struct ViewerSnapshot {
  static constexpr std::uint8_t kFavourited = 1, kReblogged = 2, kBookmarked = 4, kPinned = 8;
  std::vector<Id> blocking;    // accounts the viewer blocks
  std::vector<Id> blocked_by;  // accounts blocking the viewer
  std::vector<std::pair<Id, std::optional<std::int64_t>>> muting;  // muted accounts, expiry (ms)
  std::vector<std::pair<Id, std::uint8_t>> statuses;  // status id -> kFavourited | kReblogged | ...
  std::vector<Id> muted_conversations;
  std::vector<std::pair<Id, std::vector<int>>> poll_votes;  // poll id -> own choices, ascending
  bool complete = true;
};

class ReadViews {
 public:
  virtual ~ReadViews() = default;
  // The ids of StatusRepo::list_public's statuses: same filters, same order.
  virtual Result<std::vector<Id>> list_public_ids(const PublicFilter& filter, bool include_local_only,
                                                  const PageRequest& page) = 0;
  // The viewer's blocks (both ways), mutes, favourites, reblogs, bookmarks, pins, conversation
  // mutes and poll votes; `complete` false when any of them has more than `cap` rows.
  virtual Result<ViewerSnapshot> viewer_snapshot(Id account_id, std::size_t cap) = 0;
};

// The transaction's ReadViews, or nullptr when its store has none.
inline ReadViews* read_views(Tx& tx) { return dynamic_cast<ReadViews*>(&tx.statuses()); }

}  // namespace parloir::store
