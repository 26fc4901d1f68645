// Status use cases: posting, editing, deleting, and the per-viewer interactions (favourite,
// reblog, bookmark, pin, conversation mute), plus the status read paths (one, many, context,
// history, who favourited/reblogged). Every read goes through load_views (the visibility gate);
// "missing" and "not visible" are the same not_found. Blocking: call from the blocking pool.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "services/accounts.h"
#include "services/polls.h"
#include "services/status_views.h"

namespace parloir::services {

struct PostStatusInput {
  std::string text;
  std::string spoiler_text;
  std::optional<core::Visibility> visibility;  // default: the author's preference
  bool sensitive = false;
  std::string language;
  std::optional<core::Id> in_reply_to_id;
  std::optional<core::Id> application_id;
  bool local_only = false;  // forced true for a reply to a local-only status
  // Delete the status this many seconds after posting (within the Settings bounds), by the
  // runner (services/status_expiry.h); durable: the time is stored with the status.
  std::optional<std::int64_t> expires_in_s;
  std::string idempotency_key;  // a retry with the same key returns the first status (1 hour)
  std::vector<core::Id> media_ids;  // ≤ 4 of the author's unattached uploads, in display order
  std::optional<PollInput> poll;  // validated with validate_poll; the text may then be empty
};

// Validates (non-empty unless media or a poll are given, length ≤ max_characters counted as
// Mastodon counts, the poll, reply target visible to the author), renders the HTML, stores the status with its mentions and tags,
// notifies mentioned accounts and followers who asked to be notified, and fans out to home
// feeds. Errors: unprocessable ("Validation failed: ..."), not_found (reply target).
util::Result<StatusView> post_status(const Deps& deps, const LocalLogin& author, const PostStatusInput& input);

// A change to one attachment's alt text or focus while editing (media_attributes[]).
struct MediaAttributeEdit {
  core::Id id = 0;
  std::optional<std::string> description;
  std::optional<std::string> focus;  // "x,y"
};

struct EditStatusInput {
  std::string text;
  std::string spoiler_text;
  std::optional<bool> sensitive;
  std::optional<std::string> language;
  std::optional<std::vector<core::Id>> media_ids;  // absent = keep the current attachments
  std::vector<MediaAttributeEdit> media_attributes;
  // The poll after the edit; none removes an existing poll (as Mastodon). Changing the options
  // or `multiple` resets the votes.
  std::optional<PollInput> poll;
};
// Edits the author's own status, keeping the history (the original version is recorded on the
// first edit). Errors: not_found (missing, not the author's), unprocessable.
util::Result<StatusView> edit_status(const Deps& deps, const LocalLogin& author, core::Id status_id,
                                     const EditStatusInput& input);

// Deletes the author's own status; returns its last view with `text` kept (for redraft).
util::Result<StatusView> delete_status(const Deps& deps, const LocalLogin& author, core::Id status_id);

enum class Interaction { favourite, unfavourite, bookmark, unbookmark, pin, unpin, mute, unmute };
// Applies an idempotent interaction to a status the viewer may see and returns its fresh view.
// Pins: own public/unlisted/private statuses only, at most 5 (unprocessable otherwise).
util::Result<StatusView> interact(const Deps& deps, const LocalLogin& viewer, core::Id status_id, Interaction what);

// Reblogs (returns the wrapper's view; an existing reblog is returned again) or unreblogs
// (returns the original's view). Private and direct statuses cannot be reblogged (forbidden),
// except private ones by their author. `visibility` applies to the wrapper (public default).
util::Result<StatusView> reblog_status(const Deps& deps, const LocalLogin& viewer, core::Id status_id,
                                       std::optional<core::Visibility> visibility);
util::Result<StatusView> unreblog_status(const Deps& deps, const LocalLogin& viewer, core::Id status_id);

util::Result<StatusView> get_status(const Deps& deps, const Viewer& viewer, core::Id status_id);
// The visible ones among `ids`, in request order; unknown/invisible ids are skipped.
util::Result<std::vector<StatusView>> get_statuses(const Deps& deps, const Viewer& viewer, const std::vector<core::Id>& ids);

struct Context {
  std::vector<StatusView> ancestors;    // oldest first
  std::vector<StatusView> descendants;  // depth-first reply order
};
util::Result<Context> get_context(const Deps& deps, const Viewer& viewer, core::Id status_id);

// The edit history, oldest first (the current version last); a never-edited status yields one entry
// (with its current attachments). `media_out`, when given, receives the attachments the versions
// name (StatusEdit::media; attachments deleted since are absent).
util::Result<std::vector<core::StatusEdit>> get_history(const Deps& deps, const Viewer& viewer, core::Id status_id,
                                                        core::Account* author_out,
                                                        std::vector<core::MediaAttachment>* media_out = nullptr);

// Accounts that favourited / reblogged a visible status, paged by the favourite / wrapper id.
struct AccountPage {
  std::vector<core::Account> accounts;
  std::vector<core::Id> cursors;  // one per account
  // For the mutes list only: each mute's expiry (same length as accounts), else empty.
  std::vector<std::optional<std::int64_t>> mute_expires_at;
};
// Loads the accounts of `rows` (skipping unknown and suspended ones) into `out`, keeping each
// row's cursor; `on_kept(i)` is called for every row i that was kept.
util::Status fill_account_page(store::Tx& tx, const std::vector<store::Cursored<core::Id>>& rows, AccountPage& out,
                               const std::function<void(std::size_t)>& on_kept = {});

util::Result<AccountPage> favourited_by(const Deps& deps, const Viewer& viewer, core::Id status_id,
                                        const core::PageRequest& page);
util::Result<AccountPage> reblogged_by(const Deps& deps, const Viewer& viewer, core::Id status_id,
                                       const core::PageRequest& page);

}  // namespace parloir::services
