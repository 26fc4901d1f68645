// SqliteRuleRepo: instance rules (migration 12).
#include "store/sqlite/org_repos.h"

namespace parloir::store::sqlite {

namespace {

#define PARLOIR_RULE_COLUMNS "id, text, hint, priority, created_at, updated_at"

core::Rule read_rule(const Stmt& st) {
  core::Rule r;
  r.id = st.col_int(0);
  r.text = st.col_text(1);
  r.hint = st.col_text(2);
  r.priority = st.col_int(3);
  r.created_at = st.col_int(4);
  r.updated_at = st.col_int(5);
  return r;
}

}  // namespace

Result<core::Rule> SqliteRuleRepo::insert(const core::Rule& r) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO rules (text, hint, priority, created_at, updated_at) VALUES (?, ?, ?, ?, ?)");
  st->bind_text(1, r.text).bind_text(2, r.hint).bind_int(3, r.priority).bind_int(4, r.created_at);
  st->bind_int(5, r.updated_at);
  PARLOIR_SQL_TRY(st->run());
  core::Rule out = r;
  out.id = conn_.last_insert_rowid();
  return out;
}

Status SqliteRuleRepo::update(const core::Rule& r) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE rules SET text = ?, hint = ?, priority = ?, updated_at = ? "
                      "WHERE id = ? AND deleted_at IS NULL");
  st->bind_text(1, r.text).bind_text(2, r.hint).bind_int(3, r.priority).bind_int(4, r.updated_at);
  st->bind_int(5, r.id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Rule");
}

Result<bool> SqliteRuleRepo::remove(Id id, std::int64_t now_ms) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE rules SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL");
  st->bind_int(1, now_ms).bind_int(2, id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::optional<core::Rule>> SqliteRuleRepo::find(Id id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_RULE_COLUMNS " FROM rules WHERE id = ? AND deleted_at IS NULL");
  st->bind_int(1, id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::Rule>{};
  return std::optional<core::Rule>(read_rule(*st));
}

Result<std::vector<core::Rule>> SqliteRuleRepo::list() {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_RULE_COLUMNS " FROM rules WHERE deleted_at IS NULL ORDER BY priority, id");
  std::vector<core::Rule> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(read_rule(*st)); }));
  return out;
}

Result<std::vector<core::Rule>> SqliteRuleRepo::find_any(const std::vector<Id>& ids) {
  std::vector<core::Rule> out;
  if (ids.empty()) return out;
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_RULE_COLUMNS
                      " FROM rules WHERE id IN (SELECT value FROM json_each(?)) ORDER BY priority, id");
  st->bind_text(1, json_id_array(ids));
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(read_rule(*st)); }));
  return out;
}

Result<std::int64_t> SqliteRuleRepo::count_ever() {
  // why: AUTOINCREMENT records the highest id ever used, deleted rows included.
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'rules'), 0)");
  return single_int(*st);
}

}  // namespace parloir::store::sqlite
