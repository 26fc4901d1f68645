// The storage port: repository interfaces per aggregate, reached through a transaction.
//
// Services never see SQL. They call Store::write / Store::read with a function that receives a
// Tx; the Tx hands out repositories bound to that transaction. A write transaction commits when
// the function returns success and rolls back on error or exception; once write() returns success
// the data is durable against a crash of the process (SQLite WAL, synchronous=NORMAL).
// Backends: store/sqlite (embedded default); store/postgres later, behind the same interfaces.
//
// Thread-safety: a Store is shared by all threads. Writes are serialised by the backend; reads
// run concurrently on pooled connections. Calls block: call them from the blocking pool,
// never from an I/O thread. A Tx and its repositories must not escape the function.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/oauth.h"
#include "store/federation.h"
#include "store/filters.h"
#include "store/org.h"
#include "store/media.h"
#include "store/personal.h"
#include "store/polls.h"
#include "store/social.h"
#include "util/result.h"

namespace parloir::store {

using core::Id;
using util::Result;
using util::Status;

// Accounts and their local logins.
class AccountRepo {
 public:
  virtual ~AccountRepo() = default;
  // Inserts an account (and for a local account, its user). Fails with conflict when the
  // username (case-insensitive, same domain) or the email is taken.
  virtual Status insert_local(const core::Account& account, const core::User& user) = 0;
  virtual Result<std::optional<core::Account>> find_by_id(Id id) = 0;
  // Case-insensitive; domain "" means local.
  virtual Result<std::optional<core::Account>> find_by_username(const std::string& username,
                                                                const std::string& domain) = 0;
  virtual Result<std::vector<core::Account>> find_by_ids(const std::vector<Id>& ids) = 0;
  virtual Result<std::optional<core::User>> find_user_by_email(const std::string& email) = 0;  // case-insensitive
  virtual Result<std::optional<core::User>> find_user_by_account(Id account_id) = 0;
  // Local accounts ordered by id, after `after_id`, at most `limit`.
  virtual Result<std::vector<core::Account>> list_local(Id after_id, int limit) = 0;
  virtual Status update_profile(const core::Account& account) = 0;  // display_name, note, fields, flags, images
  virtual Status set_role(Id account_id, core::Role role) = 0;
  virtual Status set_suspended(Id account_id, std::optional<std::int64_t> suspended_at) = 0;
  virtual Status set_password_hash(Id account_id, const std::string& hash, std::int64_t changed_at) = 0;
  // Records where the account moved (an accepted Move; nullopt clears it). find_by_id and
  // find_by_username then load that account into Account::moved_to (one level).
  virtual Status set_moved_to(Id account_id, std::optional<Id> target) = 0;
  virtual Status update_user_preferences(const core::User& user) = 0;  // default_privacy/sensitive/language, locale
  virtual Result<std::int64_t> count_local_users() = 0;
  virtual Result<std::int64_t> count_admins() = 0;  // local users with role admin or owner
};

// OAuth applications, authorization codes and access tokens.
class OAuthRepo {
 public:
  virtual ~OAuthRepo() = default;
  virtual Status insert_application(const core::Application& app) = 0;
  virtual Result<std::optional<core::Application>> find_application_by_client_id(const std::string& client_id) = 0;
  virtual Result<std::optional<core::Application>> find_application(Id id) = 0;

  virtual Status insert_code(const core::AuthorizationCode& code) = 0;
  // Deletes and returns the code (single use), or nullopt if unknown.
  virtual Result<std::optional<core::AuthorizationCode>> take_code(const std::string& code_hash) = 0;

  virtual Status insert_token(const core::AccessToken& token) = 0;
  // Returns the token even when revoked (callers check revoked_at).
  virtual Result<std::optional<core::AccessToken>> find_token(const std::string& token_hash) = 0;
  // Marks revoked; returns true if a live token belonging to application_id was revoked.
  virtual Result<bool> revoke_token(const std::string& token_hash, Id application_id, std::int64_t now) = 0;
  // Revokes every live token of an account (password change, suspension). Returns the count.
  virtual Result<std::int64_t> revoke_tokens_of_account(Id account_id, std::int64_t now) = 0;
  // The account's live (not revoked) tokens, oldest first (authorised applications page).
  virtual Result<std::vector<core::AccessToken>> live_tokens_of_account(Id account_id) = 0;
};

// Instance-wide counters and key/value settings.
class MetaRepo {
 public:
  virtual ~MetaRepo() = default;
  virtual Result<std::optional<std::string>> get(const std::string& key) = 0;
  virtual Status put(const std::string& key, const std::string& value) = 0;
};

class Tx {
 public:
  virtual ~Tx() = default;
  virtual AccountRepo& accounts() = 0;
  virtual OAuthRepo& oauth() = 0;
  virtual MetaRepo& meta() = 0;
  virtual StatusRepo& statuses() = 0;
  virtual GraphRepo& graph() = 0;
  virtual InteractionRepo& interactions() = 0;
  virtual NotificationRepo& notifications() = 0;
  virtual FilterRepo& filters() = 0;
  virtual ScheduledStatusRepo& scheduled_statuses() = 0;
  virtual ListRepo& lists() = 0;
  virtual MarkerRepo& markers() = 0;
  virtual ConversationRepo& conversations() = 0;
  virtual SearchRepo& search() = 0;
  virtual PollRepo& polls() = 0;
  // Organisation controls (store/org.h).
  virtual InviteRepo& invites() = 0;
  virtual AnnouncementRepo& announcements() = 0;
  virtual ModerationRepo& moderation() = 0;
  virtual StatusExpiryRepo& status_expiry() = 0;
  virtual EventOutboxRepo& event_outbox() = 0;
  virtual RuleRepo& rules() = 0;
  virtual InstanceSettingRepo& instance_settings() = 0;
  virtual FederationRepo& federation() = 0;
  virtual MediaRepo& media() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Runs fn inside one write transaction (serialised with other writers). Commits when fn
  // returns success; rolls back and returns fn's error otherwise (exceptions become internal
  // errors). Durable once it returns success.
  virtual Status write(const std::function<Status(Tx&)>& fn) = 0;
  // Runs fn against a consistent read snapshot. Repositories' write methods fail here.
  virtual Status read(const std::function<Status(Tx&)>& fn) = 0;
  // Applies pending migrations; returns the schema version reached.
  virtual Result<int> migrate() = 0;
  virtual Result<int> schema_version() = 0;
  // "ok" or the integrity problems found.
  virtual Result<std::string> integrity_check() = 0;
  // Checkpoints the WAL and closes connections; further calls fail.
  virtual void close() = 0;
};

struct SqliteOptions {
  std::string path;                 // database file
  int busy_timeout_ms = 5000;       // waits on locks held by another process (admin CLI vs server)
  int read_connections = 4;         // pooled read connections
  // SQLite page cache per connection (PRAGMA cache_size), in KiB: memory, not a correctness knob.
  int writer_cache_kib = 32 * 1024;
  int reader_cache_kib = 8 * 1024;  // each of the read_connections
  bool migrate_on_open = true;
};

// Opens (creating if needed) a SQLite store in WAL mode.
Result<std::unique_ptr<Store>> open_sqlite(const SqliteOptions& options);

}  // namespace parloir::store
