// SQLite implementations of store/filters.h (tables: migration 4 in migrations.cpp). Internal to
// store/sqlite; handed out by SqliteTx (repos.h). Ownership and thread-safety as in repos.h.
#pragma once

#include "store/filters.h"
#include "store/sqlite/repo_base.h"

namespace parloir::store::sqlite {

// filters, filter_keywords, filter_statuses. Deleting a filter (or its status) cascades.
class SqliteFilterRepo final : public FilterRepo, private RepoBase {
 public:
  SqliteFilterRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  // Atomic on its own (a savepoint).
  Status insert(const core::Filter& filter) override;
  Status update(const core::Filter& filter) override;
  Result<bool> remove(Id account_id, Id id) override;
  Result<std::optional<core::Filter>> find(Id account_id, Id id) override;
  Result<std::vector<core::Filter>> list(Id account_id, std::int64_t now_ms) override;
  Status insert_keyword(const core::FilterKeyword& keyword) override;
  Status update_keyword(const core::FilterKeyword& keyword) override;
  Result<bool> remove_keyword(Id account_id, Id id) override;
  Result<std::optional<core::FilterKeyword>> find_keyword(Id account_id, Id id) override;
  Status insert_status(const core::FilterStatus& status) override;
  Result<bool> remove_status(Id account_id, Id id) override;
  Result<std::optional<core::FilterStatus>> find_status(Id account_id, Id id) override;
};

// scheduled_statuses.
class SqliteScheduledStatusRepo final : public ScheduledStatusRepo, private RepoBase {
 public:
  SqliteScheduledStatusRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Status insert(const core::ScheduledStatus& s) override;
  Result<std::optional<core::ScheduledStatus>> find(Id account_id, Id id) override;
  Result<std::vector<core::ScheduledStatus>> list(Id account_id, const PageRequest& page) override;
  Status set_time(Id account_id, Id id, std::int64_t scheduled_at) override;
  Result<bool> remove(Id account_id, Id id) override;
  Result<std::vector<core::ScheduledStatus>> list_due(std::int64_t now_ms, int limit) override;
  Result<std::int64_t> count(Id account_id) override;
  Result<std::int64_t> count_between(Id account_id, std::int64_t from_ms, std::int64_t to_ms) override;
};

}  // namespace parloir::store::sqlite
