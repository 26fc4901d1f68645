// Direct-message conversations, as Mastodon's /api/v1/conversations shows them: one entry per
// thread (conversation_id) holding direct statuses the viewer wrote or is mentioned in, with the
// other participants, the last status (through load_views) and whether it is unread.
//
// Read and hidden state are per viewer (ConversationRepo); everything else is derived from the
// statuses, so a new direct status makes a conversation unread for the others (its author is
// not its reader) and shows a hidden one again without any hook on the posting path.
// Blocking: call from the blocking pool. not_found for a conversation the viewer is not in.
#pragma once

#include <optional>
#include <vector>

#include "services/status_views.h"

namespace parloir::services {

struct ConversationView {
  core::Id id = 0;  // the thread's conversation id, as the viewer's Conversation id
  bool unread = false;
  std::vector<core::Account> accounts;  // the other participants (suspended ones left out)
  std::optional<StatusView> last_status;
  core::Id cursor = 0;  // for Link headers: the last status id
};

util::Result<std::vector<ConversationView>> list_conversations(const Deps& deps, core::Id viewer,
                                                               const core::PageRequest& page);
// One conversation as the viewer sees it; nullopt when they are not in it or nothing in it is
// visible to them any more (used by the streaming API's `conversation` event).
util::Result<std::optional<ConversationView>> find_conversation(const Deps& deps, core::Id viewer,
                                                                core::Id conversation_id);
// Marks the conversation read up to its last status and returns it.
util::Result<ConversationView> read_conversation(const Deps& deps, core::Id viewer, core::Id conversation_id);
// Hides it from the viewer until a newer direct status arrives.
util::Status remove_conversation(const Deps& deps, core::Id viewer, core::Id conversation_id);

}  // namespace parloir::services
