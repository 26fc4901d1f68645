// SqliteGraphRepo: follows (with the accounts' followers_count / following_count),
// follow_requests, blocks and mutes.
#include <unordered_map>
#include <unordered_set>

#include "store/sqlite/social_repos.h"

namespace parloir::store::sqlite {

namespace {

#define PARLOIR_FOLLOW_COLUMNS "id, account_id, target_account_id, show_reblogs, notify, created_at"
#define PARLOIR_MUTE_COLUMNS "id, account_id, target_account_id, hide_notifications, expires_at, created_at"

core::Follow read_follow(const Stmt& st) {
  core::Follow f;
  f.id = st.col_int(0);
  f.account_id = st.col_int(1);
  f.target_account_id = st.col_int(2);
  f.show_reblogs = st.col_bool(3);
  f.notify = st.col_bool(4);
  f.created_at = st.col_int(5);
  return f;
}

core::Mute read_mute(const Stmt& st) {
  core::Mute m;
  m.id = st.col_int(0);
  m.account_id = st.col_int(1);
  m.target_account_id = st.col_int(2);
  m.hide_notifications = st.col_bool(3);
  m.expires_at = st.col_opt_int(4);
  m.created_at = st.col_int(5);
  return m;
}

Result<std::optional<core::Follow>> one_follow(Stmt& st) {
  auto row = st.step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::Follow>();
  return std::optional<core::Follow>(read_follow(st));
}

// Binds (account_id, target) to a write and returns whether it changed a row.
Result<bool> run_pair(Connection& conn, const char* sql, Id account_id, Id target) {
  PARLOIR_SQL_PREPARE(st, conn, sql);
  st->bind_int(1, account_id).bind_int(2, target);
  PARLOIR_SQL_TRY(st->run());
  return conn.changes() > 0;
}

// Inserts a follow or a follow request (same shape) with `sql`.
Status insert_follow_row(Connection& conn, const char* sql, const core::Follow& f) {
  PARLOIR_SQL_PREPARE(st, conn, sql);
  bind_id(*st, 1, f.id);
  st->bind_int(2, f.account_id).bind_int(3, f.target_account_id);
  st->bind_bool(4, f.show_reblogs).bind_bool(5, f.notify).bind_int(6, f.created_at);
  return st->run();
}

// Updates a counter column on accounts: `sql` takes the account id.
Status bump(Connection& conn, const char* sql, Id account_id) {
  PARLOIR_SQL_PREPARE(st, conn, sql);
  st->bind_int(1, account_id);
  return st->run();
}

// A paged (cursor, item) query with the key's bounds after one leading parameter.
Result<std::vector<Cursored<Id>>> paged_ids(Connection& conn, const PagedSql& sql, Id first, const PageRequest& page) {
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn, sql.pick(b));
  st->bind_int(1, first);
  bind_page(*st, 2, b);
  return cursored_ids(*st, b);
}

constexpr PagedSql kFollowers = PARLOIR_PAGED_SQL(
    "SELECT id, account_id FROM follows WHERE target_account_id = ? AND id < ? AND id > ?", "id");
constexpr PagedSql kFollowing = PARLOIR_PAGED_SQL(
    "SELECT id, target_account_id FROM follows WHERE account_id = ? AND id < ? AND id > ?", "id");
constexpr PagedSql kFollowRequests = PARLOIR_PAGED_SQL(
    "SELECT id, account_id FROM follow_requests WHERE target_account_id = ? AND id < ? AND id > ?", "id");
constexpr PagedSql kBlocks = PARLOIR_PAGED_SQL(
    "SELECT id, target_account_id FROM blocks WHERE account_id = ? AND id < ? AND id > ?", "id");
constexpr PagedSql kMutes = PARLOIR_PAGED_SQL(
    "SELECT " PARLOIR_MUTE_COLUMNS " FROM mutes WHERE account_id = ? AND id < ? AND id > ?", "id");

// Runs `sql` (params: account id, json id array) and calls fn() per row.
template <class Fn>
Status for_targets(Connection& conn, const char* sql, Id account_id, const std::string& json, Fn&& fn) {
  PARLOIR_SQL_PREPARE(st, conn, sql);
  st->bind_int(1, account_id).bind_text(2, json);
  return each_row(*st, [&] { fn(*st); });
}

}  // namespace

// ---- follows ----------------------------------------------------------------------------------

Status SqliteGraphRepo::insert_follow(const core::Follow& f) {
  PARLOIR_SQL_TRY(check_writable());
  // why: no savepoint: only the INSERT can fail on input (conflict, unknown account); the counter
  // updates after it fail only on I/O errors, which abort the whole transaction anyway.
  PARLOIR_SQL_TRY(
      insert_follow_row(conn_, "INSERT INTO follows (" PARLOIR_FOLLOW_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?)", f));
  PARLOIR_SQL_TRY(
      bump(conn_, "UPDATE accounts SET following_count = following_count + 1 WHERE id = ?", f.account_id));
  return bump(conn_, "UPDATE accounts SET followers_count = followers_count + 1 WHERE id = ?", f.target_account_id);
}

Status SqliteGraphRepo::update_follow(const core::Follow& f) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE follows SET show_reblogs = ?, notify = ? WHERE account_id = ? AND target_account_id = ?");
  st->bind_bool(1, f.show_reblogs).bind_bool(2, f.notify).bind_int(3, f.account_id).bind_int(4, f.target_account_id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Follow");
}

Result<bool> SqliteGraphRepo::remove_follow(Id account_id, Id target_account_id) {
  PARLOIR_SQL_TRY(check_writable());
  auto removed = run_pair(conn_, "DELETE FROM follows WHERE account_id = ? AND target_account_id = ?", account_id,
                          target_account_id);
  if (!removed || !*removed) return removed;
  PARLOIR_SQL_TRY(
      bump(conn_, "UPDATE accounts SET following_count = max(following_count - 1, 0) WHERE id = ?", account_id));
  PARLOIR_SQL_TRY(bump(conn_, "UPDATE accounts SET followers_count = max(followers_count - 1, 0) WHERE id = ?",
                       target_account_id));
  return true;
}

Result<std::optional<core::Follow>> SqliteGraphRepo::find_follow(Id account_id, Id target_account_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_FOLLOW_COLUMNS " FROM follows WHERE account_id = ? AND target_account_id = ?");
  st->bind_int(1, account_id).bind_int(2, target_account_id);
  return one_follow(*st);
}

Result<std::vector<Cursored<Id>>> SqliteGraphRepo::list_followers(Id target_account_id, const PageRequest& page) {
  return paged_ids(conn_, kFollowers, target_account_id, page);
}

Result<std::vector<Cursored<Id>>> SqliteGraphRepo::list_following(Id account_id, const PageRequest& page) {
  return paged_ids(conn_, kFollowing, account_id, page);
}

Result<std::vector<core::Follow>> SqliteGraphRepo::all_local_followers(Id target_account_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT f.id, f.account_id, f.target_account_id, f.show_reblogs, f.notify, f.created_at "
                      "FROM follows f INDEXED BY follows_target JOIN users u ON u.account_id = f.account_id "
                      "WHERE f.target_account_id = ? ORDER BY f.id");
  st->bind_int(1, target_account_id);
  std::vector<core::Follow> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(read_follow(*st)); }));
  return out;
}

Result<LocalFollowersPtr> SqliteGraphRepo::local_followers(Id target_account_id) {
  if (followers_cache_) {
    auto lists = followers_cache_->get(conn_, target_account_id);
    if (!lists) return util::fail(std::move(lists.error()));
    return (*lists)->local;
  }
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT f.account_id, f.show_reblogs, f.notify "
                      "FROM follows f INDEXED BY follows_target JOIN users u ON u.account_id = f.account_id "
                      "WHERE f.target_account_id = ? ORDER BY f.id");
  st->bind_int(1, target_account_id);
  auto list = std::make_shared<LocalFollowers>();
  PARLOIR_SQL_TRY(each_row(*st, [&] {
    list->ids.push_back(st->col_int(0));
    list->flags.push_back(static_cast<std::uint8_t>((st->col_bool(1) ? LocalFollowers::kShowReblogs : 0) |
                                                    (st->col_bool(2) ? LocalFollowers::kNotify : 0)));
  }));
  list->ids.shrink_to_fit();
  list->flags.shrink_to_fit();
  return LocalFollowersPtr(std::move(list));
}

Result<std::vector<Id>> SqliteGraphRepo::all_following_ids(Id account_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT target_account_id FROM follows WHERE account_id = ? ORDER BY id");
  st->bind_int(1, account_id);
  return id_column(*st);
}

Result<std::vector<std::pair<Id, bool>>> SqliteGraphRepo::following_with_reblogs(Id account_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT target_account_id, show_reblogs FROM follows WHERE account_id = ?");
  st->bind_int(1, account_id);
  std::vector<std::pair<Id, bool>> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.emplace_back(st->col_int(0), st->col_bool(1)); }));
  return out;
}

Result<std::vector<Id>> SqliteGraphRepo::hidden_from_home(Id viewer, std::int64_t now_ms) {
  // why: three short index ranges (an account blocks and mutes few), read in one statement.
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT target_account_id FROM blocks WHERE account_id = ?1 "
                      "UNION ALL SELECT account_id FROM blocks WHERE target_account_id = ?1 "
                      "UNION ALL SELECT target_account_id FROM mutes WHERE account_id = ?1 "
                      "AND (expires_at IS NULL OR expires_at > ?2)");
  st->bind_int(1, viewer).bind_int(2, now_ms);
  return id_column(*st);
}

// ---- follow requests --------------------------------------------------------------------------

Status SqliteGraphRepo::insert_follow_request(const core::FollowRequest& r) {
  PARLOIR_SQL_TRY(check_writable());
  return insert_follow_row(conn_, "INSERT INTO follow_requests (" PARLOIR_FOLLOW_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?)",
                           r);
}

Result<bool> SqliteGraphRepo::remove_follow_request(Id account_id, Id target_account_id) {
  PARLOIR_SQL_TRY(check_writable());
  return run_pair(conn_, "DELETE FROM follow_requests WHERE account_id = ? AND target_account_id = ?", account_id,
                  target_account_id);
}

Result<std::optional<core::FollowRequest>> SqliteGraphRepo::find_follow_request(Id account_id, Id target_account_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_FOLLOW_COLUMNS
                      " FROM follow_requests WHERE account_id = ? AND target_account_id = ?");
  st->bind_int(1, account_id).bind_int(2, target_account_id);
  return one_follow(*st);
}

Result<std::vector<Cursored<Id>>> SqliteGraphRepo::list_follow_requests(Id target_account_id,
                                                                        const PageRequest& page) {
  return paged_ids(conn_, kFollowRequests, target_account_id, page);
}

Result<std::int64_t> SqliteGraphRepo::count_follow_requests(Id target_account_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT count(*) FROM follow_requests WHERE target_account_id = ?");
  st->bind_int(1, target_account_id);
  return single_int(*st);
}

// ---- blocks -----------------------------------------------------------------------------------

Status SqliteGraphRepo::insert_block(Id id, Id account_id, Id target_account_id, std::int64_t created_at) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO blocks (id, account_id, target_account_id, created_at) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (account_id, target_account_id) DO NOTHING");
  bind_id(*st, 1, id);
  st->bind_int(2, account_id).bind_int(3, target_account_id).bind_int(4, created_at);
  return st->run();
}

Result<bool> SqliteGraphRepo::remove_block(Id account_id, Id target_account_id) {
  PARLOIR_SQL_TRY(check_writable());
  return run_pair(conn_, "DELETE FROM blocks WHERE account_id = ? AND target_account_id = ?", account_id,
                  target_account_id);
}

Result<std::vector<Cursored<Id>>> SqliteGraphRepo::list_blocks(Id account_id, const PageRequest& page) {
  return paged_ids(conn_, kBlocks, account_id, page);
}

Result<std::vector<Id>> SqliteGraphRepo::among(const char* sql, Id account_id, const std::vector<Id>& others) {
  std::vector<Id> out;
  if (others.empty()) return out;
  std::unordered_set<Id> found;
  PARLOIR_SQL_TRY(for_targets(conn_, sql, account_id, json_id_array(others),
                              [&](const Stmt& st) { found.insert(st.col_int(0)); }));
  for (Id id : others) {
    if (found.erase(id) > 0) out.push_back(id);
  }
  return out;
}

Result<std::vector<Id>> SqliteGraphRepo::blocked_among(Id account_id, const std::vector<Id>& others) {
  return among("SELECT target_account_id FROM blocks WHERE account_id = ?1 "
               "AND target_account_id IN (SELECT value FROM json_each(?2))",
               account_id, others);
}

Result<std::vector<Id>> SqliteGraphRepo::blocking_among(Id account_id, const std::vector<Id>& others) {
  return among("SELECT account_id FROM blocks WHERE target_account_id = ?1 "
               "AND account_id IN (SELECT value FROM json_each(?2))",
               account_id, others);
}

Result<std::vector<Id>> SqliteGraphRepo::blocking_or_muting_among(Id account_id, const std::vector<Id>& others) {
  std::vector<Id> out;
  if (others.empty()) return out;
  // why: an account has few blockers and muters, so reading them all through the target indexes
  // and intersecting here costs a few seeks; probing every candidate (a post's hundreds of
  // followers) cost one seek per candidate per table — 17% of posting's instructions (callgrind).
  // An account blocked by very many pays a scan of its blockers per post instead.
  // UNION ALL: duplicates are dropped by `found`, so SQLite builds no ephemeral table for them.
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT account_id FROM blocks WHERE target_account_id = ?1 "
                      "UNION ALL SELECT account_id FROM mutes WHERE target_account_id = ?1 "
                      "AND (expires_at IS NULL OR expires_at > CAST(strftime('%s','now') AS INTEGER) * 1000)");
  st->bind_int(1, account_id);
  std::unordered_set<Id> found;
  PARLOIR_SQL_TRY(each_row(*st, [&] { found.insert(st->col_int(0)); }));
  if (found.empty()) return out;
  for (Id id : others)
    if (found.erase(id) > 0) out.push_back(id);
  return out;
}

Result<bool> SqliteGraphRepo::silences_notifications_from(Id recipient, Id actor, std::int64_t now_ms) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT EXISTS (SELECT 1 FROM blocks WHERE account_id = ?1 AND target_account_id = ?2) "
                      "OR EXISTS (SELECT 1 FROM mutes WHERE account_id = ?1 AND target_account_id = ?2 "
                      "AND hide_notifications = 1 AND (expires_at IS NULL OR expires_at > ?3))");
  st->bind_int(1, recipient).bind_int(2, actor).bind_int(3, now_ms);
  auto v = single_int(*st);
  if (!v) return util::fail(std::move(v.error()));
  return *v != 0;
}

Result<std::vector<Id>> SqliteGraphRepo::followers_among(Id account_id, const std::vector<Id>& others) {
  return among("SELECT account_id FROM follows WHERE target_account_id = ?1 "
               "AND account_id IN (SELECT value FROM json_each(?2))",
               account_id, others);
}

// ---- mutes ------------------------------------------------------------------------------------

Status SqliteGraphRepo::upsert_mute(const core::Mute& m) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO mutes (" PARLOIR_MUTE_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT (account_id, target_account_id) DO UPDATE SET "
                      "hide_notifications = excluded.hide_notifications, expires_at = excluded.expires_at");
  bind_id(*st, 1, m.id);
  st->bind_int(2, m.account_id).bind_int(3, m.target_account_id);
  st->bind_bool(4, m.hide_notifications).bind_opt_int(5, m.expires_at).bind_int(6, m.created_at);
  return st->run();
}

Result<bool> SqliteGraphRepo::remove_mute(Id account_id, Id target_account_id) {
  PARLOIR_SQL_TRY(check_writable());
  return run_pair(conn_, "DELETE FROM mutes WHERE account_id = ? AND target_account_id = ?", account_id,
                  target_account_id);
}

Result<std::vector<Cursored<core::Mute>>> SqliteGraphRepo::list_mutes(Id account_id, const PageRequest& page) {
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, kMutes.pick(b));
  st->bind_int(1, account_id);
  bind_page(*st, 2, b);
  std::vector<Cursored<core::Mute>> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] {
    core::Mute m = read_mute(*st);
    const Id cursor = m.id;
    out.push_back({cursor, std::move(m)});
  }));
  newest_first(out, b);
  return out;
}

Result<std::vector<core::Mute>> SqliteGraphRepo::mutes_among(Id account_id, const std::vector<Id>& others,
                                                             std::int64_t now) {
  std::vector<core::Mute> out;
  if (others.empty()) return out;
  std::unordered_map<Id, core::Mute> found;
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_MUTE_COLUMNS " FROM mutes WHERE account_id = ? "
                      "AND target_account_id IN (SELECT value FROM json_each(?)) "
                      "AND (expires_at IS NULL OR expires_at > ?)");
  st->bind_int(1, account_id).bind_text(2, json_id_array(others)).bind_int(3, now);
  PARLOIR_SQL_TRY(each_row(*st, [&] {
    core::Mute m = read_mute(*st);
    const Id target = m.target_account_id;
    found.emplace(target, std::move(m));
  }));
  for (Id id : others) {
    auto it = found.find(id);
    if (it == found.end()) continue;
    out.push_back(std::move(it->second));
    found.erase(it);
  }
  return out;
}

// ---- relationships ----------------------------------------------------------------------------

Result<std::vector<core::Relationship>> SqliteGraphRepo::relationships(Id account_id, const std::vector<Id>& targets,
                                                                       std::int64_t now) {
  std::unordered_map<Id, core::Relationship> facts;
  for (Id t : targets) facts[t].target_account_id = t;
  const std::string json = json_id_array(targets);
  auto at = [&](Id id) -> core::Relationship& { return facts[id]; };

  if (!targets.empty()) {
    PARLOIR_SQL_TRY(for_targets(conn_,
                                "SELECT target_account_id, show_reblogs, notify FROM follows WHERE account_id = ?1 "
                                "AND target_account_id IN (SELECT value FROM json_each(?2))",
                                account_id, json, [&](const Stmt& st) {
                                  auto& r = at(st.col_int(0));
                                  r.following = true;
                                  r.showing_reblogs = st.col_bool(1);
                                  r.notifying = st.col_bool(2);
                                }));
    PARLOIR_SQL_TRY(for_targets(conn_,
                                "SELECT account_id FROM follows WHERE target_account_id = ?1 "
                                "AND account_id IN (SELECT value FROM json_each(?2))",
                                account_id, json, [&](const Stmt& st) { at(st.col_int(0)).followed_by = true; }));
    PARLOIR_SQL_TRY(for_targets(conn_,
                                "SELECT target_account_id FROM blocks WHERE account_id = ?1 "
                                "AND target_account_id IN (SELECT value FROM json_each(?2))",
                                account_id, json, [&](const Stmt& st) { at(st.col_int(0)).blocking = true; }));
    PARLOIR_SQL_TRY(for_targets(conn_,
                                "SELECT account_id FROM blocks WHERE target_account_id = ?1 "
                                "AND account_id IN (SELECT value FROM json_each(?2))",
                                account_id, json, [&](const Stmt& st) { at(st.col_int(0)).blocked_by = true; }));
    PARLOIR_SQL_TRY(for_targets(conn_,
                                "SELECT target_account_id FROM follow_requests WHERE account_id = ?1 "
                                "AND target_account_id IN (SELECT value FROM json_each(?2))",
                                account_id, json, [&](const Stmt& st) { at(st.col_int(0)).requested = true; }));
    PARLOIR_SQL_TRY(for_targets(conn_,
                                "SELECT account_id FROM follow_requests WHERE target_account_id = ?1 "
                                "AND account_id IN (SELECT value FROM json_each(?2))",
                                account_id, json, [&](const Stmt& st) { at(st.col_int(0)).requested_by = true; }));
    auto mutes = mutes_among(account_id, targets, now);
    if (!mutes) return util::fail(std::move(mutes.error()));
    for (const auto& m : *mutes) {
      auto& r = at(m.target_account_id);
      r.muting = true;
      r.muting_notifications = m.hide_notifications;
      r.muting_expires_at = m.expires_at;
    }
  }
  std::vector<core::Relationship> out;
  out.reserve(targets.size());
  for (Id t : targets) out.push_back(facts[t]);
  return out;
}

#undef PARLOIR_FOLLOW_COLUMNS
#undef PARLOIR_MUTE_COLUMNS

}  // namespace parloir::store::sqlite
