// Timeline markers: where a user stopped reading "home" and "notifications". Blocking: call
// from the blocking pool.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/lists.h"
#include "services/deps.h"

namespace parloir::services {

// True for the timelines Mastodon keeps markers for ("home", "notifications").
bool is_marker_timeline(const std::string& timeline);

// The existing markers among `timelines` (unknown names ignored).
util::Result<std::vector<core::Marker>> get_markers(const Deps& deps, core::Id account_id,
                                                    const std::vector<std::string>& timelines);
// Saves (timeline, last_read_id) pairs in one transaction; returns the saved markers.
// unprocessable when a timeline name is unknown.
util::Result<std::vector<core::Marker>> save_markers(const Deps& deps, core::Id account_id,
                                                     const std::vector<std::pair<std::string, core::Id>>& positions);

}  // namespace parloir::services
