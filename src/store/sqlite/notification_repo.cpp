// SqliteNotificationRepo: the notifications table. Type filters are a bit mask of enumerator
// values bound into one constant statement, so every filter combination shares it.
#include "store/sqlite/social_repos.h"

namespace parloir::store::sqlite {

namespace {

#define PARLOIR_NOTIFICATION_COLUMNS "id, account_id, from_account_id, type, status_id, created_at"

constexpr int kTypeCount = static_cast<int>(core::NotificationType::update) + 1;
static_assert(kTypeCount < 62, "type masks are 64-bit integers");

core::NotificationType type_from_int(std::int64_t v) {
  if (v < 0 || v >= kTypeCount) return core::NotificationType::mention;
  return static_cast<core::NotificationType>(v);
}

core::Notification read_notification(const Stmt& st) {
  core::Notification n;
  n.id = st.col_int(0);
  n.account_id = st.col_int(1);
  n.from_account_id = st.col_int(2);
  n.type = type_from_int(st.col_int(3));
  n.status_id = st.col_opt_int(4);
  n.created_at = st.col_int(5);
  return n;
}

std::int64_t type_bit(core::NotificationType t) { return std::int64_t{1} << static_cast<int>(t); }

// The types the filter lets through, as a bit mask.
std::int64_t type_mask(const NotificationFilter& filter) {
  std::int64_t mask = 0;
  if (filter.types.empty()) {
    mask = (std::int64_t{1} << kTypeCount) - 1;
  } else {
    for (auto t : filter.types) mask |= type_bit(t);
  }
  for (auto t : filter.exclude_types) mask &= ~type_bit(t);
  return mask;
}

// ?1 = recipient, ?2 = type mask, ?3 = from account (0 = anyone), ?4 = 1 to include filtered
// ones, then the page bounds.
constexpr PagedSql kList = PARLOIR_PAGED_SQL(
    "SELECT " PARLOIR_NOTIFICATION_COLUMNS " FROM notifications WHERE account_id = ?1"
    " AND (?2 >> type) & 1 = 1 AND (?3 = 0 OR from_account_id = ?3) AND filtered <= ?4 AND id < ? AND id > ?",
    "id");

}  // namespace

Status SqliteNotificationRepo::insert(const core::Notification& n) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO notifications (" PARLOIR_NOTIFICATION_COLUMNS
                      ", group_key, filtered) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  bind_id(*st, 1, n.id);
  st->bind_int(2, n.account_id).bind_int(3, n.from_account_id).bind_int(4, static_cast<int>(n.type));
  st->bind_opt_int(5, n.status_id).bind_int(6, n.created_at);
  if (n.group_key) st->bind_text(7, *n.group_key); else st->bind_null(7);
  st->bind_bool(8, n.filtered);
  return st->run();
}

Result<std::optional<core::Notification>> SqliteNotificationRepo::find(Id account_id, Id id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_NOTIFICATION_COLUMNS ", group_key, filtered FROM notifications"
                      " WHERE id = ? AND account_id = ?");
  st->bind_int(1, id).bind_int(2, account_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::Notification>();
  core::Notification n = read_notification(*st);
  n.group_key = st->col_opt_text(6);
  n.filtered = st->col_bool(7);
  return std::optional<core::Notification>(std::move(n));
}

Result<std::vector<core::Notification>> SqliteNotificationRepo::list(Id account_id, const NotificationFilter& filter,
                                                                     const PageRequest& page) {
  std::vector<core::Notification> out;
  const std::int64_t mask = type_mask(filter);
  if (mask == 0) return out;
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, kList.pick(b));
  st->bind_int(1, account_id).bind_int(2, mask).bind_int(3, filter.from_account_id.value_or(0));
  st->bind_int(4, filter.include_filtered || filter.from_account_id ? 1 : 0);
  bind_page(*st, 5, b);
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(read_notification(*st)); }));
  newest_first(out, b);
  return out;
}

Result<bool> SqliteNotificationRepo::dismiss(Id account_id, Id id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM notifications WHERE id = ? AND account_id = ?");
  st->bind_int(1, id).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Status SqliteNotificationRepo::clear(Id account_id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM notifications WHERE account_id = ?");
  st->bind_int(1, account_id);
  return st->run();
}

Status SqliteNotificationRepo::remove_matching(Id account_id, Id from_account_id, core::NotificationType type,
                                               std::optional<Id> status_id) {
  PARLOIR_SQL_TRY(check_writable());
  // why: with a status, seek notifications_status (few rows per status) rather than scanning the
  // recipient's whole history; unary + keeps the planner off the other indexes.
  PARLOIR_SQL_PREPARE(st, conn_,
                      status_id ? "DELETE FROM notifications WHERE status_id = ?4 AND +account_id = ?1 "
                                  "AND +from_account_id = ?2 AND type = ?3"
                                : "DELETE FROM notifications WHERE account_id = ?1 AND from_account_id = ?2 "
                                  "AND type = ?3 AND status_id IS NULL");
  st->bind_int(1, account_id).bind_int(2, from_account_id).bind_int(3, static_cast<int>(type));
  if (status_id) st->bind_int(4, *status_id);
  return st->run();
}

Result<std::int64_t> SqliteNotificationRepo::count_since(Id account_id, Id since_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT count(*) FROM notifications WHERE account_id = ? AND id > ? AND filtered = 0");
  st->bind_int(1, account_id).bind_int(2, since_id);
  return single_int(*st);
}

#undef PARLOIR_NOTIFICATION_COLUMNS

}  // namespace parloir::store::sqlite
