// SQLite implementations of store/org.h (tables: migration 8). Internal to store/sqlite; handed
// out by SqliteTx (repos.h). Ownership and thread-safety as in repos.h.
#pragma once

#include "store/org.h"
#include "store/sqlite/repo_base.h"

namespace parloir::store::sqlite {

class SqliteInviteRepo final : public InviteRepo, private RepoBase {
 public:
  SqliteInviteRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Status insert(const core::Invite& invite) override;
  Result<std::optional<core::Invite>> find_by_code(const std::string& code) override;
  Result<std::vector<core::Invite>> list(int limit) override;
  Result<bool> use(const std::string& code, std::int64_t now_ms) override;
  Result<bool> remove(Id id) override;
};

class SqliteAnnouncementRepo final : public AnnouncementRepo, private RepoBase {
 public:
  SqliteAnnouncementRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Status insert(const core::Announcement& a) override;
  Status update(const core::Announcement& a) override;
  Result<bool> remove(Id id) override;
  Result<std::optional<core::Announcement>> find(Id id) override;
  Result<std::vector<core::Announcement>> list_all(int limit) override;
  Result<std::vector<core::AnnouncementView>> list_active(Id viewer, std::int64_t now_ms, bool with_dismissed) override;
  Status dismiss(Id announcement_id, Id account_id) override;
  Result<bool> add_reaction(Id announcement_id, Id account_id, const std::string& name, std::int64_t now_ms) override;
  Result<bool> remove_reaction(Id announcement_id, Id account_id, const std::string& name) override;
  Result<std::int64_t> count_reaction_names(Id announcement_id) override;
};

class SqliteModerationRepo final : public ModerationRepo, private RepoBase {
 public:
  SqliteModerationRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Result<std::vector<Id>> list_local_accounts(ModerationStatus filter, const std::string& username,
                                              const PageRequest& page) override;
  Status set_approved(Id account_id, bool approved) override;
  Status set_disabled(Id account_id, bool disabled) override;
  Status delete_account(Id account_id) override;
  Result<core::ModerationFlags> flags(Id account_id) override;
  Result<std::vector<Id>> silenced_among(const std::vector<Id>& account_ids) override;
  Status set_flags(Id account_id, const core::ModerationFlags& flags) override;
  Status insert_report(const core::Report& r) override;
  Result<std::optional<core::Report>> find_report(Id id) override;
  Result<std::vector<core::Report>> list_reports(std::optional<bool> resolved, const PageRequest& page) override;
  Status update_report(const core::Report& r) override;
  Status insert_email_domain_block(const core::EmailDomainBlock& b) override;
  Result<std::vector<core::EmailDomainBlock>> list_email_domain_blocks(const PageRequest& page) override;
  Result<std::optional<core::EmailDomainBlock>> find_email_domain_block(Id id) override;
  Result<bool> remove_email_domain_block(Id id) override;
  Result<std::optional<std::string>> blocked_email_domain(const std::string& domain) override;
  Status log(const core::AuditEntry& e) override;
  Result<std::vector<core::AuditEntry>> audit_log(const PageRequest& page) override;
};

class SqliteStatusExpiryRepo final : public StatusExpiryRepo, private RepoBase {
 public:
  SqliteStatusExpiryRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Status schedule(Id status_id, std::int64_t expires_at) override;
  Result<std::optional<std::int64_t>> expires_at(Id status_id) override;
  Result<std::vector<std::pair<Id, Id>>> due(std::int64_t now_ms, int limit) override;
};

class SqliteEventOutboxRepo final : public EventOutboxRepo, private RepoBase {
 public:
  SqliteEventOutboxRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Result<std::int64_t> append(const std::string& payload, std::int64_t now_ms) override;
  Result<std::vector<OutboxEvent>> after(std::int64_t after, int limit) override;
  Result<std::int64_t> last_seq() override;
  Result<std::int64_t> prune(std::int64_t before_ms) override;
};

class SqliteRuleRepo final : public RuleRepo, private RepoBase {
 public:
  SqliteRuleRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Result<core::Rule> insert(const core::Rule& r) override;
  Status update(const core::Rule& r) override;
  Result<bool> remove(Id id, std::int64_t now_ms) override;
  Result<std::optional<core::Rule>> find(Id id) override;
  Result<std::vector<core::Rule>> list() override;
  Result<std::vector<core::Rule>> find_any(const std::vector<Id>& ids) override;
  Result<std::int64_t> count_ever() override;
};

class SqliteInstanceSettingRepo final : public InstanceSettingRepo, private RepoBase {
 public:
  SqliteInstanceSettingRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Result<std::vector<std::pair<std::string, std::string>>> list() override;
  Status put(const std::string& key, const std::string& value, std::int64_t now_ms) override;
  Status remove(const std::string& key) override;
};

}  // namespace parloir::store::sqlite
