// The one place that decides whether a viewer may see a status. Every read path (timelines,
// context, account statuses, search, reblogged_by/favourited_by, notifications, streaming)
// gathers the facts below and calls may_view(); nothing else re-implements the rule.
// Pure functions; thread-safe.
#pragma once

#include <optional>

#include "core/status.h"

namespace parloir::core {

// Facts about (viewer, status) that the caller loads from storage.
struct ViewerFacts {
  std::optional<Id> viewer_id;     // none for anonymous viewers
  bool viewer_follows_author = false;
  bool viewer_is_mentioned = false;
  bool viewer_blocks_author = false;   // the viewer blocked the author
  bool author_blocks_viewer = false;   // the author blocked the viewer
  bool author_suspended = false;
  bool viewer_is_local = true;     // local-only statuses are visible to local viewers only
};

// May the viewer see `status` (not a reblog wrapper: for a reblog, check the wrapper and the
// original)? Rules, as Mastodon's StatusPolicy#show?:
// - the author always sees their own statuses;
// - a suspended author's statuses are seen by nobody else;
// - if the author blocks the viewer, the viewer sees nothing of theirs;
// - public and unlisted: everyone (blocks by the viewer are filtering, not visibility);
// - private (followers-only): followers and mentioned accounts;
// - direct: mentioned accounts only;
// - local_only: local, signed-in viewers only (on top of the above).
bool may_view(const Status& status, const ViewerFacts& facts);

// Does the status belong on public timelines (public visibility, not a reply to someone else)?
bool is_public_timeline_candidate(const Status& status);

}  // namespace parloir::core
