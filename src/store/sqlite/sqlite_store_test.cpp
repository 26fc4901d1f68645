// SQLite-specific behaviour: file handling, WAL, migrations bookkeeping, locking across
// processes, the reader pool, the statement cache and error mapping. The backend-neutral contract
// is tested in store/*_test.cpp.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store_test_support.h"

namespace parloir::store::sqlite {
namespace {

using namespace std::chrono_literals;
using testing::add_local;
using testing::describe;
using util::ErrorCode;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "parloir-sqlite-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/nested/dir/db.sqlite3";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::unique_ptr<Store> open(SqliteOptions o = {}) {
    if (o.path.empty()) o.path = path_;
    auto r = open_sqlite(o);
    EXPECT_TRUE(r) << (r ? "" : describe(r.error()));
    return r ? std::move(*r) : nullptr;
  }
  // A raw connection, as another process (sqlite3 CLI, admin tool) would have.
  sqlite3* raw_connection() {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    return db;
  }
  static std::string query_text(sqlite3* db, const char* sql) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return out;
  }

  std::string dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, OpenCreatesParentDirectoryAndEnablesWal) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(std::filesystem::exists(path_));
  sqlite3* db = raw_connection();
  EXPECT_EQ(query_text(db, "PRAGMA journal_mode"), "wal");  // persistent in the file
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, OpenErrorNamesThePath) {
  const std::string blocker = dir_ + "/not_a_dir";
  std::ofstream(blocker) << "x";
  SqliteOptions o;
  o.path = blocker + "/db.sqlite3";
  auto r = open_sqlite(o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().public_message.find(o.path), std::string::npos) << r.error().public_message;

  o.path = "";
  EXPECT_FALSE(open_sqlite(o));
}

TEST_F(SqliteStoreTest, MigrationsAreRecordedOnceEachAndCanBeDeferred) {
  SqliteOptions o;
  o.migrate_on_open = false;
  auto store = open(o);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->schema_version(), 0);
  const int latest = migrations().back().version;
  EXPECT_EQ(*store->migrate(), latest);
  EXPECT_EQ(*store->migrate(), latest);
  store->close();
  store = open();  // migrate_on_open with nothing pending
  EXPECT_EQ(*store->schema_version(), latest);
  sqlite3* db = raw_connection();
  EXPECT_EQ(query_text(db, "SELECT count(*) FROM schema_migrations"), std::to_string(migrations().size()));
  EXPECT_NE(query_text(db, "SELECT min(applied_at) FROM schema_migrations"), "0");
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, MigrationVersionsIncrease) {
  int last = 0;
  for (const auto& m : migrations()) {
    EXPECT_GT(m.version, last) << m.name;
    last = m.version;
  }
}

TEST_F(SqliteStoreTest, NestedWriteFailsInsteadOfDeadlocking) {
  auto store = open();
  auto s = store->write([&](Tx&) -> Status { return store->write([](Tx&) -> Status { return {}; }); });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::internal);
  EXPECT_TRUE(store->write([](Tx&) -> Status { return {}; }));
}

TEST_F(SqliteStoreTest, WriteWaitsForAnotherProcessHoldingTheWriteLock) {
  auto store = open();
  sqlite3* other = raw_connection();
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread release([&] {
    std::this_thread::sleep_for(300ms);
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  const auto start = std::chrono::steady_clock::now();
  auto s = add_local(*store, 1, "alice");
  const auto waited = std::chrono::steady_clock::now() - start;
  release.join();
  EXPECT_TRUE(s) << describe(s.error());
  EXPECT_GE(waited, 250ms);
  sqlite3_close(other);
}

TEST_F(SqliteStoreTest, WriteGivesUpAfterBusyTimeoutAsUnavailable) {
  SqliteOptions o;
  o.busy_timeout_ms = 100;
  auto store = open(o);
  sqlite3* other = raw_connection();
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto s = add_local(*store, 1, "alice");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::unavailable);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE(add_local(*store, 1, "alice"));  // the store recovered
}

TEST_F(SqliteStoreTest, ReadBlocksWhileEveryReaderIsCheckedOut) {
  SqliteOptions o;
  o.read_connections = 1;
  auto store = open(o);
  std::atomic<bool> first_inside{false};
  std::atomic<bool> first_done{false};
  std::thread first([&] {
    (void)store->read([&](Tx&) -> Status {
      first_inside = true;
      std::this_thread::sleep_for(200ms);
      first_done = true;
      return {};
    });
  });
  while (!first_inside) std::this_thread::yield();
  bool saw_first_done = false;
  EXPECT_TRUE(store->read([&](Tx&) -> Status {
    saw_first_done = first_done.load();
    return {};
  }));
  first.join();
  EXPECT_TRUE(saw_first_done);
}

TEST_F(SqliteStoreTest, CommittedDataSurvivesKillOfTheWritingProcess) {
  { auto created = open(); }  // create and migrate in this process first
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    SqliteOptions o;
    o.path = path_;
    auto store = open_sqlite(o);
    if (!store) ::_exit(2);
    for (int i = 1; i <= 50; ++i) {
      if (!add_local(**store, i, "user" + std::to_string(i))) ::_exit(3);
    }
    ::raise(SIGKILL);  // no close(), no checkpoint, no destructors
    ::_exit(4);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;
  auto store = open();
  ASSERT_TRUE(store->read([&](Tx& tx) -> Status {
    EXPECT_EQ(*tx.accounts().count_local_users(), 50);
    return {};
  }));
  EXPECT_EQ(*store->integrity_check(), "ok");
}

TEST_F(SqliteStoreTest, CloseLeavesNoWalBehind) {
  auto store = open();
  ASSERT_TRUE(add_local(*store, 1, "alice"));
  store->close();
  const std::string wal = path_ + "-wal";
  EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);
}

// ---- Connection and error mapping -------------------------------------------------------------

TEST_F(SqliteStoreTest, ReadOnlyConnectionRejectsWritesAtSqliteLevel) {
  auto store = open();  // creates and migrates the file
  ConnectionOptions co;
  co.path = path_;
  co.read_only = true;
  auto conn = Connection::open(co);
  ASSERT_TRUE(conn) << describe(conn.error());
  auto s = (*conn)->exec_script("INSERT INTO meta (key, value) VALUES ('k', 'v')");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::internal);
  EXPECT_NE(s.error().detail.find("readonly"), std::string::npos) << s.error().detail;
}

TEST_F(SqliteStoreTest, StatementCacheServesReentrantUse) {
  auto store = open();
  ConnectionOptions co;
  co.path = path_;
  auto conn = Connection::open(co);
  ASSERT_TRUE(conn);
  Connection& c = **conn;
  const char* sql = "SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2) ORDER BY value";
  auto outer = c.prepare(sql);
  ASSERT_TRUE(outer);
  ASSERT_TRUE(*outer->step());
  EXPECT_EQ(outer->col_int(0), 1);
  {
    auto inner = c.prepare(sql);  // the cached one is busy: gets its own statement
    ASSERT_TRUE(inner);
    ASSERT_TRUE(*inner->step());
    EXPECT_EQ(inner->col_int(0), 1);
  }
  ASSERT_TRUE(*outer->step());
  EXPECT_EQ(outer->col_int(0), 2);  // outer's cursor was not disturbed
}

TEST_F(SqliteStoreTest, ErrorCodesMapToErrorKinds) {
  EXPECT_EQ(make_error(nullptr, SQLITE_CONSTRAINT_UNIQUE, "x").code, ErrorCode::conflict);
  EXPECT_EQ(make_error(nullptr, SQLITE_BUSY, "x").code, ErrorCode::unavailable);
  EXPECT_EQ(make_error(nullptr, SQLITE_BUSY_SNAPSHOT, "x").code, ErrorCode::unavailable);
  EXPECT_EQ(make_error(nullptr, SQLITE_CONSTRAINT_NOTNULL, "x").code, ErrorCode::internal);
  EXPECT_EQ(make_error(nullptr, SQLITE_CONSTRAINT_PRIMARYKEY, "x").code, ErrorCode::internal);
  EXPECT_EQ(make_error(nullptr, SQLITE_IOERR, "x").code, ErrorCode::internal);
  EXPECT_NE(make_error(nullptr, SQLITE_IOERR, "the sql").detail.find("the sql"), std::string::npos);
}

}  // namespace
}  // namespace parloir::store::sqlite
