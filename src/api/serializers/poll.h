// Mastodon Poll JSON (mastodon-api.md §5.10): counts hidden while running when hide_totals is
// set (except for the author), `voted`/`own_votes` always present (false/[] when anonymous; the
// author counts as having voted, as in Mastodon), `expired` computed at render time.
#pragma once

#include <optional>

#include "api/json.h"
#include "core/poll.h"
#include "services/status_views.h"  // store::ViewerFlags, as StatusView exposes it

namespace parloir::api {

void write_poll(JsonOut& out, const core::Poll& poll, const store::ViewerFlags& flags,
                std::optional<core::Id> viewer_id, std::int64_t now_ms);

}  // namespace parloir::api
