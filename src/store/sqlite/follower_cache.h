// FollowerCache: each account's followers, kept in memory for the writer connection so posting
// does not read ~200 follows rows from SQLite twice per status: the local ones with their flags
// (store::LocalFollowers, for fan-out) and the ids of the others (remote accounts, whose inboxes
// the federation outbox looks up).
//
// Exactness: the cache is only read and filled inside write transactions, which see the latest
// committed state and are serialised (SqliteStore::write_mu_). Every change to `follows` or
// `users` made through the writer connection — by any statement, foreign-key cascades included —
// fires a TEMP trigger (install_triggers) that calls back into the cache: the target's entry is
// dropped (a `users` change drops everything), and the current transaction may no longer fill
// that entry, so a rollback cannot leave a list the database never held. Changes by another
// process (the admin CLI) are detected with PRAGMA data_version at the start of each write
// transaction, which empties the cache.
//
// Memory: at most kMaxFollowers follower entries (9 bytes local, 8 remote) in total; when a new
// list would pass the bound the whole cache is dropped and refills on demand.
//
// Thread-safety: none of its own; every call happens under SqliteStore::write_mu_ (the trigger
// callback runs on the writer connection, inside a write transaction).
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "store/social.h"
#include "store/sqlite/sqlite_db.h"

namespace parloir::store::sqlite {

class FollowerCache {
 public:
  static constexpr std::size_t kMaxFollowers = 1'000'000;

  // Creates the TEMP triggers and the SQL function they call on `writer` (after migrations:
  // follows and users must exist). The cache may be used only once this succeeded (armed()).
  Status install_triggers(Connection& writer);
  bool armed() const { return armed_; }

  // Called after BEGIN IMMEDIATE: empties the cache when another connection (another process)
  // committed since the last write transaction, and opens this transaction's scope.
  Status begin(Connection& writer);
  // Closes the transaction's scope (commit or rollback).
  void end() { in_tx_ = false; dirty_.clear(); frozen_ = false; }

  struct Lists {
    LocalFollowersPtr local;   // never null
    std::vector<Id> remote;    // followers without a local login, in follow order
  };
  using ListsPtr = std::shared_ptr<const Lists>;

  // The target's followers: cached, or read on `writer` (inside the current write transaction)
  // and cached unless this transaction changed them.
  Result<ListsPtr> get(Connection& writer, Id target);

  // Trigger callbacks: a follows row with this target changed / a users row changed.
  void follows_changed(Id target);
  void users_changed();

  std::size_t entries() const { return lists_.size(); }
  std::size_t followers() const { return total_; }

 private:
  void clear() {
    lists_.clear();
    total_ = 0;
  }

  // The cached lists, or null when absent or when this transaction changed them.
  ListsPtr find(Id target) const;
  void offer(Id target, ListsPtr lists);
  static std::size_t size_of(const Lists& l) { return l.local->ids.size() + l.remote.size(); }

  std::unordered_map<Id, ListsPtr> lists_;
  std::size_t total_ = 0;                 // sum of cached lists' sizes
  std::unordered_set<Id> dirty_;          // targets changed in the current transaction
  bool frozen_ = false;                   // a users change: no fills until the transaction ends
  bool in_tx_ = false;
  bool armed_ = false;                    // the triggers are installed
  std::int64_t data_version_ = -1;        // PRAGMA data_version last seen on the writer
};

}  // namespace parloir::store::sqlite
