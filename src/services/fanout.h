// Side effects of a new status or interaction: who gets it in their home feed (fan-out on
// write into HomeFeeds) and who gets a notification. Plans are computed inside the write
// transaction; feeds are updated after the commit (they are a cache of the database).
#pragma once

#include <vector>

#include "services/deps.h"
#include "store/store.h"

namespace parloir::services {

struct FanoutPlan {
  std::vector<core::Id> home_recipients;  // local accounts whose loaded feed gets the status
  // Local followers who asked to be notified of the author's statuses (read once, with the
  // followers, for notify_for_new_status); empty for direct statuses.
  std::vector<core::Id> notify_followers;
};

// Who receives `status` (a new status or reblog wrapper) in their home feed, as Mastodon's
// FanOutOnWriteService + FeedManager#filter_from_home: the author; local followers (for a
// reblog only those showing reblogs; for a reply to someone else only followers of that account
// too; not for direct); mentioned local accounts; never accounts blocking or muting the author.
util::Result<FanoutPlan> plan_fanout(store::Tx& tx, const Deps& deps, const core::Status& status);
void apply_fanout(const Deps& deps, const FanoutPlan& plan, core::Id status_id);

// Publishes a new status (or reblog wrapper) after its commit: the status event with its home
// recipients, a conversation event for a direct status, then the batch's notifications.
void publish_created(const Deps& deps, class EventBatch& batch, const core::Status& status, const FanoutPlan& plan);

// Creates a notification for a local recipient unless it is the actor themself, the recipient
// blocks the actor, or mutes them with notifications hidden. The notification is added to the
// thread's EventBatch (event_hub.h), if any, to be streamed after the commit.
util::Status notify(store::Tx& tx, const Deps& deps, core::Id recipient, core::Id actor, core::NotificationType type,
                    std::optional<core::Id> status_id);

// Mentions (mention) and followers who asked to be notified (status; `plan` from plan_fanout
// for the same status).
util::Status notify_for_new_status(store::Tx& tx, const Deps& deps, const core::Status& status,
                                   const FanoutPlan& plan);

// Accounts that reblogged an edited status get an `update` notification.
util::Status notify_update(store::Tx& tx, const Deps& deps, const core::Status& status);

}  // namespace parloir::services
