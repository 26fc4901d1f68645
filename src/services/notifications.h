// Notification use cases: listing (with the status each refers to, as the recipient may see
// it), fetching one, dismissing, clearing. Blocking: call from the blocking pool.
#pragma once

#include <optional>
#include <vector>

#include "services/status_views.h"

namespace parloir::services {

struct NotificationView {
  core::Notification notification;
  core::Account from;
  std::optional<StatusView> status;
  std::uint64_t from_version = 0;  // ViewCache version of `from` (0 = not from the cache)
};

// Notifications whose status is gone or no longer visible, or whose actor is suspended, are skipped.
util::Result<std::vector<NotificationView>> list_notifications(const Deps& deps, core::Id viewer,
                                                               const store::NotificationFilter& filter,
                                                               const core::PageRequest& page);
util::Result<NotificationView> get_notification(const Deps& deps, core::Id viewer, core::Id id);
util::Status dismiss_notification(const Deps& deps, core::Id viewer, core::Id id);
util::Status clear_notifications(const Deps& deps, core::Id viewer);

// The views of `list` (order kept) under the same rules as list_notifications, inside the
// caller's transaction: the one place notifications meet visibility (grouped listings use it).
util::Result<std::vector<NotificationView>> notification_views(store::Tx& tx, const Deps& deps, core::Id viewer,
                                                               const std::vector<core::Notification>& list);

}  // namespace parloir::services
