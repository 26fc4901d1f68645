// What the streaming API asks per event, answered from the same rules as the REST API: the
// visibility gate (load_views), the home fan-out plan, list timelines' membership and reply
// policy, conversations, and token validity. Blocking: call from a worker thread, not an I/O
// thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/conversations.h"
#include "services/status_views.h"

namespace parloir::services {

// Who among `viewers` sees `status` on a timeline (timeline_visibility: the rules of
// load_views(ViewPurpose::timeline) — visibility, blocks, mutes — as on the REST timelines),
// and the status's view for rendering once for all of them, as the first of them sees it
// (nullopt when none does). One read transaction.
struct StreamGate {
  std::vector<bool> visible;  // per viewer, same order
  // Per viewer: may the status reach them on public and hashtag streams (false for viewers not
  // following a silenced author, services/silencing.h).
  std::vector<bool> broadcast;
  std::optional<StatusView> view;
};
util::Result<StreamGate> stream_gate(const Deps& deps, const core::Status& status, const std::vector<core::Id>& viewers);

// Local accounts whose home timeline shows `status` (the fan-out plan of fanout.h), for edits
// and deletes (a new status's event carries its plan).
util::Result<std::vector<core::Id>> home_audience(const Deps& deps, const core::Status& status);

// Whether the owner's list timeline shows `status`: its author is a member the owner still
// follows (or the owner), and a reply passes the list's replies_policy (as list_timeline).
// False when the list is gone or not the owner's.
util::Result<bool> list_shows(const Deps& deps, core::Id owner, core::Id list_id, const core::Status& status);

// The viewer's Conversation for a thread, nullopt when they are not in it or nothing in it is
// visible to them any more.
util::Result<std::optional<ConversationView>> conversation_for(const Deps& deps, core::Id viewer,
                                                               core::Id conversation_id);

// The hashes among `token_hashes` that no longer authenticate (unknown, revoked, or the
// account suspended or disabled), read from the database (not the TokenCache), so changes
// made by another process (the admin CLI) are seen.
util::Result<std::vector<std::string>> invalid_tokens(const Deps& deps, const std::vector<std::string>& token_hashes);

}  // namespace parloir::services
