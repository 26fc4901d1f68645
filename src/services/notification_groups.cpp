#include "services/notification_groups.h"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "core/notifications.h"

namespace parloir::services {

using util::fail;

namespace {

constexpr int kSampleAccounts = 8;  // Mastodon's NotificationGroup::SAMPLE_ACCOUNTS_SIZE
constexpr std::string_view kUngrouped = "ungrouped-";

bool grouped_type(const std::vector<core::NotificationType>& types, core::NotificationType t) {
  return std::find(types.begin(), types.end(), t) != types.end();
}

// The key a notification counts under for this listing.
std::string effective_key(const core::Notification& n, const std::vector<core::NotificationType>& grouped_types) {
  if (n.group_key && grouped_type(grouped_types, n.type)) return *n.group_key;
  return std::string(kUngrouped) + core::id_string(n.id);
}

// Walks the recipient's notifications from the query's cursor (newest first, or oldest first
// with min_id) and keeps the first visible one of each group, up to `limit` groups. Returns
// them newest first.
util::Result<std::vector<NotificationView>> representatives(store::Tx& tx, const Deps& deps, core::Id me,
                                                            const GroupedQuery& q, std::vector<std::string>& keys) {
  std::vector<NotificationView> reps;
  const std::size_t limit = static_cast<std::size_t>(std::max(q.page.limit, 0));
  if (limit == 0) return reps;
  std::unordered_set<std::string> seen;
  const bool ascending = q.page.min_id.has_value();
  core::PageRequest cursor = q.page;
  // why: a batch larger than the page absorbs groups with many members without re-querying.
  cursor.limit = static_cast<int>(std::min<std::size_t>(400, std::max<std::size_t>(limit * 2, 40)));
  for (;;) {
    auto rows = tx.notifications().list_with_groups(me, q.filter, cursor);
    if (!rows) return fail(rows.error());
    if (rows->empty()) break;
    if (ascending) std::reverse(rows->begin(), rows->end());  // walk oldest first
    // Only notifications that could start a group need a view.
    std::vector<core::Notification> fresh;
    std::vector<std::string> fresh_keys;
    for (const auto& n : *rows) {
      std::string key = effective_key(n, q.grouped_types);
      if (seen.count(key)) continue;
      fresh.push_back(n);
      fresh_keys.push_back(std::move(key));
    }
    auto views = notification_views(tx, deps, me, fresh);
    if (!views) return fail(views.error());
    std::size_t vi = 0;
    for (std::size_t i = 0; i < fresh.size() && reps.size() < limit; ++i) {
      if (vi >= views->size() || (*views)[vi].notification.id != fresh[i].id) continue;  // not visible
      NotificationView& v = (*views)[vi++];
      if (!seen.insert(fresh_keys[i]).second) continue;
      v.notification.group_key = fresh[i].group_key;
      keys.push_back(fresh_keys[i]);
      reps.push_back(std::move(v));
    }
    if (reps.size() >= limit || rows->size() < static_cast<std::size_t>(cursor.limit)) break;
    if (ascending)
      cursor.min_id = rows->back().id;
    else
      cursor.max_id = rows->back().id;
    cursor.since_id = ascending ? std::nullopt : q.page.since_id;
  }
  if (ascending) {
    std::reverse(reps.begin(), reps.end());
    std::reverse(keys.begin(), keys.end());
  }
  return reps;
}

// Fills counts, samples and page bounds of each group over the notifications with ids in
// [lower, upper] (Mastodon's pagination_range).
util::Result<std::vector<NotificationGroupView>> build_groups(store::Tx& tx, core::Id me,
                                                              std::vector<NotificationView> reps,
                                                              const std::vector<std::string>& keys, core::Id lower,
                                                              core::Id upper) {
  std::vector<NotificationGroupView> out;
  std::vector<store::NotificationGroupStats> stats(reps.size());
  std::vector<core::Id> account_ids;
  for (std::size_t i = 0; i < reps.size(); ++i) {
    if (keys[i].rfind(kUngrouped, 0) == 0) continue;
    auto s = tx.notifications().group_stats(me, keys[i], upper, lower, kSampleAccounts);
    if (!s) return fail(s.error());
    stats[i] = std::move(*s);
    account_ids.insert(account_ids.end(), stats[i].sample_account_ids.begin(), stats[i].sample_account_ids.end());
  }
  std::unordered_map<core::Id, core::Account> accounts;
  if (!account_ids.empty()) {
    std::sort(account_ids.begin(), account_ids.end());
    account_ids.erase(std::unique(account_ids.begin(), account_ids.end()), account_ids.end());
    auto found = tx.accounts().find_by_ids(account_ids);
    if (!found) return fail(found.error());
    for (auto& a : *found) accounts.emplace(a.id, std::move(a));
  }
  for (std::size_t i = 0; i < reps.size(); ++i) {
    NotificationGroupView g;
    g.group_key = keys[i];
    const core::Notification& n = reps[i].notification;
    if (g.group_key.rfind(kUngrouped, 0) == 0 || stats[i].most_recent_id == 0) {
      g.most_recent_id = g.page_min_id = g.page_max_id = n.id;
      g.latest_page_at = n.created_at;
      g.sample_accounts.push_back(reps[i].from);
    } else {
      const auto& s = stats[i];
      g.notifications_count = s.count;
      g.most_recent_id = g.page_max_id = s.most_recent_id;
      g.page_min_id = s.min_id_in_page ? s.min_id_in_page : n.id;
      g.latest_page_at = s.latest_at;
      for (core::Id a : s.sample_account_ids) {
        auto it = accounts.find(a);
        if (it != accounts.end() && !it->second.suspended()) g.sample_accounts.push_back(it->second);
      }
      if (g.sample_accounts.empty()) g.sample_accounts.push_back(reps[i].from);
    }
    g.latest = std::move(reps[i]);
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

util::Result<std::vector<NotificationGroupView>> list_notification_groups(const Deps& deps, core::Id me,
                                                                          const GroupedQuery& q) {
  std::vector<NotificationGroupView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    std::vector<std::string> keys;
    auto reps = representatives(tx, deps, me, q, keys);
    if (!reps) return fail(reps.error());
    if (reps->empty()) return {};
    core::Id lower = reps->back().notification.id, upper = reps->front().notification.id;
    // An incomplete page is the last one: its range runs to the cursor (Mastodon's
    // load_grouped_notifications).
    if (static_cast<int>(reps->size()) < q.page.limit) {
      if (q.page.min_id) {
        upper = q.page.max_id ? *q.page.max_id - 1 : std::numeric_limits<core::Id>::max();
      } else {
        lower = q.page.since_id ? *q.page.since_id + 1 : 0;
      }
    }
    auto groups = build_groups(tx, me, std::move(*reps), keys, lower, upper);
    if (!groups) return fail(groups.error());
    out = std::move(*groups);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

namespace {

// The newest notification of a key (either kind), or nullopt.
util::Result<std::optional<core::Notification>> newest_of(store::Tx& tx, core::Id me, std::string_view key) {
  if (key.rfind(kUngrouped, 0) == 0) {
    auto id = core::parse_id(key.substr(kUngrouped.size()));
    if (!id) return std::optional<core::Notification>();
    return tx.notifications().find(me, *id);
  }
  core::PageRequest one;
  one.limit = 1;
  auto rows = tx.notifications().list_group(me, key, one);
  if (!rows) return fail(rows.error());
  if (rows->empty()) return std::optional<core::Notification>();
  return std::optional<core::Notification>(std::move(rows->front()));
}

}  // namespace

util::Result<NotificationGroupView> get_notification_group(const Deps& deps, core::Id me, std::string_view key) {
  std::optional<NotificationGroupView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto n = newest_of(tx, me, key);
    if (!n) return fail(n.error());
    if (!*n) return {};
    auto views = notification_views(tx, deps, me, {**n});
    if (!views) return fail(views.error());
    if (views->empty()) return {};
    (*views)[0].notification.group_key = (*n)->group_key;
    std::vector<std::string> keys{std::string(key)};
    auto groups = build_groups(tx, me, std::move(*views), keys, 0, std::numeric_limits<core::Id>::max());
    if (!groups) return fail(groups.error());
    out = std::move(groups->front());
    return {};
  });
  if (!st) return fail(st.error());
  if (!out) return fail(util::ErrorCode::not_found, "Record not found");
  return std::move(*out);
}

util::Result<std::vector<std::pair<core::Id, core::Account>>> notification_group_accounts(
    const Deps& deps, core::Id me, std::string_view key, const core::PageRequest& page) {
  std::vector<std::pair<core::Id, core::Account>> out;
  bool found = false;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    std::vector<core::Notification> rows;
    if (key.rfind(kUngrouped, 0) == 0) {
      auto n = newest_of(tx, me, key);
      if (!n) return fail(n.error());
      if (*n) rows.push_back(std::move(**n));
    } else {
      auto list = tx.notifications().list_group(me, key, page);
      if (!list) return fail(list.error());
      rows = std::move(*list);
    }
    if (rows.empty()) {
      auto any = newest_of(tx, me, key);
      if (!any) return fail(any.error());
      found = any->has_value();
      return {};
    }
    found = true;
    // Same visibility as the group itself: the status is shared by the group.
    auto views = notification_views(tx, deps, me, rows);
    if (!views) return fail(views.error());
    for (auto& v : *views) out.emplace_back(v.notification.id, std::move(v.from));
    return {};
  });
  if (!st) return fail(st.error());
  if (!found) return fail(util::ErrorCode::not_found, "Record not found");
  return out;
}

util::Status dismiss_notification_group(const Deps& deps, core::Id me, std::string_view key) {
  return deps.store.write([&](store::Tx& tx) -> util::Status {
    if (key.rfind(kUngrouped, 0) == 0) {
      auto id = core::parse_id(key.substr(kUngrouped.size()));
      if (!id) return {};
      auto r = tx.notifications().dismiss(me, *id);
      if (!r) return fail(r.error());
      return {};
    }
    auto r = tx.notifications().dismiss_group(me, key);
    if (!r) return fail(r.error());
    return {};
  });
}

namespace {

util::Result<core::Id> notifications_marker(store::Tx& tx, core::Id me) {
  auto m = tx.markers().find(me, {"notifications"});
  if (!m) return fail(m.error());
  return m->empty() ? core::Id{0} : m->front().last_read_id;
}

}  // namespace

util::Result<std::int64_t> unread_notification_groups(const Deps& deps, core::Id me, int limit,
                                                       const store::NotificationFilter& filter,
                                                       const std::vector<core::NotificationType>& grouped_types) {
  std::int64_t count = 0;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto marker = notifications_marker(tx, me);
    if (!marker) return fail(marker.error());
    GroupedQuery q;
    q.filter = filter;
    q.grouped_types = grouped_types;
    q.page.min_id = *marker;
    q.page.limit = limit;
    std::vector<std::string> keys;
    auto reps = representatives(tx, deps, me, q, keys);
    if (!reps) return fail(reps.error());
    count = static_cast<std::int64_t>(reps->size());
    return {};
  });
  if (!st) return fail(st.error());
  return count;
}

util::Result<std::int64_t> unread_notifications(const Deps& deps, core::Id me, int limit) {
  std::int64_t count = 0;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto marker = notifications_marker(tx, me);
    if (!marker) return fail(marker.error());
    auto n = tx.notifications().count_since(me, *marker);
    if (!n) return fail(n.error());
    count = std::min<std::int64_t>(*n, limit);
    return {};
  });
  if (!st) return fail(st.error());
  return count;
}

}  // namespace parloir::services
