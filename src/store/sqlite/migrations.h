// Schema migrations for the SQLite backend: a numbered list kept in code, applied in order.
//
// Each migration runs in its own BEGIN IMMEDIATE transaction together with its row in
// schema_migrations(version, applied_at), and the pending check is repeated inside that
// transaction, so two processes opening the same file at once apply each migration exactly once.
// Migrations are append-only: never edit one that has shipped; add a new version instead.
//
// Thread-safety: stateless functions; the caller must hold exclusive use of the connection.
#pragma once

#include <vector>

#include "store/sqlite/sqlite_db.h"

namespace parloir::store::sqlite {

struct Migration {
  int version;       // 1, 2, 3... strictly increasing
  const char* name;  // short description, for logs
  const char* sql;   // one or more statements
};

// Every migration, ordered by version.
const std::vector<Migration>& migrations();

// The highest applied version, 0 for an empty database. Works on read-only connections.
Result<int> current_schema_version(Connection& conn);

// Applies every migration not recorded in schema_migrations, in version order, each checked on
// its own (a lower version merged after a higher one still runs). conn must be writable and
// outside a transaction. Returns the highest version then applied. On failure the failing migration is rolled back; earlier ones stay.
Result<int> apply_migrations(Connection& conn);

}  // namespace parloir::store::sqlite
