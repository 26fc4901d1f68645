#include "store/sqlite/follower_cache.h"

#include <sqlite3.h>

namespace parloir::store::sqlite {

namespace {

// parloir_follows_changed(target_account_id) / parloir_users_changed(): the TEMP triggers' hooks.
void follows_changed_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  static_cast<FollowerCache*>(sqlite3_user_data(ctx))->follows_changed(sqlite3_value_int64(argv[0]));
  sqlite3_result_null(ctx);
}

void users_changed_fn(sqlite3_context* ctx, int, sqlite3_value**) {
  static_cast<FollowerCache*>(sqlite3_user_data(ctx))->users_changed();
  sqlite3_result_null(ctx);
}

// why: TEMP triggers live in this connection only, so the readers and other processes pay
// nothing; they fire for foreign-key cascades too (deleting an account deletes its follows).
constexpr const char* kTriggers = R"SQL(
CREATE TEMP TRIGGER IF NOT EXISTS parloir_fc_follows_ins AFTER INSERT ON main.follows
  BEGIN SELECT parloir_follows_changed(NEW.target_account_id); END;
CREATE TEMP TRIGGER IF NOT EXISTS parloir_fc_follows_del AFTER DELETE ON main.follows
  BEGIN SELECT parloir_follows_changed(OLD.target_account_id); END;
CREATE TEMP TRIGGER IF NOT EXISTS parloir_fc_follows_upd AFTER UPDATE ON main.follows
  BEGIN
    SELECT parloir_follows_changed(OLD.target_account_id);
    SELECT parloir_follows_changed(NEW.target_account_id);
  END;
CREATE TEMP TRIGGER IF NOT EXISTS parloir_fc_users_ins AFTER INSERT ON main.users
  BEGIN SELECT parloir_users_changed(); END;
CREATE TEMP TRIGGER IF NOT EXISTS parloir_fc_users_del AFTER DELETE ON main.users
  BEGIN SELECT parloir_users_changed(); END;
CREATE TEMP TRIGGER IF NOT EXISTS parloir_fc_users_upd AFTER UPDATE OF account_id ON main.users
  BEGIN SELECT parloir_users_changed(); END;
)SQL";

}  // namespace

Status FollowerCache::install_triggers(Connection& writer) {
  sqlite3* db = writer.handle();
  int rc = sqlite3_create_function(db, "parloir_follows_changed", 1, SQLITE_UTF8, this,
                                   follows_changed_fn, nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "parloir_users_changed", 0, SQLITE_UTF8, this,
                                 users_changed_fn, nullptr, nullptr);
  if (rc != SQLITE_OK) return util::fail(make_error(db, rc, "registering the follower cache's functions"));
  if (auto s = writer.exec_script(kTriggers); !s) return s;
  armed_ = true;
  return {};
}

Status FollowerCache::begin(Connection& writer) {
  in_tx_ = true;
  dirty_.clear();
  frozen_ = false;
  PARLOIR_SQL_PREPARE(st, writer, "PRAGMA data_version");
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  std::int64_t v = *row ? st->col_int(0) : -1;
  if (v != data_version_) {
    clear();
    data_version_ = v;
  }
  return {};
}

FollowerCache::ListsPtr FollowerCache::find(Id target) const {
  if (!in_tx_ || frozen_ || dirty_.count(target)) return nullptr;
  auto it = lists_.find(target);
  return it == lists_.end() ? nullptr : it->second;
}

void FollowerCache::offer(Id target, ListsPtr lists) {
  if (!in_tx_ || frozen_ || !lists || dirty_.count(target)) return;
  const std::size_t n = size_of(*lists);
  if (n > kMaxFollowers) return;
  if (total_ + n > kMaxFollowers) clear();
  auto [it, fresh] = lists_.try_emplace(target, lists);
  if (!fresh) {
    total_ -= size_of(*it->second);
    it->second = std::move(lists);
  }
  total_ += n;
}

Result<FollowerCache::ListsPtr> FollowerCache::get(Connection& writer, Id target) {
  if (auto hit = find(target)) return hit;
  PARLOIR_SQL_PREPARE(st, writer,
                      "SELECT f.account_id, f.show_reblogs, f.notify, u.account_id IS NOT NULL "
                      "FROM follows f INDEXED BY follows_target LEFT JOIN users u ON u.account_id = f.account_id "
                      "WHERE f.target_account_id = ? ORDER BY f.id");
  st->bind_int(1, target);
  auto local = std::make_shared<LocalFollowers>();
  auto lists = std::make_shared<Lists>();
  for (;;) {
    auto row = st->step();
    if (!row) return util::fail(std::move(row.error()));
    if (!*row) break;
    if (!st->col_bool(3)) {
      lists->remote.push_back(st->col_int(0));
      continue;
    }
    local->ids.push_back(st->col_int(0));
    local->flags.push_back(static_cast<std::uint8_t>((st->col_bool(1) ? LocalFollowers::kShowReblogs : 0) |
                                                     (st->col_bool(2) ? LocalFollowers::kNotify : 0)));
  }
  local->ids.shrink_to_fit();
  local->flags.shrink_to_fit();
  lists->remote.shrink_to_fit();
  lists->local = std::move(local);
  ListsPtr out = std::move(lists);
  offer(target, out);
  return out;
}

void FollowerCache::follows_changed(Id target) {
  dirty_.insert(target);
  auto it = lists_.find(target);
  if (it == lists_.end()) return;
  total_ -= size_of(*it->second);
  lists_.erase(it);
}

void FollowerCache::users_changed() {
  frozen_ = true;
  clear();
}

}  // namespace parloir::store::sqlite
