// SqliteNotificationRepo, Mastodon 4.3 part: group keys, per-group stats, notification policies,
// requests and permissions (migration 11). Every query seeks an index: notifications_group
// (account_id, group_key, id), notifications_filtered (account_id, from_account_id, id) where
// filtered, notification_requests (account_id, from_account_id) and its (account_id, id DESC).
#include "store/sqlite/social_repos.h"

namespace parloir::store::sqlite {

namespace {

#define PARLOIR_GROUPED_COLUMNS "id, account_id, from_account_id, type, status_id, created_at, group_key, filtered"

constexpr int kTypeCount = static_cast<int>(core::NotificationType::update) + 1;

core::Notification read_grouped(const Stmt& st) {
  core::Notification n;
  n.id = st.col_int(0);
  n.account_id = st.col_int(1);
  n.from_account_id = st.col_int(2);
  std::int64_t t = st.col_int(3);
  n.type = t >= 0 && t < kTypeCount ? static_cast<core::NotificationType>(t) : core::NotificationType::mention;
  n.status_id = st.col_opt_int(4);
  n.created_at = st.col_int(5);
  n.group_key = st.col_opt_text(6);
  n.filtered = st.col_bool(7);
  return n;
}

std::int64_t mask_of(const NotificationFilter& filter) {
  std::int64_t mask = 0;
  if (filter.types.empty()) {
    mask = (std::int64_t{1} << kTypeCount) - 1;
  } else {
    for (auto t : filter.types) mask |= std::int64_t{1} << static_cast<int>(t);
  }
  for (auto t : filter.exclude_types) mask &= ~(std::int64_t{1} << static_cast<int>(t));
  return mask;
}

// Same shape as notification_repo.cpp's kList, reading the group columns.
constexpr PagedSql kListGrouped = PARLOIR_PAGED_SQL(
    "SELECT " PARLOIR_GROUPED_COLUMNS " FROM notifications WHERE account_id = ?1"
    " AND (?2 >> type) & 1 = 1 AND (?3 = 0 OR from_account_id = ?3) AND filtered <= ?4 AND id < ? AND id > ?",
    "id");

constexpr PagedSql kListGroup = PARLOIR_PAGED_SQL(
    "SELECT " PARLOIR_GROUPED_COLUMNS " FROM notifications WHERE account_id = ?1 AND group_key = ?2"
    " AND id < ? AND id > ?",
    "id");

constexpr PagedSql kListRequests = PARLOIR_PAGED_SQL(
    "SELECT id, account_id, from_account_id, last_status_id, notifications_count, created_at, updated_at"
    " FROM notification_requests WHERE account_id = ?1 AND (?2 = 0 OR from_account_id = ?2) AND id < ? AND id > ?",
    "id");

core::NotificationRequest read_request(const Stmt& st) {
  core::NotificationRequest r;
  r.id = st.col_int(0);
  r.account_id = st.col_int(1);
  r.from_account_id = st.col_int(2);
  r.last_status_id = st.col_opt_int(3);
  r.notifications_count = st.col_int(4);
  r.created_at = st.col_int(5);
  r.updated_at = st.col_int(6);
  return r;
}

core::PolicyValue policy_from_int(std::int64_t v) {
  if (v == 1) return core::PolicyValue::filter;
  if (v == 2) return core::PolicyValue::drop;
  return core::PolicyValue::accept;
}

}  // namespace

Result<std::optional<core::Notification>> SqliteNotificationRepo::latest_with_group_prefix(Id account_id,
                                                                                        std::string_view prefix) {
  // why: keys of one prefix differ only in the bucket, which grows with time and has the same
  // number of digits for centuries, so the greatest key is the newest group; then its newest row.
  std::string upper(prefix);
  upper += '~';  // sorts after every digit
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_GROUPED_COLUMNS " FROM notifications WHERE account_id = ?1"
                      " AND group_key > ?2 AND group_key < ?3 ORDER BY group_key DESC, id DESC LIMIT 1");
  st->bind_int(1, account_id).bind_text(2, prefix).bind_text(3, upper);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::Notification>();
  return std::optional<core::Notification>(read_grouped(*st));
}

Result<std::vector<core::Notification>> SqliteNotificationRepo::list_with_groups(Id account_id,
                                                                                 const NotificationFilter& filter,
                                                                                 const PageRequest& page) {
  std::vector<core::Notification> out;
  const std::int64_t mask = mask_of(filter);
  if (mask == 0) return out;
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, kListGrouped.pick(b));
  st->bind_int(1, account_id).bind_int(2, mask).bind_int(3, filter.from_account_id.value_or(0));
  st->bind_int(4, filter.include_filtered || filter.from_account_id ? 1 : 0);
  bind_page(*st, 5, b);
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(read_grouped(*st)); }));
  newest_first(out, b);
  return out;
}

Result<NotificationGroupStats> SqliteNotificationRepo::group_stats(Id account_id, std::string_view group_key,
                                                                   Id max_id, Id lower_bound, int samples) {
  NotificationGroupStats stats;
  {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT id, from_account_id, created_at FROM notifications WHERE account_id = ?1"
                        " AND group_key = ?2 AND id <= ?3 ORDER BY id DESC LIMIT ?4");
    st->bind_int(1, account_id).bind_text(2, group_key).bind_int(3, max_id).bind_int(4, samples);
    PARLOIR_SQL_TRY(each_row(*st, [&] {
      if (stats.most_recent_id == 0) {
        stats.most_recent_id = st->col_int(0);
        stats.latest_at = st->col_int(2);
      }
      stats.sample_account_ids.push_back(st->col_int(1));
    }));
  }
  {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT count(*) FROM notifications WHERE account_id = ?1 AND group_key = ?2 AND id <= ?3");
    st->bind_int(1, account_id).bind_text(2, group_key).bind_int(3, max_id);
    auto n = single_int(*st);
    if (!n) return util::fail(std::move(n.error()));
    stats.count = *n;
  }
  {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT id FROM notifications WHERE account_id = ?1 AND group_key = ?2 AND id >= ?3"
                        " ORDER BY id ASC LIMIT 1");
    st->bind_int(1, account_id).bind_text(2, group_key).bind_int(3, lower_bound);
    auto n = single_int(*st);
    if (!n) return util::fail(std::move(n.error()));
    stats.min_id_in_page = *n;
  }
  return stats;
}

Result<std::vector<core::Notification>> SqliteNotificationRepo::list_group(Id account_id, std::string_view group_key,
                                                                           const PageRequest& page) {
  std::vector<core::Notification> out;
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, kListGroup.pick(b));
  st->bind_int(1, account_id).bind_text(2, group_key);
  bind_page(*st, 3, b);
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(read_grouped(*st)); }));
  newest_first(out, b);
  return out;
}

Result<std::int64_t> SqliteNotificationRepo::dismiss_group(Id account_id, std::string_view group_key) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM notifications WHERE account_id = ?1 AND group_key = ?2");
  st->bind_int(1, account_id).bind_text(2, group_key);
  PARLOIR_SQL_TRY(st->run());
  return static_cast<std::int64_t>(conn_.changes());
}

Result<std::optional<core::NotificationPolicy>> SqliteNotificationRepo::find_policy(Id account_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT for_not_following, for_not_followers, for_new_accounts, for_private_mentions,"
                      " for_limited_accounts FROM notification_policies WHERE account_id = ?");
  st->bind_int(1, account_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::NotificationPolicy>();
  core::NotificationPolicy p;
  p.for_not_following = policy_from_int(st->col_int(0));
  p.for_not_followers = policy_from_int(st->col_int(1));
  p.for_new_accounts = policy_from_int(st->col_int(2));
  p.for_private_mentions = policy_from_int(st->col_int(3));
  p.for_limited_accounts = policy_from_int(st->col_int(4));
  return std::optional<core::NotificationPolicy>(p);
}

Status SqliteNotificationRepo::save_policy(Id account_id, const core::NotificationPolicy& p) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO notification_policies (account_id, for_not_following, for_not_followers,"
                      " for_new_accounts, for_private_mentions, for_limited_accounts) VALUES (?, ?, ?, ?, ?, ?)"
                      " ON CONFLICT (account_id) DO UPDATE SET for_not_following = excluded.for_not_following,"
                      " for_not_followers = excluded.for_not_followers, for_new_accounts = excluded.for_new_accounts,"
                      " for_private_mentions = excluded.for_private_mentions,"
                      " for_limited_accounts = excluded.for_limited_accounts");
  st->bind_int(1, account_id)
      .bind_int(2, static_cast<int>(p.for_not_following))
      .bind_int(3, static_cast<int>(p.for_not_followers))
      .bind_int(4, static_cast<int>(p.for_new_accounts))
      .bind_int(5, static_cast<int>(p.for_private_mentions))
      .bind_int(6, static_cast<int>(p.for_limited_accounts));
  return st->run();
}

Status SqliteNotificationRepo::note_filtered(Id new_id, Id account_id, Id from, std::optional<Id> status_id,
                                             std::int64_t now_ms) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO notification_requests (id, account_id, from_account_id, last_status_id,"
                      " notifications_count, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)"
                      " ON CONFLICT (account_id, from_account_id) DO UPDATE SET"
                      " notifications_count = notifications_count + 1, updated_at = excluded.updated_at,"
                      " last_status_id = coalesce(excluded.last_status_id, last_status_id)");
  bind_id(*st, 1, new_id);
  st->bind_int(2, account_id).bind_int(3, from).bind_opt_int(4, status_id).bind_int(5, now_ms);
  return st->run();
}

Result<std::vector<core::NotificationRequest>> SqliteNotificationRepo::list_requests(Id account_id,
                                                                                     std::optional<Id> from_account_id,
                                                                                     const PageRequest& page) {
  std::vector<core::NotificationRequest> out;
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, kListRequests.pick(b));
  st->bind_int(1, account_id).bind_int(2, from_account_id.value_or(0));
  bind_page(*st, 3, b);
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(read_request(*st)); }));
  newest_first(out, b);
  return out;
}

Result<std::optional<core::NotificationRequest>> SqliteNotificationRepo::find_request(Id account_id, Id id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT id, account_id, from_account_id, last_status_id, notifications_count, created_at,"
                      " updated_at FROM notification_requests WHERE id = ? AND account_id = ?");
  st->bind_int(1, id).bind_int(2, account_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::NotificationRequest>();
  return std::optional<core::NotificationRequest>(read_request(*st));
}

Result<bool> SqliteNotificationRepo::delete_request(Id account_id, Id id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM notification_requests WHERE id = ? AND account_id = ?");
  st->bind_int(1, id).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::int64_t> SqliteNotificationRepo::unfilter_from(Id account_id, Id from) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE notifications SET filtered = 0 WHERE account_id = ? AND from_account_id = ? AND filtered = 1");
  st->bind_int(1, account_id).bind_int(2, from);
  PARLOIR_SQL_TRY(st->run());
  return static_cast<std::int64_t>(conn_.changes());
}

Result<std::int64_t> SqliteNotificationRepo::delete_filtered_from(Id account_id, Id from) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "DELETE FROM notifications WHERE account_id = ? AND from_account_id = ? AND filtered = 1");
  st->bind_int(1, account_id).bind_int(2, from);
  PARLOIR_SQL_TRY(st->run());
  return static_cast<std::int64_t>(conn_.changes());
}

Status SqliteNotificationRepo::add_permission(Id account_id, Id from, std::int64_t now_ms) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT OR IGNORE INTO notification_permissions (account_id, from_account_id, created_at)"
                      " VALUES (?, ?, ?)");
  st->bind_int(1, account_id).bind_int(2, from).bind_int(3, now_ms);
  return st->run();
}

Result<bool> SqliteNotificationRepo::has_permission(Id account_id, Id from) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT 1 FROM notification_permissions WHERE account_id = ? AND from_account_id = ?");
  st->bind_int(1, account_id).bind_int(2, from);
  auto n = single_int(*st);
  if (!n) return util::fail(std::move(n.error()));
  return *n == 1;
}

Result<NotificationRequestSummary> SqliteNotificationRepo::request_summary(Id account_id) {
  NotificationRequestSummary s;
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT count(*), coalesce(sum(notifications_count), 0) FROM (SELECT notifications_count"
                      " FROM notification_requests WHERE account_id = ? LIMIT 100)");
  st->bind_int(1, account_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (*row) {
    s.requests = st->col_int(0);
    s.notifications = st->col_int(1);
  }
  return s;
}

#undef PARLOIR_GROUPED_COLUMNS

}  // namespace parloir::store::sqlite
