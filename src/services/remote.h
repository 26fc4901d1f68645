// Remote use cases: what a verified inbound activity does, through the same repositories,
// notification and fan-out rules as the client API (so visibility and block/mute rules live in
// one place). The federation layer has already authenticated `actor` (a stored remote account)
// and checked origins; these functions check what depends on our state (the target exists and
// is local, the actor may see the status, blocks). Each runs one write transaction and never
// calls back into FederationHooks except to answer a Follow (Accept). Blocking.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/status.h"
#include "services/deps.h"
#include "services/remote_media.h"
#include "util/result.h"

namespace parloir::services {

enum class RemoteFollowOutcome { accepted, requested, refused };

// actor follows the local account `target` (a request when it is locked). An auto-accepted
// follow enqueues the Accept in the same transaction. refused when target blocks actor (the
// caller answers with Reject). `follow_uri` is the Follow activity's id (kept for Accept/Reject).
util::Result<RemoteFollowOutcome> remote_follow(const Deps& deps, const core::Account& actor, core::Id target,
                                                const std::string& follow_uri);
// actor withdrew its follow or request of `target` (Undo Follow).
util::Status remote_unfollow(const Deps& deps, const core::Account& actor, core::Id target);
// actor (remote) accepted / rejected the pending follow by the local account `follower`.
util::Status remote_follow_answered(const Deps& deps, const core::Account& actor, core::Id follower, bool accepted);

struct RemoteStatusInput {
  std::string uri;
  std::string url;
  std::string content;       // already sanitised HTML
  std::string spoiler_text;
  core::Visibility visibility = core::Visibility::public_;
  bool sensitive = false;
  std::string language;
  std::optional<core::Id> in_reply_to_id;  // a status we hold
  std::vector<core::Id> mentioned_account_ids;  // accounts we hold (local ones get notified)
  std::vector<std::string> tags;
  std::int64_t created_at = 0;  // unix ms (published), clamped to now
  std::vector<RemoteAttachmentInput> attachments;  // recorded and queued for caching (remote_media.h)
  // A Question's poll: options, tallies, multiple, expires_at, voters_count (ids are assigned).
  std::optional<core::Poll> poll;
};
// Stores a remote status by actor (idempotent by uri: an existing status of the same author is
// returned; one of another author is a conflict, CVE-2024-37903), notifies mentioned local
// accounts, fans out to local followers' home feeds. Returns the status id.
util::Result<core::Id> remote_post(const Deps& deps, const core::Account& actor, const RemoteStatusInput& input);
// Applies actor's Update of its own status `status_id` (Update Note/Question): content, content
// warning, sensitive, mentions, tags, attachments (remote_media.h replace_remote_attachments_in_tx)
// and the poll (same options: the origin's tallies, voters and end replace ours; changed
// options replace the poll and its votes). A change other than tallies is an edit (edited_at,
// a history entry, `update` notifications, a status.update event); new tallies alone are not.
util::Status remote_edit(const Deps& deps, const core::Account& actor, core::Id status_id,
                         const RemoteStatusInput& input);
// Deletes actor's own status (or reblog wrapper) `status_id`; not_found when it is not theirs.
util::Status remote_delete_status(const Deps& deps, const core::Account& actor, core::Id status_id);
// Like / Undo Like of a status the actor may see.
util::Status remote_favourite(const Deps& deps, const core::Account& actor, core::Id status_id, bool undo);
// Announce (wrapper stored with `wrapper_uri`) / Undo Announce of a public or unlisted status.
util::Status remote_reblog(const Deps& deps, const core::Account& actor, core::Id status_id,
                           const std::string& wrapper_uri, bool undo);
// A remote moderator's Flag: a report by `actor` (typically the remote instance actor) about the
// local account `target` and those of `status_ids` that are target's (others ignored); comment
// cut to 1,000 characters. not_found when target is not a local account.
util::Status remote_report(const Deps& deps, const core::Account& actor, core::Id target,
                           const std::vector<core::Id>& status_ids, const std::string& comment);
// A remote vote (Mastodon: a Create(Note) whose `name` is an option, in reply to the poll's
// status) by actor in the poll of the local status `status_id`: the options named `choices`
// are counted. Refused (unprocessable) when the poll has ended, the option is unknown, or the
// actor already voted in a single-choice poll; not_found without a poll.
util::Status remote_vote(const Deps& deps, const core::Account& actor, core::Id status_id,
                         const std::vector<std::string>& choices);
// Block / Undo Block of a local account: severs follows both ways.
util::Status remote_block(const Deps& deps, const core::Account& actor, core::Id target, bool undo);

}  // namespace parloir::services
