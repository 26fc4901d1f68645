// Timelines: home (from HomeFeeds, rebuilt from the database on a miss), public (local /
// remote / media), hashtag, account statuses, favourites and bookmarks. All results pass the
// visibility gate (load_views). Blocking: call from the blocking pool.
#pragma once

#include <string>
#include <vector>

#include "services/status_views.h"
#include "store/store.h"

namespace parloir::services {

util::Result<std::vector<StatusView>> home_timeline(const Deps& deps, core::Id viewer, const core::PageRequest& page);

util::Result<std::vector<StatusView>> public_timeline(const Deps& deps, const Viewer& viewer,
                                                      const store::PublicFilter& filter, const core::PageRequest& page);

struct TagQuery {
  std::vector<std::string> any;   // the path tag plus any[]
  std::vector<std::string> all;   // every one must be present
  std::vector<std::string> none;  // none may be present
  bool local = false;
};
util::Result<std::vector<StatusView>> tag_timeline(const Deps& deps, const Viewer& viewer, const TagQuery& query,
                                                   const core::PageRequest& page);

// not_found when the account does not exist or is suspended; empty when its author blocks the viewer.
util::Result<std::vector<StatusView>> account_statuses(const Deps& deps, const Viewer& viewer, core::Id account_id,
                                                       const store::AccountStatusFilter& filter,
                                                       const core::PageRequest& page);

// The viewer's favourites / bookmarks, newest interaction first, with their cursors.
struct CursoredViews {
  std::vector<StatusView> views;
  std::vector<core::Id> cursors;
};
util::Result<CursoredViews> favourites_of(const Deps& deps, core::Id viewer, const core::PageRequest& page);
util::Result<CursoredViews> bookmarks_of(const Deps& deps, core::Id viewer, const core::PageRequest& page);

}  // namespace parloir::services
