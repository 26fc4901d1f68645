#include "services/notifications.h"

#include <algorithm>
#include <unordered_map>

#include "services/reads.h"
#include "services/view_cache.h"

namespace parloir::services {

using util::fail;

namespace {

util::Result<std::vector<NotificationView>> views_for(store::Tx& tx, const Deps& deps, core::Id viewer,
                                                      const std::vector<core::Notification>& list) {
  std::vector<core::Id> actor_ids, status_ids;
  for (const auto& n : list) {
    actor_ids.push_back(n.from_account_id);
    if (n.status_id) status_ids.push_back(*n.status_id);
  }
  // why: actors and statuses through the ViewCache (callgrind: reading 40 actors and 40
  // statuses from SQLite, and serialising the actors afresh without a version for the
  // RenderCache, were most of a page's cost; Mastodon's notification pages repeat the same
  // few actors and statuses).
  std::unordered_map<core::Id, Versioned<core::Account>> actor_by_id;
  std::vector<core::Id> missing;
  for (core::Id id : actor_ids) {
    if (actor_by_id.count(id)) continue;
    if (auto c = deps.views.account(id))
      actor_by_id.emplace(id, std::move(*c));
    else
      missing.push_back(id);
  }
  if (!missing.empty()) {
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    auto actors = tx.accounts().find_by_ids(missing);
    if (!actors) return fail(actors.error());
    for (auto& a : *actors) {
      core::Id id = a.id;
      actor_by_id.emplace(id, deps.views.put_account(std::move(a)));
    }
  }
  auto statuses = fetch_statuses(tx, deps, status_ids);
  if (!statuses) return fail(statuses.error());
  auto views = load_views(tx, deps, Viewer{viewer}, *statuses, ViewPurpose::direct);
  if (!views) return fail(views.error());
  std::unordered_map<core::Id, StatusView> view_by_id;
  for (auto& v : *views) view_by_id.emplace(v.status.id, std::move(v));
  std::vector<NotificationView> out;
  for (const auto& n : list) {
    auto a = actor_by_id.find(n.from_account_id);
    if (a == actor_by_id.end() || a->second.value->suspended()) continue;
    NotificationView nv{n, *a->second.value, std::nullopt, a->second.version};
    if (n.status_id) {
      auto v = view_by_id.find(*n.status_id);
      if (v == view_by_id.end()) continue;
      nv.status = v->second;
    }
    out.push_back(std::move(nv));
  }
  return out;
}

}  // namespace

util::Result<std::vector<NotificationView>> list_notifications(const Deps& deps, core::Id viewer,
                                                               const store::NotificationFilter& filter,
                                                               const core::PageRequest& page) {
  return read_page_views(
      deps, [&](store::Tx& tx) { return tx.notifications().list(viewer, filter, page); },
      [&](store::Tx& tx, const std::vector<core::Notification>& list) { return views_for(tx, deps, viewer, list); });
}

util::Result<NotificationView> get_notification(const Deps& deps, core::Id viewer, core::Id id) {
  return read_found_view(
      deps, [&](store::Tx& tx) { return tx.notifications().find(viewer, id); },
      [&](store::Tx& tx, const std::vector<core::Notification>& list) { return views_for(tx, deps, viewer, list); });
}

util::Status dismiss_notification(const Deps& deps, core::Id viewer, core::Id id) {
  return deps.store.write([&](store::Tx& tx) -> util::Status {
    auto r = tx.notifications().dismiss(viewer, id);
    if (!r) return fail(r.error());
    if (!*r) return fail(util::ErrorCode::not_found, "Record not found");
    return {};
  });
}

util::Result<std::vector<NotificationView>> notification_views(store::Tx& tx, const Deps& deps, core::Id viewer,
                                                               const std::vector<core::Notification>& list) {
  return views_for(tx, deps, viewer, list);
}

util::Status clear_notifications(const Deps& deps, core::Id viewer) {
  return deps.store.write([&](store::Tx& tx) { return tx.notifications().clear(viewer); });
}

}  // namespace parloir::services
