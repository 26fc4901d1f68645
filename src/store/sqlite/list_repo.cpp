// SqliteListRepo and SqliteMarkerRepo: a user's lists with their members, and timeline markers.
#include <algorithm>
#include <functional>
#include <unordered_set>

#include "store/sqlite/personal_repos.h"

namespace parloir::store::sqlite {

namespace {

#define PARLOIR_LIST_COLUMNS "l.id, l.account_id, l.title, l.replies_policy, l.exclusive, l.created_at"

core::List read_list(const Stmt& st) {
  core::List l;
  l.id = st.col_int(0);
  l.account_id = st.col_int(1);
  l.title = st.col_text(2);
  const auto policy = st.col_int(3);
  l.replies_policy = policy == 0 ? core::RepliesPolicy::followed
                     : policy == 2 ? core::RepliesPolicy::none
                                   : core::RepliesPolicy::list;
  l.exclusive = st.col_bool(4);
  l.created_at = st.col_int(5);
  return l;
}

Result<std::vector<core::List>> read_lists(Stmt& st) {
  std::vector<core::List> out;
  PARLOIR_SQL_TRY(each_row(st, [&] { out.push_back(read_list(st)); }));
  return out;
}

constexpr PagedSql kMembers = PARLOIR_PAGED_SQL(
    "SELECT la.id, la.account_id FROM list_accounts la WHERE la.list_id = ?1 AND la.id < ? AND la.id > ?", "la.id");

constexpr PagedSql kAccountStatusIds = PARLOIR_PAGED_SQL(
    "SELECT s.id FROM statuses s INDEXED BY statuses_account WHERE s.account_id = ?1 AND s.id < ? AND s.id > ?",
    "s.id");

}  // namespace

Status SqliteListRepo::insert(const core::List& list) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO lists (id, account_id, title, replies_policy, exclusive, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?)");
  bind_id(*st, 1, list.id);
  st->bind_int(2, list.account_id).bind_text(3, list.title).bind_int(4, static_cast<int>(list.replies_policy));
  st->bind_bool(5, list.exclusive).bind_int(6, list.created_at);
  return st->run();
}

Status SqliteListRepo::update(const core::List& list) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE lists SET title = ?, replies_policy = ?, exclusive = ? WHERE id = ?");
  st->bind_text(1, list.title).bind_int(2, static_cast<int>(list.replies_policy)).bind_bool(3, list.exclusive);
  st->bind_int(4, list.id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("List");
}

Result<bool> SqliteListRepo::remove(Id list_id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM lists WHERE id = ?");
  st->bind_int(1, list_id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::optional<core::List>> SqliteListRepo::find(Id list_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_LIST_COLUMNS " FROM lists l WHERE l.id = ?");
  st->bind_int(1, list_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::List>();
  return std::optional<core::List>(read_list(*st));
}

Result<std::vector<core::List>> SqliteListRepo::list_of(Id owner_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_LIST_COLUMNS " FROM lists l WHERE l.account_id = ? ORDER BY l.id");
  st->bind_int(1, owner_id);
  return read_lists(*st);
}

Result<std::vector<core::List>> SqliteListRepo::lists_containing(Id owner_id, Id member_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_LIST_COLUMNS " FROM list_accounts la JOIN lists l ON l.id = la.list_id "
                      "WHERE la.account_id = ?2 AND l.account_id = ?1 ORDER BY l.id");
  st->bind_int(1, owner_id).bind_int(2, member_id);
  return read_lists(*st);
}

Status SqliteListRepo::add_members(Id list_id, const std::vector<Id>& account_ids) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT OR IGNORE INTO list_accounts (list_id, account_id) "
                      "SELECT ?1, value FROM json_each(?2) ORDER BY key");
  st->bind_int(1, list_id).bind_text(2, json_id_array(account_ids));
  return st->run();
}

Status SqliteListRepo::remove_members(Id list_id, const std::vector<Id>& account_ids) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "DELETE FROM list_accounts WHERE list_id = ? AND account_id IN (SELECT value FROM json_each(?))");
  st->bind_int(1, list_id).bind_text(2, json_id_array(account_ids));
  return st->run();
}

Result<std::vector<Cursored<Id>>> SqliteListRepo::list_members(Id list_id, const PageRequest& page) {
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, kMembers.pick(b));
  st->bind_int(1, list_id);
  bind_page(*st, 2, b);
  return cursored_ids(*st, b);
}

Result<std::vector<Id>> SqliteListRepo::all_member_ids(Id list_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT account_id FROM list_accounts WHERE list_id = ? ORDER BY id");
  st->bind_int(1, list_id);
  return id_column(*st);
}

Result<std::vector<Id>> SqliteListRepo::exclusive_list_owners(Id member_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT DISTINCT l.account_id FROM list_accounts la JOIN lists l ON l.id = la.list_id "
                      "WHERE la.account_id = ? AND l.exclusive = 1 ORDER BY l.account_id");
  st->bind_int(1, member_id);
  return id_column(*st);
}

Result<std::vector<Id>> SqliteListRepo::exclusive_members(Id owner_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT DISTINCT la.account_id FROM lists l JOIN list_accounts la ON la.list_id = l.id "
                      "WHERE l.account_id = ? AND l.exclusive = 1 ORDER BY la.account_id");
  st->bind_int(1, owner_id);
  return id_column(*st);
}

Result<std::vector<Id>> SqliteListRepo::status_ids_by_accounts(const std::vector<Id>& account_ids,
                                                               const PageRequest& page) {
  const PageBounds b = page_bounds(page);
  std::vector<Id> ids;
  std::unordered_set<Id> seen;
  // why: like list_by_tags, one ordered LIMITed range scan per member, merged here, instead of
  // one query that would sort every status of every member before applying the limit.
  for (Id account_id : account_ids) {
    if (!seen.insert(account_id).second) continue;
    PARLOIR_SQL_PREPARE(st, conn_, kAccountStatusIds.pick(b));
    st->bind_int(1, account_id);
    bind_page(*st, 2, b);
    PARLOIR_SQL_TRY(each_row(*st, [&] { ids.push_back(st->col_int(0)); }));
  }
  if (b.ascending) {
    std::sort(ids.begin(), ids.end());
  } else {
    std::sort(ids.begin(), ids.end(), std::greater<>());
  }
  if (static_cast<std::int64_t>(ids.size()) > b.limit) ids.resize(static_cast<std::size_t>(b.limit));
  newest_first(ids, b);
  return ids;
}

// ---- markers ----------------------------------------------------------------------------------

Result<std::vector<core::Marker>> SqliteMarkerRepo::find(Id account_id, const std::vector<std::string>& timelines) {
  std::vector<core::Marker> out;
  for (const auto& timeline : timelines) {
    if (std::any_of(out.begin(), out.end(), [&](const core::Marker& m) { return m.timeline == timeline; })) continue;
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT last_read_id, version, updated_at FROM markers WHERE account_id = ? AND timeline = ?");
    st->bind_int(1, account_id).bind_text(2, timeline);
    auto row = st->step();
    if (!row) return util::fail(std::move(row.error()));
    if (!*row) continue;
    core::Marker m;
    m.timeline = timeline;
    m.last_read_id = st->col_int(0);
    m.version = st->col_int(1);
    m.updated_at = st->col_int(2);
    out.push_back(std::move(m));
  }
  return out;
}

Result<core::Marker> SqliteMarkerRepo::save(Id account_id, const std::string& timeline, Id last_read_id,
                                            std::int64_t now) {
  PARLOIR_SQL_TRY(check_writable());
  {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "INSERT INTO markers (account_id, timeline, last_read_id, version, updated_at) "
                        "VALUES (?1, ?2, ?3, 1, ?4) ON CONFLICT (account_id, timeline) DO UPDATE SET "
                        "last_read_id = excluded.last_read_id, version = version + 1, updated_at = excluded.updated_at");
    st->bind_int(1, account_id).bind_text(2, timeline).bind_int(3, last_read_id).bind_int(4, now);
    PARLOIR_SQL_TRY(st->run());
  }
  auto found = find(account_id, {timeline});
  if (!found) return util::fail(std::move(found.error()));
  if (found->empty()) return util::fail(util::ErrorCode::internal, "Database error", "marker vanished after save");
  return std::move(found->front());
}

}  // namespace parloir::store::sqlite
