// StatusView: a status with everything needed to show it to one viewer (author, the reblogged
// original, mentioned accounts, the viewer's flags), and the loader that builds views in
// batches while applying the visibility rule (core/visibility.h) — the single read gate every
// timeline, context and lookup goes through. Blocking; call inside a store transaction.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "core/status.h"
#include "services/deps.h"
#include "store/store.h"

namespace parloir::services {

struct StatusView {
  core::Status status;
  core::Account account;
  // Versions from ViewCache (0 = not from the cache): renderers may reuse output per version.
  std::uint64_t status_version = 0;
  std::uint64_t account_version = 0;
  std::vector<core::Account> mentions;  // in the order of status.mentioned_account_ids
  store::ViewerFlags flags;             // meaningful only when a viewer is set
  std::shared_ptr<StatusView> reblog;   // the original, for a reblog wrapper
};

// Who is looking. Anonymous viewers have no account.
struct Viewer {
  std::optional<core::Id> account_id;
};

enum class ViewPurpose {
  direct,    // fetching a status by id / context: only visibility applies
  timeline,  // timelines: also hide authors (or reblogs) the viewer blocks or mutes
};

// Builds views for `statuses` (order kept), dropping those the viewer may not see (and reblog
// wrappers whose original is gone or invisible).
util::Result<std::vector<StatusView>> load_views(store::Tx& tx, const Viewer& viewer,
                                                 const std::vector<core::Status>& statuses, ViewPurpose purpose);

// The same through the ViewCache of `deps`: statuses' originals, accounts, relationships and
// flags come from memory when cached (and are cached when loaded).
util::Result<std::vector<StatusView>> load_views(store::Tx& tx, const Deps& deps, const Viewer& viewer,
                                                 const std::vector<core::Status>& statuses, ViewPurpose purpose);

// For each local viewer (same order), whether `status` passes load_views(ViewPurpose::timeline)
// for them: the same rule (core::may_view, then blocks and mutes hide), with the facts read for
// all viewers of the author in a few batch queries instead of per viewer, and without building
// views or loading viewer flags — for the streaming API, which renders a status once for all.
util::Result<std::vector<bool>> timeline_visibility(store::Tx& tx, const Deps& deps, const core::Status& status,
                                                    const std::vector<core::Id>& viewers);

// Statuses by id (order kept, unknown ids skipped) through the ViewCache.
util::Result<std::vector<core::Status>> fetch_statuses(store::Tx& tx, const Deps& deps, const std::vector<core::Id>& ids);

// One status by id, as the viewer may see it; nullopt when missing *or* invisible (the API
// answers both with the same 404).
util::Result<std::optional<StatusView>> load_view(store::Tx& tx, const Viewer& viewer, core::Id status_id);

}  // namespace parloir::services
