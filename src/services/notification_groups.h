// Mastodon 4.3 grouped notifications (GET /api/v2/notifications and friends). A group is the
// notifications sharing a group key (favourites or reblogs of one status, or follows, within a
// bucket of hours); other notifications, and types the client did not ask to group, are
// groups of one ("ungrouped-<id>"). Pages count groups: the newest notification of each group
// below the cursor stands for it, as Mastodon's paginate_groups. Visibility is
// notifications.h's (notification_views): a notification whose status the recipient may not
// see, or whose sender is suspended, neither forms nor shows a group.
// Blocking: call from the blocking pool.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/notifications.h"

namespace parloir::services {

struct NotificationGroupView {
  std::string group_key;
  NotificationView latest;  // the notification standing for the group (type, status)
  std::int64_t notifications_count = 1;
  core::Id most_recent_id = 0;
  core::Id page_min_id = 0;
  core::Id page_max_id = 0;
  std::int64_t latest_page_at = 0;
  std::vector<core::Account> sample_accounts;  // newest first, at most 8, suspended ones left out
};

struct GroupedQuery {
  store::NotificationFilter filter;
  std::vector<core::NotificationType> grouped_types;  // the types that group (callers default it)
  core::PageRequest page;                             // limit counts groups
};

// Groups newest first.
util::Result<std::vector<NotificationGroupView>> list_notification_groups(const Deps& deps, core::Id me,
                                                                          const GroupedQuery& query);
// One group by key ("ungrouped-<id>" or a stored key); not_found when it has no visible notification.
util::Result<NotificationGroupView> get_notification_group(const Deps& deps, core::Id me, std::string_view key);
// The senders of a group's notifications, newest first, paged by notification id (the cursor
// of each is returned alongside).
util::Result<std::vector<std::pair<core::Id, core::Account>>> notification_group_accounts(
    const Deps& deps, core::Id me, std::string_view key, const core::PageRequest& page);
// Deletes every notification of the group (nothing to delete is not an error, as Mastodon).
util::Status dismiss_notification_group(const Deps& deps, core::Id me, std::string_view key);
// Groups (of the notifications `filter` lets through) newer than the account's
// `notifications` marker, at most `limit`.
util::Result<std::int64_t> unread_notification_groups(const Deps& deps, core::Id me, int limit,
                                                       const store::NotificationFilter& filter,
                                                       const std::vector<core::NotificationType>& grouped_types);
// Notifications newer than the marker, at most `limit` (v1 unread_count).
util::Result<std::int64_t> unread_notifications(const Deps& deps, core::Id me, int limit);

}  // namespace parloir::services
