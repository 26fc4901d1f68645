// SqliteMetaRepo: the meta key/value table.
#include "store/sqlite/repos.h"

namespace parloir::store::sqlite {

Result<std::optional<std::string>> SqliteMetaRepo::get(const std::string& key) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT value FROM meta WHERE key = ?");
  st->bind_text(1, key);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->col_text(0));
}

Status SqliteMetaRepo::put(const std::string& key, const std::string& value) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO meta (key, value) VALUES (?, ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  st->bind_text(1, key).bind_text(2, value);
  return st->run();
}

}  // namespace parloir::store::sqlite
