// Silenced accounts (Mastodon's "limit"): a moderator's silence keeps an account's statuses
// off the public, local and hashtag timelines (REST and streaming) and out of search for every
// viewer who does not follow it, and its notifications to accounts that do not follow it are
// filtered (or dropped) by the recipient's policy (notification_policy.h, for_limited_accounts).
// Its profile, its statuses by id and in threads, and its followers' home feeds are unchanged. Unsilencing restores everything (nothing is deleted). Blocking; call inside a
// store transaction.
#pragma once

#include <vector>

#include "services/status_views.h"

namespace parloir::services {

// Removes from `views` those whose author (or, for a reblog, the original's author) is silenced,
// unless the viewer is that author or follows them. Anonymous viewers follow nobody.
// Costs one primary-key probe per distinct author, plus one follow lookup when one is silenced.
util::Status hide_silenced(store::Tx& tx, const Viewer& viewer, std::vector<StatusView>& views);

// For the streaming API's public and hashtag streams: for each of `viewers` (same order),
// whether a status by `author` may reach them — all true unless `author` is silenced, then
// only the author and their followers.
util::Result<std::vector<bool>> silenced_broadcast_audience(store::Tx& tx, core::Id author,
                                                            const std::vector<core::Id>& viewers);

// Whether `actor` is silenced and `recipient` does not follow them.
util::Result<bool> silenced_for(store::Tx& tx, core::Id actor, core::Id recipient);

}  // namespace parloir::services
