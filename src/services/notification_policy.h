// Mastodon 4.3 notification filtering: the recipient's policy (accept / filter / drop per kind
// of sender), notification requests (one per sender with filtered notifications) and their
// acceptance, which merges them into the main list and announces `notifications_merged`.
// Blocking: call from the blocking pool (screen_notification inside a write transaction).
#pragma once

#include <optional>
#include <vector>

#include "core/notifications.h"
#include "services/status_views.h"

namespace parloir::services {

// --- Used by notify() (fanout.cpp) inside its write transaction.

// What the recipient's policy does to `n` (recipient, sender, type and status set). On
// `filter` the sender's request counts it (n itself is stored with filtered = true by the
// caller). The default policy costs one primary-key probe plus the silenced check notify()
// always made; other rules read their facts only when the policy asks for them.
util::Result<core::PolicyOutcome> screen_notification(store::Tx& tx, const Deps& deps, const core::Notification& n);

// Sets n.group_key for groupable types ("<type>-<status_id>-<bucket>", "follow-<bucket>").
util::Status assign_group_key(store::Tx& tx, core::Notification& n);

// --- The policy API.

struct PolicyView {
  core::NotificationPolicy policy;
  store::NotificationRequestSummary summary;
};
util::Result<PolicyView> get_notification_policy(const Deps& deps, core::Id me);

// Absent fields are left as they are.
struct PolicyChange {
  std::optional<core::PolicyValue> for_not_following, for_not_followers, for_new_accounts, for_private_mentions,
      for_limited_accounts;
};
util::Result<PolicyView> update_notification_policy(const Deps& deps, core::Id me, const PolicyChange& change);

// --- Requests.

struct RequestView {
  core::NotificationRequest request;
  core::Account from;
  std::optional<StatusView> last_status;  // only when the viewer may see it
};
// Requests from suspended senders are skipped.
util::Result<std::vector<RequestView>> list_notification_requests(const Deps& deps, core::Id me,
                                                                  std::optional<core::Id> from_account_id,
                                                                  const core::PageRequest& page);
util::Result<RequestView> get_notification_request(const Deps& deps, core::Id me, core::Id id);

// Accepting: the sender's filtered notifications join the main list, later ones are no longer
// filtered, the request goes; one NotificationsMergedEvent after the commit. `strict`: an
// unknown id is not_found (single request); otherwise unknown ids are ignored (bulk).
util::Status accept_notification_requests(const Deps& deps, core::Id me, const std::vector<core::Id>& ids, bool strict);
// Dismissing: the request and its filtered notifications are deleted.
util::Status dismiss_notification_requests(const Deps& deps, core::Id me, const std::vector<core::Id>& ids, bool strict);

}  // namespace parloir::services
