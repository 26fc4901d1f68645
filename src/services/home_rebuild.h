// Home feed entries read from the database: what rebuilding a cold feed (and paging past the end
// of a loaded one) takes, with exactly fan-out on write's rules (services/fanout.h) so that a
// rebuilt feed holds what the incrementally built one would.
//
// Cost (why this exists): a per-source top-N merge over index entries. Each followed account's
// newest ids come from one seek of statuses_account (ids only, no row read), the statuses
// mentioning the viewer from one seek of status_mentions_account; then only the candidates that
// can make the feed (newest first, until `limit` are kept) are looked up by rowid for the few
// columns the rules need. The previous rebuild loaded every candidate status in full (~8,000
// rows with mentions, tags and polls for 200 follows).
#pragma once

#include <cstddef>
#include <vector>

#include "core/status.h"
#include "store/store.h"
#include "util/result.h"

namespace parloir::services {

// Statuses read per source (followed account, or the viewer's mentions) when rebuilding: at
// least this many, more when the viewer follows few accounts.
inline constexpr int kHomeRebuildPerSource = 40;

// The ids (newest first, at most `limit`, all < before_id unless before_id is 0) of `viewer`'s
// home feed as fan-out on write builds it, read from the database:
// - the viewer's own statuses and reblogs;
// - statuses of followed accounts that are not direct, not reblogs by an account followed with
//   reblogs hidden, and not replies to a third account the viewer does not follow;
// - statuses of followed accounts mentioning the viewer (direct ones included), whatever the
//   rules above;
// - never an account the viewer blocks, mutes (live mutes) or is blocked by, nor a member of one
//   of the viewer's exclusive lists (their statuses go to that list instead).
// Each source contributes at most `per_source` statuses (at least kHomeRebuildPerSource); below
// the oldest id read from a source that had more ("the horizon"), nothing is returned, so the
// result is complete down to its last entry (older pages come from the next call).
util::Result<std::vector<core::Id>> read_home_entries(store::Tx& tx, core::Id viewer, core::Id before_id,
                                                      std::size_t limit, int per_source);

}  // namespace parloir::services
