// SqliteMediaRepo: store/media.h on SQLite (table media_attachments, migration 6). Internal to
// store/sqlite; ownership and thread-safety as in repos.h.
#pragma once

#include "store/media.h"
#include "store/sqlite/repo_base.h"

namespace parloir::store::sqlite {

class SqliteMediaRepo final : public MediaRepo, private RepoBase {
 public:
  SqliteMediaRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}

  Status insert(const core::MediaAttachment& m) override;
  Result<std::optional<core::MediaAttachment>> find(Id id) override;
  Result<std::vector<core::MediaAttachment>> find_many(const std::vector<Id>& ids) override;
  Result<std::vector<core::MediaAttachment>> list_for_statuses(const std::vector<Id>& status_ids) override;
  Status update_details(Id id, const std::string& description, double focus_x, double focus_y) override;
  // Atomic on its own (a savepoint).
  Status attach(Id status_id, const std::vector<Id>& ids) override;
  Result<bool> remove(Id id) override;
  Result<std::vector<core::MediaAttachment>> list_unattached_before(std::int64_t before_ms, int limit) override;
  Result<std::vector<std::string>> all_referenced_keys() override;
  Status set_files(const core::MediaAttachment& m) override;
  Status queue_remote_file(RemoteFileKind kind, Id owner, const std::string& url, std::int64_t now) override;
  Status forget_remote_file(RemoteFileKind kind, Id owner) override;
  Result<std::vector<RemoteFile>> claim_remote_files(std::int64_t now, std::int64_t lease_until, int limit) override;
  Result<bool> settle_remote_file(RemoteFileKind kind, Id owner, const std::string& url, RemoteFileState state,
                                  int attempts, std::int64_t at) override;
  Result<std::vector<RemoteFile>> cached_remote_files_before(std::int64_t before_ms, int limit) override;
};

}  // namespace parloir::store::sqlite
