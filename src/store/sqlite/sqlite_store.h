// SqliteStore: the SQLite implementation of store::Store (see store/store.h for the contract).
//
// Ownership: owns one writer Connection and `read_connections` reader Connections (opened with
// SQLITE_OPEN_READONLY, so writes inside read() fail at the SQLite level too). Created by
// store::open_sqlite(); destroying it calls close().
//
// Thread-safety: all public methods may be called from any thread concurrently.
//  - write_mu_ guards writer_ and serialises write transactions (and migrate()) in this process;
//    across processes (admin CLI vs server) BEGIN IMMEDIATE plus busy_timeout make writers wait
//    for each other instead of failing.
//  - pool_mu_ guards readers_, free_readers_ and closed_; read() checks a connection out for the
//    duration of one transaction and blocks (pool_cv_) while none is free.
//  Lock order: write_mu_ before pool_mu_ (only close() takes both).
//  write() must not be called from inside write() on the same thread (it returns an error rather
//  than deadlocking); read() inside read() can deadlock when the pool is exhausted: don't nest.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sqlite/follower_cache.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace parloir::store::sqlite {

class SqliteStore final : public Store {
 public:
  // Opens the writer (creating the file and its parent directory) and the readers, and migrates
  // when options.migrate_on_open. Errors name the path. The path must be a file (":memory:" is
  // refused: the connections must share one database); read_connections < 1 counts as 1.
  static Result<std::unique_ptr<SqliteStore>> open(const SqliteOptions& options);
  ~SqliteStore() override;

  Status write(const std::function<Status(Tx&)>& fn) override;
  Status read(const std::function<Status(Tx&)>& fn) override;
  Result<int> migrate() override;
  Result<int> schema_version() override;
  Result<std::string> integrity_check() override;
  void close() override;

 private:
  explicit SqliteStore(std::string path) : path_(std::move(path)) {}

  // Checks a reader out (blocking while none is free); nullptr once closed.
  Connection* acquire_reader();
  void release_reader(Connection* conn);

  const std::string path_;

  std::mutex write_mu_;
  std::unique_ptr<Connection> writer_;            // guarded by write_mu_; null once closed
  std::atomic<std::thread::id> write_owner_{};    // thread inside write(), to refuse nesting
  FollowerCache followers_cache_;                 // guarded by write_mu_ (follower_cache.h)
  bool use_followers_cache_ = true;               // set once in open()

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;  // guarded by pool_mu_
  std::vector<Connection*> free_readers_;              // guarded by pool_mu_
  bool closed_ = false;                                // guarded by pool_mu_
};

}  // namespace parloir::store::sqlite
