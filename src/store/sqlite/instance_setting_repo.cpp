// SqliteInstanceSettingRepo: instance settings changed by admins (migration 17).
#include "store/sqlite/org_repos.h"

namespace parloir::store::sqlite {

Result<std::vector<std::pair<std::string, std::string>>> SqliteInstanceSettingRepo::list() {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT key, value FROM instance_settings ORDER BY key");
  std::vector<std::pair<std::string, std::string>> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.emplace_back(st->col_text(0), st->col_text(1)); }));
  return out;
}

Status SqliteInstanceSettingRepo::put(const std::string& key, const std::string& value, std::int64_t now_ms) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO instance_settings (key, value, updated_at) VALUES (?, ?, ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
  st->bind_text(1, key).bind_text(2, value).bind_int(3, now_ms);
  return st->run();
}

Status SqliteInstanceSettingRepo::remove(const std::string& key) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM instance_settings WHERE key = ?");
  st->bind_text(1, key);
  return st->run();
}

}  // namespace parloir::store::sqlite
