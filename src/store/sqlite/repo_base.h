// What every SQLite repository shares: RepoBase (the borrowed connection and whether the
// transaction may write) and small helpers for paged queries, id lists and row loops.
// Internal to store/sqlite.
//
// Paged queries: each list query exists as two constant SQL texts (newest first / oldest first,
// see PagedSql), always binding both bounds and the limit, so every combination of
// max_id/since_id/min_id runs on one of two cached statements.
// Id lists: bound as one JSON array text to `IN (SELECT value FROM json_each(?))`, so a list of
// any length uses one cached statement (the statement cache is keyed by SQL text and never
// evicts, so SQL must not be built per call); short lists run a single-id statement per id
// (rows_of_ids).
//
// Thread-safety: none; used by the thread running the transaction.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "store/social.h"
#include "store/sqlite/sqlite_db.h"

namespace parloir::store::sqlite {

// Base of the repositories: the connection and whether writes are allowed.
class RepoBase {
 protected:
  RepoBase(Connection& conn, bool writable) : conn_(conn), writable_(writable) {}
  ~RepoBase() = default;
  // Fails unless this transaction may write.
  Status check_writable() const;
  // Fails with not_found (public message `what` + " not found") when the last statement changed nothing.
  Status check_changed(const char* what) const;

  Connection& conn_;
  bool writable_;
};

// Visibility as stored (the enumerator value); unknown values read as public.
core::Visibility visibility_from_int(std::int64_t v);

// A PageRequest as exclusive bounds on the paging key (lower < key < upper) and a row limit.
// since_id and min_id are both lower bounds (the larger wins); with min_id the page is scanned
// oldest first (the `limit` keys just above min_id) and must be reversed with newest_first().
// A limit <= 0 yields an empty page.
struct PageBounds {
  std::int64_t upper = std::numeric_limits<std::int64_t>::max();
  std::int64_t lower = std::numeric_limits<std::int64_t>::min();
  bool ascending = false;
  std::int64_t limit = 0;
};
PageBounds page_bounds(const PageRequest& page);

// The newest-first and oldest-first texts of one paged query.
struct PagedSql {
  const char* desc;
  const char* asc;
  const char* pick(const PageBounds& b) const { return b.ascending ? asc : desc; }
};
// `prefix` must end with "<key> < ? AND <key> > ?"; the texts append ORDER BY <key> and LIMIT ?.
// Bind them with bind_page().
#define PARLOIR_PAGED_SQL(prefix, key) \
  ::parloir::store::sqlite::PagedSql{prefix " ORDER BY " key " DESC LIMIT ?", prefix " ORDER BY " key " ASC LIMIT ?"}

// Binds a row id; 0 binds NULL so the database assigns one (callers normally pass snowflakes).
void bind_id(Stmt& st, int index, Id id);

// Binds upper, lower and limit to parameters index, index + 1, index + 2.
void bind_page(Stmt& st, int index, const PageBounds& b);

// Puts a page scanned oldest first back into newest-first order.
template <class T>
void newest_first(std::vector<T>& items, const PageBounds& b) {
  if (b.ascending) std::reverse(items.begin(), items.end());
}

// "[1,2,3]": binds to `IN (SELECT value FROM json_each(?))`.
std::string json_id_array(const std::vector<Id>& ids);

// The rows of a query by a set of ids, through `row` (called with the statement on each row):
// `one_sql` (its one parameter: an id) runs once per id, in order, when there are at most
// kFewIds; `many_sql` (its one parameter: json_id_array(ids), read with json_each) runs once
// otherwise; nothing runs for no ids. Both must return the same columns.
// why: `IN (SELECT value FROM json_each(?))` materialises an ephemeral table, ~35 k instructions
// per statement (callgrind); the cached single-id statement costs ~3 k per id.
inline constexpr std::size_t kFewIds = 8;
Status rows_of_ids(Connection& conn, const std::vector<Id>& ids, const char* one_sql, const char* many_sql,
                   const std::function<void(Stmt&)>& row);

// Calls fn() for every row of st; returns the first error.
template <class Fn>
Status each_row(Stmt& st, Fn&& fn) {
  for (;;) {
    auto row = st.step();
    if (!row) return util::fail(std::move(row.error()));
    if (!*row) return {};
    fn();
  }
}

// Column 0 of every row.
Result<std::vector<Id>> id_column(Stmt& st);
// Column 0 of the first row, 0 when there is none.
Result<std::int64_t> single_int(Stmt& st);
// Rows of (cursor, item id), returned newest first.
Result<std::vector<Cursored<Id>>> cursored_ids(Stmt& st, const PageBounds& b);

// Runs fn (returning Status) inside SAVEPOINT repo_op, so a failing multi-statement write leaves
// nothing behind and the caller's transaction may carry on. Nests.
template <class Fn>
Status atomically(Connection& conn, Fn&& fn) {
  {
    PARLOIR_SQL_PREPARE(begin, conn, "SAVEPOINT repo_op");
    PARLOIR_SQL_TRY(begin->run());
  }
  Status result = fn();
  if (!result) {
    // why: after some errors (SQLITE_FULL, IOERR) SQLite has already rolled back the whole
    // transaction and the savepoint is gone; the original error is what matters.
    auto undo = conn.prepare("ROLLBACK TO repo_op");
    if (undo) (void)undo->run();
  }
  auto release = conn.prepare("RELEASE repo_op");
  if (!release) {
    if (result) return util::fail(std::move(release.error()));
    return result;
  }
  auto released = release->run();
  if (result && !released) return released;
  return result;
}

}  // namespace parloir::store::sqlite
