// Thin RAII layer over the SQLite C API, used only inside store/sqlite.
//
// Connection owns one sqlite3* handle and a cache of prepared statements (prepared once per
// distinct SQL text, then reset and reused: the hot path never re-parses SQL). Stmt is a lease on
// a prepared statement: on destruction it resets the statement and clears its bindings, so a
// cached statement is always clean when handed out again.
// Errors map to util::Error: SQLITE_CONSTRAINT_UNIQUE -> conflict; SQLITE_BUSY/LOCKED (lock wait
// exceeded busy_timeout) -> unavailable; everything else -> internal, detail = sqlite3_errmsg.
//
// Thread-safety: a Connection (and every Stmt leased from it) must be used by one thread at a
// time; the owner (SqliteStore) guarantees that with its writer mutex and reader pool. Connections
// are opened with SQLITE_OPEN_NOMUTEX for that reason.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "util/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace parloir::store::sqlite {

using util::Error;
using util::Result;
using util::Status;

// Builds the Error for SQLite result code `rc` on `db` (nullable). `what` says what was being done
// (SQL excerpt or operation); it goes into the log-only detail.
Error make_error(sqlite3* db, int rc, std::string_view what);

// One prepared statement. Owned by a Connection's cache (or by a Stmt lease for a re-entrant use).
class PreparedStatement {
 public:
  PreparedStatement(sqlite3* db, sqlite3_stmt* stmt, std::string sql);
  ~PreparedStatement();
  PreparedStatement(const PreparedStatement&) = delete;
  PreparedStatement& operator=(const PreparedStatement&) = delete;

  sqlite3* db() const { return db_; }
  sqlite3_stmt* raw() const { return stmt_; }
  const std::string& sql() const { return sql_; }
  bool in_use = false;  // leased out right now (guarded by the owning connection's user)
  int bind_rc = 0;      // first failed bind since the last reset, reported by step()

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string sql_;
};

// A lease on a prepared statement: bind parameters (1-based), step, read columns (0-based).
// Resets the statement when destroyed. Move-only; must not outlive its Connection.
class Stmt {
 public:
  Stmt(PreparedStatement* cached, std::unique_ptr<PreparedStatement> owned);
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Binding never fails on its own: a bind error is remembered and returned by the next step().
  // Text is copied (SQLITE_TRANSIENT), so temporaries are safe.
  Stmt& bind_int(int index, std::int64_t value);
  Stmt& bind_bool(int index, bool value) { return bind_int(index, value ? 1 : 0); }
  Stmt& bind_text(int index, std::string_view value);
  Stmt& bind_null(int index);
  Stmt& bind_opt_int(int index, const std::optional<std::int64_t>& value);
  Stmt& bind_double(int index, double value);

  // Advances: true when a row is available, false when done. Errors per make_error().
  Result<bool> step();
  // Steps to completion, ignoring any rows (INSERT/UPDATE/DELETE, pragmas).
  Status run();
  // Rewinds the statement to run again; the bindings stay (bind again to change them).
  void reset();

  std::int64_t col_int(int index) const;
  bool col_bool(int index) const { return col_int(index) != 0; }
  std::string col_text(int index) const;
  bool col_is_null(int index) const;
  std::optional<std::int64_t> col_opt_int(int index) const;
  std::optional<std::string> col_opt_text(int index) const;
  double col_double(int index) const;

 private:
  PreparedStatement* stmt_;
  std::unique_ptr<PreparedStatement> owned_;  // set when the cached one was busy
};

struct ConnectionOptions {
  std::string path;
  bool read_only = false;
  int busy_timeout_ms = 5000;
  std::int64_t cache_size_kib = 16 * 1024;
  std::int64_t mmap_size = 256LL * 1024 * 1024;
};

// One SQLite connection with its statement cache. Owned by SqliteStore.
class Connection {
 public:
  // Opens `path` (creating it unless read_only) and applies the per-connection pragmas:
  // busy_timeout, foreign_keys=ON, temp_store=MEMORY, cache_size, mmap_size; for a writable
  // connection also journal_mode=WAL, synchronous=NORMAL, journal_size_limit.
  // Errors name the path.
  static Result<std::unique_ptr<Connection>> open(const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Returns a lease on the cached statement for `sql` (prepared on first use). If that statement
  // is already leased (re-entrant use), a fresh uncached one is prepared for this lease.
  // The cache is keyed by the SQL text and never evicts: pass constant SQL, never SQL built per
  // call with values in it (bind those).
  Result<Stmt> prepare(std::string_view sql);
  // Runs a script of one or more statements (migrations, pragmas); not cached.
  Status exec_script(const std::string& sql);
  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  std::int64_t changes() const;
  // Rowid of the last successful INSERT on this connection.
  std::int64_t last_insert_rowid() const;
  // True when no transaction is open.
  bool autocommit() const;
  bool read_only() const { return read_only_; }
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  Connection(sqlite3* db, std::string path, bool read_only);

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  std::string path_;
  bool read_only_;
  std::unordered_map<std::string, std::unique_ptr<PreparedStatement>, Hash, std::equal_to<>> cache_;
};

}  // namespace parloir::store::sqlite

// Propagates the error of a Result/Status-returning expression from the enclosing function.
#define PARLOIR_SQL_TRY(expr)                                               \
  do {                                                                      \
    auto parloir_try_r_ = (expr);                                           \
    if (!parloir_try_r_) return ::parloir::util::fail(std::move(parloir_try_r_.error())); \
  } while (0)

// Declares `name` as a Result<Stmt> for `sql` on `conn`, returning its error if preparing failed.
#define PARLOIR_SQL_PREPARE(name, conn, sql) \
  auto name = (conn).prepare(sql);           \
  if (!name) return ::parloir::util::fail(std::move(name.error()))
