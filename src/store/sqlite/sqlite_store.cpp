#include "store/sqlite/sqlite_store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <system_error>

#include "store/sqlite/migrations.h"
#include "store/sqlite/repos.h"

namespace parloir::store::sqlite {

using util::ErrorCode;

namespace {

constexpr std::int64_t kMmapBytes = 0;  // why: each connection maps the file again, and mapped pages count in RSS

util::Error closed_error(const std::string& path) {
  return util::Error{ErrorCode::unavailable, "Database is closed", "store closed: " + path};
}

Status exec_cached(Connection& conn, const char* sql) {
  PARLOIR_SQL_PREPARE(st, conn, sql);
  return st->run();
}

// Rolls back if a transaction is open (SQLite may already have rolled back after some errors).
void rollback_quietly(Connection& conn) {
  if (conn.autocommit()) return;
  if (auto s = exec_cached(conn, "ROLLBACK"); !s) {
    spdlog::error("store: rollback failed on {}: {}", conn.path(), s.error().detail);
  }
}

// Runs fn in one transaction on conn: BEGIN IMMEDIATE for writes (takes the write lock up front,
// waiting up to busy_timeout for another process, so the transaction cannot fail later with
// SQLITE_BUSY on lock upgrade), plain deferred BEGIN for reads (a snapshot from the first read).
// Commits on success; rolls back on error or exception (which becomes ErrorCode::internal).
// `cache` (write transactions only): the writer's FollowerCache, scoped to this transaction.
Status run_transaction(Connection& conn, bool writable, const std::function<Status(Tx&)>& fn,
                       FollowerCache* cache = nullptr) {
  Status result;
  struct CacheScope {
    FollowerCache* cache;
    ~CacheScope() {
      if (cache) cache->end();
    }
  } scope{cache};
  try {
    rollback_quietly(conn);  // a connection is never handed out mid-transaction, but be sure
    if (auto s = exec_cached(conn, writable ? "BEGIN IMMEDIATE" : "BEGIN"); !s) return s;
    if (cache)
      if (auto s = cache->begin(conn); !s) {
        rollback_quietly(conn);
        return s;
      }
    SqliteTx tx(conn, writable, cache);
    result = fn(tx);
    if (result) {
      result = exec_cached(conn, "COMMIT");
      if (!result) rollback_quietly(conn);
    } else {
      rollback_quietly(conn);
    }
  } catch (const std::exception& e) {
    rollback_quietly(conn);
    result = util::fail(ErrorCode::internal, "Internal error", std::string("exception in transaction: ") + e.what());
  } catch (...) {
    rollback_quietly(conn);
    result = util::fail(ErrorCode::internal, "Internal error", "unknown exception in transaction");
  }
  return result;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteOptions& options) {
  if (options.path.empty() || options.path == ":memory:") {
    return util::fail(ErrorCode::internal, "Invalid database path '" + options.path + "'",
                      "SqliteOptions.path must name a file (several connections share it)");
  }
  const std::filesystem::path parent = std::filesystem::path(options.path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return util::fail(ErrorCode::internal, "Cannot create directory " + parent.string() + " for database " +
                        options.path, ec.message());
    }
  }

  std::unique_ptr<SqliteStore> store(new SqliteStore(options.path));
  ConnectionOptions co;
  co.path = options.path;
  co.busy_timeout_ms = options.busy_timeout_ms;
  co.cache_size_kib = std::max(64, options.writer_cache_kib);
  co.mmap_size = kMmapBytes;
  auto writer = Connection::open(co);
  if (!writer) return util::fail(std::move(writer.error()));
  store->writer_ = std::move(*writer);

  if (options.migrate_on_open) {
    auto v = apply_migrations(*store->writer_);
    if (!v) {
      v.error().public_message = "Cannot migrate database " + options.path;
      return util::fail(std::move(v.error()));
    }
  }

  // why: the triggers name follows and users, which exist only once migrated; with migrations
  // deferred they are installed by migrate(), and until then the cache stays off (armed()).
  if (options.migrate_on_open)
    if (auto s = store->followers_cache_.install_triggers(*store->writer_); !s) return util::fail(std::move(s.error()));
  // why: an A/B switch for benchmarks (bench/README.md), not a configuration key.
  if (const char* off = std::getenv("PARLOIR_BENCH_NO_FOLLOWER_CACHE"); off && *off) store->use_followers_cache_ = false;

  co.read_only = true;
  co.cache_size_kib = std::max(64, options.reader_cache_kib);
  const int readers = std::max(1, options.read_connections);
  for (int i = 0; i < readers; ++i) {
    auto reader = Connection::open(co);
    if (!reader) return util::fail(std::move(reader.error()));
    store->free_readers_.push_back(reader->get());
    store->readers_.push_back(std::move(*reader));
  }
  return store;
}

SqliteStore::~SqliteStore() { close(); }

Status SqliteStore::write(const std::function<Status(Tx&)>& fn) {
  if (write_owner_.load() == std::this_thread::get_id()) {
    return util::fail(ErrorCode::internal, "Internal error", "Store::write called inside write() on " + path_);
  }
  std::lock_guard lock(write_mu_);
  if (!writer_) return util::fail(closed_error(path_));
  struct OwnerGuard {
    std::atomic<std::thread::id>& owner;
    explicit OwnerGuard(std::atomic<std::thread::id>& o) : owner(o) { owner.store(std::this_thread::get_id()); }
    ~OwnerGuard() { owner.store(std::thread::id()); }
    OwnerGuard(const OwnerGuard&) = delete;
    OwnerGuard& operator=(const OwnerGuard&) = delete;
  } guard(write_owner_);
  FollowerCache* cache = use_followers_cache_ && followers_cache_.armed() ? &followers_cache_ : nullptr;
  return run_transaction(*writer_, true, fn, cache);
}

Connection* SqliteStore::acquire_reader() {
  std::unique_lock lock(pool_mu_);
  pool_cv_.wait(lock, [this] { return closed_ || !free_readers_.empty(); });
  if (closed_) return nullptr;
  Connection* conn = free_readers_.back();
  free_readers_.pop_back();
  return conn;
}

void SqliteStore::release_reader(Connection* conn) {
  {
    std::lock_guard lock(pool_mu_);
    free_readers_.push_back(conn);
  }
  // why: notify_all, since close() waits on the same condition for every reader to come back.
  pool_cv_.notify_all();
}

namespace {
// Returns a checked-out reader to the pool on scope exit.
template <class Release>
struct ReaderLease {
  Connection* conn;
  Release release;
  ~ReaderLease() {
    if (conn != nullptr) release(conn);
  }
};
template <class Release>
ReaderLease(Connection*, Release) -> ReaderLease<Release>;
}  // namespace

Status SqliteStore::read(const std::function<Status(Tx&)>& fn) {
  ReaderLease lease{acquire_reader(), [this](Connection* c) { release_reader(c); }};
  if (lease.conn == nullptr) return util::fail(closed_error(path_));
  return run_transaction(*lease.conn, false, fn);
}

Result<int> SqliteStore::migrate() {
  std::lock_guard lock(write_mu_);
  if (!writer_) return util::fail(closed_error(path_));
  auto v = apply_migrations(*writer_);
  if (!v) return v;
  // why: a migration that rebuilds follows or users drops the TEMP triggers on it.
  if (auto s = followers_cache_.install_triggers(*writer_); !s) return util::fail(std::move(s.error()));
  return v;
}

Result<int> SqliteStore::schema_version() {
  ReaderLease lease{acquire_reader(), [this](Connection* c) { release_reader(c); }};
  if (lease.conn == nullptr) return util::fail(closed_error(path_));
  return current_schema_version(*lease.conn);
}

Result<std::string> SqliteStore::integrity_check() {
  ReaderLease lease{acquire_reader(), [this](Connection* c) { release_reader(c); }};
  if (lease.conn == nullptr) return util::fail(closed_error(path_));
  PARLOIR_SQL_PREPARE(st, *lease.conn, "PRAGMA integrity_check");
  std::string out;
  for (;;) {
    auto row = st->step();
    if (!row) return util::fail(std::move(row.error()));
    if (!*row) break;
    if (!out.empty()) out += '\n';
    out += st->col_text(0);
  }
  return out;
}

void SqliteStore::close() {
  std::lock_guard write_lock(write_mu_);
  {
    std::unique_lock pool_lock(pool_mu_);
    closed_ = true;
    pool_cv_.notify_all();  // wake readers waiting for a connection: they now fail
    pool_cv_.wait(pool_lock, [this] { return free_readers_.size() == readers_.size(); });
    free_readers_.clear();
    readers_.clear();
  }
  if (!writer_) return;
  {
    // why: TRUNCATE folds the WAL into the database and empties it, so a closed store is one
    // self-contained file (safe to copy for backups).
    auto st = writer_->prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!st) {
      spdlog::warn("store: checkpoint of {} failed: {}", path_, st.error().detail);
    } else if (auto row = st->step(); !row) {
      spdlog::warn("store: checkpoint of {} failed: {}", path_, row.error().detail);
    } else if (*row && st->col_int(0) != 0) {
      spdlog::info("store: checkpoint of {} incomplete (another process is reading)", path_);
    }
  }  // the statement lease ends before the connection closes
  writer_.reset();
}

}  // namespace parloir::store::sqlite

namespace parloir::store {

Result<std::unique_ptr<Store>> open_sqlite(const SqliteOptions& options) {
  auto store = sqlite::SqliteStore::open(options);
  if (!store) return util::fail(std::move(store.error()));
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace parloir::store
