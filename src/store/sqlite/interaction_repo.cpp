// SqliteInteractionRepo: favourites (with statuses.favourites_count), bookmarks, pins,
// conversation mutes, who reblogged a status, and a viewer's flags on many statuses.
//
// why: no savepoints here. In every two-statement write the first statement is the only one
// that can fail on input (uniqueness, unknown status); the counter update after it fails only on
// I/O errors, which abort the whole transaction anyway.
#include <unordered_map>

#include "store/sqlite/social_repos.h"

namespace parloir::store::sqlite {

namespace {

// Inserts (id, account_id, status_id, created_at) with `sql`; true when a row was added.
Result<bool> insert_link(Connection& conn, const char* sql, Id id, Id account_id, Id status_id,
                         std::int64_t created_at) {
  PARLOIR_SQL_PREPARE(st, conn, sql);
  bind_id(*st, 1, id);
  st->bind_int(2, account_id).bind_int(3, status_id).bind_int(4, created_at);
  PARLOIR_SQL_TRY(st->run());
  return conn.changes() > 0;
}

// A paged (cursor, item) query with one leading parameter.
Result<std::vector<Cursored<Id>>> paged_ids(Connection& conn, const PagedSql& sql, Id first, const PageRequest& page) {
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn, sql.pick(b));
  st->bind_int(1, first);
  bind_page(*st, 2, b);
  return cursored_ids(*st, b);
}

constexpr PagedSql kFavouritedBy = PARLOIR_PAGED_SQL(
    "SELECT id, account_id FROM favourites WHERE status_id = ? AND id < ? AND id > ?", "id");
constexpr PagedSql kFavourites = PARLOIR_PAGED_SQL(
    "SELECT id, status_id FROM favourites WHERE account_id = ? AND id < ? AND id > ?", "id");
constexpr PagedSql kBookmarks = PARLOIR_PAGED_SQL(
    "SELECT id, status_id FROM bookmarks WHERE account_id = ? AND id < ? AND id > ?", "id");
constexpr PagedSql kRebloggedBy = PARLOIR_PAGED_SQL(
    "SELECT id, account_id FROM statuses INDEXED BY statuses_reblog WHERE reblog_of_id = ? AND id < ? AND id > ?",
    "id");

Status bump_status(Connection& conn, const char* sql, Id status_id) {
  PARLOIR_SQL_PREPARE(st, conn, sql);
  st->bind_int(1, status_id);
  return st->run();
}

}  // namespace

Result<bool> SqliteInteractionRepo::changed_one(const char* sql, Id account_id, Id other_id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, sql);
  st->bind_int(1, account_id).bind_int(2, other_id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

// ---- favourites -------------------------------------------------------------------------------

Result<bool> SqliteInteractionRepo::insert_favourite(Id id, Id account_id, Id status_id, std::int64_t created_at) {
  PARLOIR_SQL_TRY(check_writable());
  auto added = insert_link(conn_,
                           "INSERT INTO favourites (id, account_id, status_id, created_at) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT (account_id, status_id) DO NOTHING",
                           id, account_id, status_id, created_at);
  if (!added || !*added) return added;
  PARLOIR_SQL_TRY(
      bump_status(conn_, "UPDATE statuses SET favourites_count = favourites_count + 1 WHERE id = ?", status_id));
  return true;
}

Result<bool> SqliteInteractionRepo::remove_favourite(Id account_id, Id status_id) {
  auto removed = changed_one("DELETE FROM favourites WHERE account_id = ? AND status_id = ?", account_id, status_id);
  if (!removed || !*removed) return removed;
  PARLOIR_SQL_TRY(bump_status(
      conn_, "UPDATE statuses SET favourites_count = max(favourites_count - 1, 0) WHERE id = ?", status_id));
  return true;
}

Result<std::vector<Cursored<Id>>> SqliteInteractionRepo::list_favourited_by(Id status_id, const PageRequest& page) {
  return paged_ids(conn_, kFavouritedBy, status_id, page);
}

Result<std::vector<Cursored<Id>>> SqliteInteractionRepo::list_favourites(Id account_id, const PageRequest& page) {
  return paged_ids(conn_, kFavourites, account_id, page);
}

// ---- bookmarks and pins -----------------------------------------------------------------------

Result<bool> SqliteInteractionRepo::insert_bookmark(Id id, Id account_id, Id status_id, std::int64_t created_at) {
  PARLOIR_SQL_TRY(check_writable());
  return insert_link(conn_,
                     "INSERT INTO bookmarks (id, account_id, status_id, created_at) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (account_id, status_id) DO NOTHING",
                     id, account_id, status_id, created_at);
}

Result<bool> SqliteInteractionRepo::remove_bookmark(Id account_id, Id status_id) {
  return changed_one("DELETE FROM bookmarks WHERE account_id = ? AND status_id = ?", account_id, status_id);
}

Result<std::vector<Cursored<Id>>> SqliteInteractionRepo::list_bookmarks(Id account_id, const PageRequest& page) {
  return paged_ids(conn_, kBookmarks, account_id, page);
}

Result<bool> SqliteInteractionRepo::insert_pin(Id id, Id account_id, Id status_id, std::int64_t created_at) {
  PARLOIR_SQL_TRY(check_writable());
  return insert_link(conn_,
                     "INSERT INTO status_pins (id, account_id, status_id, created_at) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (account_id, status_id) DO NOTHING",
                     id, account_id, status_id, created_at);
}

Result<bool> SqliteInteractionRepo::remove_pin(Id account_id, Id status_id) {
  return changed_one("DELETE FROM status_pins WHERE account_id = ? AND status_id = ?", account_id, status_id);
}

Result<std::int64_t> SqliteInteractionRepo::count_pins(Id account_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT count(*) FROM status_pins WHERE account_id = ?");
  st->bind_int(1, account_id);
  return single_int(*st);
}

// ---- conversation mutes -----------------------------------------------------------------------

Result<bool> SqliteInteractionRepo::insert_conversation_mute(Id account_id, Id conversation_id) {
  return changed_one("INSERT INTO conversation_mutes (account_id, conversation_id) VALUES (?, ?) "
                     "ON CONFLICT DO NOTHING",
                     account_id, conversation_id);
}

Result<bool> SqliteInteractionRepo::remove_conversation_mute(Id account_id, Id conversation_id) {
  return changed_one("DELETE FROM conversation_mutes WHERE account_id = ? AND conversation_id = ?", account_id,
                     conversation_id);
}

// ---- reblogs and viewer flags -----------------------------------------------------------------

Result<std::vector<Cursored<Id>>> SqliteInteractionRepo::list_reblogged_by(Id status_id, const PageRequest& page) {
  return paged_ids(conn_, kRebloggedBy, status_id, page);
}

Result<bool> SqliteInteractionRepo::conversation_muted(Id account_id, Id status_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT EXISTS (SELECT 1 FROM statuses s JOIN conversation_mutes cm "
                      "ON cm.account_id = ?1 AND cm.conversation_id = s.conversation_id WHERE s.id = ?2)");
  st->bind_int(1, account_id).bind_int(2, status_id);
  auto v = single_int(*st);
  if (!v) return util::fail(std::move(v.error()));
  return *v != 0;
}

Result<std::vector<ViewerFlags>> SqliteInteractionRepo::viewer_flags(Id account_id, const std::vector<Id>& status_ids) {
  std::vector<ViewerFlags> out(status_ids.size());
  if (status_ids.empty()) return out;
  std::unordered_map<Id, ViewerFlags> flags;
  const std::string json = json_id_array(status_ids);
  // Each query: ?1 = viewer, ?2 = the status ids; column 0 = a status id among them.
  auto mark = [&](const char* sql, bool ViewerFlags::*flag) -> Status {
    PARLOIR_SQL_PREPARE(st, conn_, sql);
    st->bind_int(1, account_id).bind_text(2, json);
    return each_row(*st, [&] { flags[st->col_int(0)].*flag = true; });
  };
  PARLOIR_SQL_TRY(mark("SELECT status_id FROM favourites WHERE account_id = ?1 "
                       "AND status_id IN (SELECT value FROM json_each(?2))",
                       &ViewerFlags::favourited));
  PARLOIR_SQL_TRY(mark("SELECT reblog_of_id FROM statuses INDEXED BY statuses_reblog WHERE account_id = ?1 "
                       "AND reblog_of_id IN (SELECT value FROM json_each(?2)) AND reblog_of_id IS NOT NULL",
                       &ViewerFlags::reblogged));
  PARLOIR_SQL_TRY(mark("SELECT status_id FROM bookmarks WHERE account_id = ?1 "
                       "AND status_id IN (SELECT value FROM json_each(?2))",
                       &ViewerFlags::bookmarked));
  PARLOIR_SQL_TRY(mark("SELECT status_id FROM status_pins WHERE account_id = ?1 "
                       "AND status_id IN (SELECT value FROM json_each(?2))",
                       &ViewerFlags::pinned));
  PARLOIR_SQL_TRY(mark("SELECT s.id FROM statuses s WHERE s.id IN (SELECT value FROM json_each(?2)) "
                       "AND EXISTS (SELECT 1 FROM conversation_mutes cm "
                       "WHERE cm.account_id = ?1 AND cm.conversation_id = s.conversation_id)",
                       &ViewerFlags::muted));
  for (std::size_t i = 0; i < status_ids.size(); ++i) {
    auto it = flags.find(status_ids[i]);
    if (it != flags.end()) out[i] = it->second;
  }
  return out;
}

}  // namespace parloir::store::sqlite
