// Repository interfaces for organisation controls (tables: migration 8): invites, announcements,
// moderation (approval queue, account flags, reports, the audit log) and status expiry. Same
// contract as store.h: reached through a Tx, blocking, SQL-free callers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/org.h"
#include "core/status.h"
#include "util/result.h"

namespace parloir::store {

class InviteRepo {
 public:
  virtual ~InviteRepo() = default;
  // Fails with conflict when the code exists.
  virtual util::Status insert(const core::Invite& invite) = 0;
  virtual util::Result<std::optional<core::Invite>> find_by_code(const std::string& code) = 0;
  // Newest first, at most `limit`.
  virtual util::Result<std::vector<core::Invite>> list(int limit) = 0;
  // Counts one use of `code` when it is valid at `now_ms` (not expired, not exhausted), in one
  // statement. False when missing, expired or used up.
  virtual util::Result<bool> use(const std::string& code, std::int64_t now_ms) = 0;
  virtual util::Result<bool> remove(core::Id id) = 0;
};

class AnnouncementRepo {
 public:
  virtual ~AnnouncementRepo() = default;
  virtual util::Status insert(const core::Announcement& a) = 0;
  // text, content, starts_at, ends_at, all_day, published_at, updated_at. not_found when missing.
  virtual util::Status update(const core::Announcement& a) = 0;
  // Deletes it with its dismissals and reactions. False when missing.
  virtual util::Result<bool> remove(core::Id id) = 0;
  virtual util::Result<std::optional<core::Announcement>> find(core::Id id) = 0;
  // Every announcement (drafts too), newest first, at most `limit` (administration).
  virtual util::Result<std::vector<core::Announcement>> list_all(int limit) = 0;
  // Published ones not ended at `now_ms` (ends_at NULL or > now), as `viewer` sees them, newest
  // first; without those the viewer dismissed unless `with_dismissed`. Two queries.
  virtual util::Result<std::vector<core::AnnouncementView>> list_active(core::Id viewer, std::int64_t now_ms,
                                                                       bool with_dismissed) = 0;
  // Idempotent.
  virtual util::Status dismiss(core::Id announcement_id, core::Id account_id) = 0;
  // True when added / removed (false: already there / not there).
  virtual util::Result<bool> add_reaction(core::Id announcement_id, core::Id account_id, const std::string& name,
                                          std::int64_t now_ms) = 0;
  virtual util::Result<bool> remove_reaction(core::Id announcement_id, core::Id account_id,
                                             const std::string& name) = 0;
  // How many distinct reaction names the announcement has.
  virtual util::Result<std::int64_t> count_reaction_names(core::Id announcement_id) = 0;
};

// Which local accounts an admin list shows.
enum class ModerationStatus { any, active, pending, disabled, silenced, suspended };

class ModerationRepo {
 public:
  virtual ~ModerationRepo() = default;
  // Local accounts matching `filter` (and, when not empty, whose username contains `username`),
  // paged by account id, newest first.
  virtual util::Result<std::vector<core::Id>> list_local_accounts(ModerationStatus filter,
                                                                 const std::string& username,
                                                                 const core::PageRequest& page) = 0;
  virtual util::Status set_approved(core::Id account_id, bool approved) = 0;
  virtual util::Status set_disabled(core::Id account_id, bool disabled) = 0;
  // Deletes a local account with its user and everything that cascades (a rejected sign-up).
  virtual util::Status delete_account(core::Id account_id) = 0;
  virtual util::Result<core::ModerationFlags> flags(core::Id account_id) = 0;
  // Which of `account_ids` are silenced (order unspecified). One indexed lookup per batch.
  virtual util::Result<std::vector<core::Id>> silenced_among(const std::vector<core::Id>& account_ids) = 0;
  virtual util::Status set_flags(core::Id account_id, const core::ModerationFlags& flags) = 0;

  virtual util::Status insert_report(const core::Report& r) = 0;
  virtual util::Result<std::optional<core::Report>> find_report(core::Id id) = 0;
  // resolved: only those with action_taken_at set (true) or not (false). Paged by id, newest first.
  virtual util::Result<std::vector<core::Report>> list_reports(std::optional<bool> resolved,
                                                              const core::PageRequest& page) = 0;
  // assigned_account_id, action_taken_by, action_taken_at, updated_at. not_found when missing.
  virtual util::Status update_report(const core::Report& r) = 0;

  // Fails with conflict when the domain is already blocked.
  virtual util::Status insert_email_domain_block(const core::EmailDomainBlock& b) = 0;
  virtual util::Result<std::vector<core::EmailDomainBlock>> list_email_domain_blocks(const core::PageRequest& page) = 0;
  virtual util::Result<std::optional<core::EmailDomainBlock>> find_email_domain_block(core::Id id) = 0;
  virtual util::Result<bool> remove_email_domain_block(core::Id id) = 0;
  // The block covering `domain` or one of its parent domains ("a.b.example" is covered by a
  // block of "b.example"), if any; one indexed lookup per label.
  virtual util::Result<std::optional<std::string>> blocked_email_domain(const std::string& domain) = 0;

  virtual util::Status log(const core::AuditEntry& e) = 0;
  // Paged by id, newest first.
  virtual util::Result<std::vector<core::AuditEntry>> audit_log(const core::PageRequest& page) = 0;
};

// Instance rules (migration 12). Deleting is soft (deleted_at), so a report keeps naming the
// rule it cited; every read but find_any sees live rules only.
class RuleRepo {
 public:
  virtual ~RuleRepo() = default;
  // Inserts `r` (id ignored); returns it with the id the database assigned.
  virtual util::Result<core::Rule> insert(const core::Rule& r) = 0;
  // text, hint, priority, updated_at of a live rule. not_found when missing or deleted.
  virtual util::Status update(const core::Rule& r) = 0;
  // Marks a live rule deleted at now_ms. False when missing or already deleted.
  virtual util::Result<bool> remove(core::Id id, std::int64_t now_ms) = 0;
  virtual util::Result<std::optional<core::Rule>> find(core::Id id) = 0;
  // Live rules by priority, then id.
  virtual util::Result<std::vector<core::Rule>> list() = 0;
  // The rules among `ids`, deleted ones too, by priority then id (a report's rules).
  virtual util::Result<std::vector<core::Rule>> find_any(const std::vector<core::Id>& ids) = 0;
  // How many rules were ever created, deleted ones included (seeding happens only at 0).
  virtual util::Result<std::int64_t> count_ever() = 0;
};

// Instance settings an admin changed (migration 17): key -> value, absent = the configuration's
// value. Keys and values are validated by services/instance_settings.h.
class InstanceSettingRepo {
 public:
  virtual ~InstanceSettingRepo() = default;
  // Every stored (key, value), by key.
  virtual util::Result<std::vector<std::pair<std::string, std::string>>> list() = 0;
  // Inserts or replaces.
  virtual util::Status put(const std::string& key, const std::string& value, std::int64_t now_ms) = 0;
  // Removes the row (back to the configuration's value); no error when absent.
  virtual util::Status remove(const std::string& key) = 0;
};

// When statuses with an expiry (`expires_in`) are due for deletion.
class StatusExpiryRepo {
 public:
  virtual ~StatusExpiryRepo() = default;
  // Inserts or replaces the status's expiry time.
  virtual util::Status schedule(core::Id status_id, std::int64_t expires_at) = 0;
  virtual util::Result<std::optional<std::int64_t>> expires_at(core::Id status_id) = 0;
  // (status id, author account id) of those due at `now_ms`, oldest due first, at most `limit`.
  virtual util::Result<std::vector<std::pair<core::Id, core::Id>>> due(std::int64_t now_ms, int limit) = 0;
};

// Cross-process events (migration 10): a process without the running server's event hub (the
// admin CLI) appends serialised events; the server reads those after its cursor each second.
struct OutboxEvent {
  std::int64_t seq = 0;  // increasing, never reused
  std::string payload;
  std::int64_t created_at = 0;
};

class EventOutboxRepo {
 public:
  virtual ~EventOutboxRepo() = default;
  // Appends one event; returns its sequence number.
  virtual util::Result<std::int64_t> append(const std::string& payload, std::int64_t now_ms) = 0;
  // Events with seq > after, oldest first, at most `limit`.
  virtual util::Result<std::vector<OutboxEvent>> after(std::int64_t after, int limit) = 0;
  // The highest sequence number ever appended (0 when none).
  virtual util::Result<std::int64_t> last_seq() = 0;
  // Deletes events created before `before_ms`; returns how many.
  virtual util::Result<std::int64_t> prune(std::int64_t before_ms) = 0;
};

}  // namespace parloir::store
