// The SQLite implementations of store/personal.h: lists, markers, conversations (per-viewer
// state) and search. Internal to store/sqlite; handed out by SqliteTx (repos.h). Ownership and
// thread-safety as in repos.h: they borrow the transaction's Connection and are used by its
// thread only. Write methods fail with ErrorCode::internal inside read().
//
// Tables: migration 3 (migration_3.h). Every statement is constant SQL, prepared once per
// connection and reused.
#pragma once

#include "store/personal.h"
#include "store/sqlite/repo_base.h"

namespace parloir::store::sqlite {

// lists, list_accounts. Membership rows get database-assigned ids (their paging cursors).
class SqliteListRepo final : public ListRepo, private RepoBase {
 public:
  SqliteListRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}

  Status insert(const core::List& list) override;
  Status update(const core::List& list) override;
  Result<bool> remove(Id list_id) override;
  Result<std::optional<core::List>> find(Id list_id) override;
  Result<std::vector<core::List>> list_of(Id owner_id) override;
  Result<std::vector<core::List>> lists_containing(Id owner_id, Id member_id) override;
  // Unknown account ids are a foreign-key failure (internal): callers check them first.
  Status add_members(Id list_id, const std::vector<Id>& account_ids) override;
  Status remove_members(Id list_id, const std::vector<Id>& account_ids) override;
  Result<std::vector<Cursored<Id>>> list_members(Id list_id, const PageRequest& page) override;
  Result<std::vector<Id>> all_member_ids(Id list_id) override;
  Result<std::vector<Id>> exclusive_list_owners(Id member_id) override;
  Result<std::vector<Id>> exclusive_members(Id owner_id) override;
  // One index range scan of statuses_account per account, merged.
  Result<std::vector<Id>> status_ids_by_accounts(const std::vector<Id>& account_ids, const PageRequest& page) override;
};

// markers.
class SqliteMarkerRepo final : public MarkerRepo, private RepoBase {
 public:
  SqliteMarkerRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Result<std::vector<core::Marker>> find(Id account_id, const std::vector<std::string>& timelines) override;
  Result<core::Marker> save(Id account_id, const std::string& timeline, Id last_read_id, std::int64_t now) override;
};

// conversation_states, over the direct statuses (statuses.visibility = direct) and mentions.
class SqliteConversationRepo final : public ConversationRepo, private RepoBase {
 public:
  SqliteConversationRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Result<std::vector<ConversationSummary>> list(Id account_id, const PageRequest& page) override;
  Result<std::optional<ConversationSummary>> find(Id account_id, Id conversation_id) override;
  Status mark_read(Id account_id, Id conversation_id, Id status_id) override;
  Status hide(Id account_id, Id conversation_id, Id status_id) override;
  Result<std::vector<Id>> status_ids(Id account_id, Id conversation_id, int limit) override;
};

// accounts (LIKE prefix scans), tags, status_search (FTS5).
class SqliteSearchRepo final : public SearchRepo, private RepoBase {
 public:
  SqliteSearchRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Result<std::vector<core::Account>> accounts(const AccountSearch& query) override;
  Result<std::vector<std::string>> tags(const std::string& prefix, int limit, int offset) override;
  // A malformed MATCH expression fails with bad_request.
  Result<std::vector<core::Status>> statuses(const StatusSearch& query) override;
  Result<bool> has_pending_statuses() override;
  Result<int> index_pending_statuses(int max) override;
};

}  // namespace parloir::store::sqlite
