// The SQLite implementations of the repository interfaces of store/store.h, plus SqliteTx which
// hands them out. Internal to store/sqlite.
//
// Ownership: a SqliteTx lives on the stack of SqliteStore::write/read for one transaction and
// borrows the Connection checked out for it; the repositories borrow the same Connection.
// Thread-safety: none; used only by the thread running that transaction.
// Write methods fail with ErrorCode::internal ("read-only transaction") inside read().
// Update methods fail with ErrorCode::not_found when no row matches.
#pragma once

#include "store/sqlite/federation_repo.h"
#include "store/sqlite/filter_repos.h"
#include "store/sqlite/media_repo.h"
#include "store/sqlite/org_repos.h"
#include "store/sqlite/personal_repos.h"
#include "store/sqlite/poll_repo.h"
#include "store/sqlite/repo_base.h"
#include "store/sqlite/social_repos.h"
#include "store/store.h"

namespace parloir::store::sqlite {

class SqliteAccountRepo final : public AccountRepo, private RepoBase {
 public:
  SqliteAccountRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}

  // Ids: an id of 0 lets the database assign one (callers normally pass snowflakes). The user's
  // account_id is always taken from the inserted account. A remote account (domain != "") is
  // inserted without a user. On conflict the public message names the field ("Username is
  // already taken" / "Email is already taken").
  Status insert_local(const core::Account& account, const core::User& user) override;
  Result<std::optional<core::Account>> find_by_id(Id id) override;
  Result<std::optional<core::Account>> find_by_username(const std::string& username,
                                                        const std::string& domain) override;
  // In the order of `ids`, skipping unknown and repeated ids.
  Result<std::vector<core::Account>> find_by_ids(const std::vector<Id>& ids) override;
  Result<std::optional<core::User>> find_user_by_email(const std::string& email) override;
  Result<std::optional<core::User>> find_user_by_account(Id account_id) override;
  Result<std::vector<core::Account>> list_local(Id after_id, int limit) override;
  // Also writes note_source and updated_at.
  Status update_profile(const core::Account& account) override;
  Status set_role(Id account_id, core::Role role) override;
  Status set_suspended(Id account_id, std::optional<std::int64_t> suspended_at) override;
  Status set_password_hash(Id account_id, const std::string& hash, std::int64_t changed_at) override;
  Status set_moved_to(Id account_id, std::optional<Id> target) override;
  // Matches the user by user.account_id.
  Status update_user_preferences(const core::User& user) override;
  Result<std::int64_t> count_local_users() override;
  Result<std::int64_t> count_admins() override;

 private:
  Status insert_local_rows(const core::Account& account, const core::User& user);
  Result<std::optional<core::Account>> find_row_by_id(Id id);  // the row alone (no moved_to)
  Status load_moved(std::optional<core::Account>& account);     // fills moved_to (one level)
};

class SqliteOAuthRepo final : public OAuthRepo, private RepoBase {
 public:
  SqliteOAuthRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}

  // Ids of 0 (application, token) are assigned by the database.
  Status insert_application(const core::Application& app) override;
  Result<std::optional<core::Application>> find_application_by_client_id(const std::string& client_id) override;
  Result<std::optional<core::Application>> find_application(Id id) override;
  Status insert_code(const core::AuthorizationCode& code) override;
  // Returns the code even when expired (callers check expires_at); it is deleted either way.
  Result<std::optional<core::AuthorizationCode>> take_code(const std::string& code_hash) override;
  Status insert_token(const core::AccessToken& token) override;
  Result<std::optional<core::AccessToken>> find_token(const std::string& token_hash) override;
  Result<bool> revoke_token(const std::string& token_hash, Id application_id, std::int64_t now) override;
  Result<std::int64_t> revoke_tokens_of_account(Id account_id, std::int64_t now) override;
  Result<std::vector<core::AccessToken>> live_tokens_of_account(Id account_id) override;
};

class SqliteMetaRepo final : public MetaRepo, private RepoBase {
 public:
  SqliteMetaRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}
  Result<std::optional<std::string>> get(const std::string& key) override;
  // Inserts or replaces.
  Status put(const std::string& key, const std::string& value) override;
};

class SqliteTx final : public Tx {
 public:
  // `followers_cache`: the writer's cache in a write transaction, else null.
  SqliteTx(Connection& conn, bool writable, FollowerCache* followers_cache = nullptr)
      : accounts_(conn, writable),
        oauth_(conn, writable),
        meta_(conn, writable),
        statuses_(conn, writable),
        graph_(conn, writable, followers_cache),
        interactions_(conn, writable),
        notifications_(conn, writable),
        filters_(conn, writable),
        scheduled_(conn, writable),
        lists_(conn, writable),
        markers_(conn, writable),
        conversations_(conn, writable),
        search_(conn, writable),
        polls_(conn, writable),
        invites_(conn, writable),
        announcements_(conn, writable),
        moderation_(conn, writable),
        status_expiry_(conn, writable),
        event_outbox_(conn, writable),
        rules_(conn, writable),
        instance_settings_(conn, writable),
        federation_(conn, writable, followers_cache),
        media_(conn, writable) {}
  AccountRepo& accounts() override { return accounts_; }
  OAuthRepo& oauth() override { return oauth_; }
  MetaRepo& meta() override { return meta_; }
  StatusRepo& statuses() override { return statuses_; }
  GraphRepo& graph() override { return graph_; }
  InteractionRepo& interactions() override { return interactions_; }
  NotificationRepo& notifications() override { return notifications_; }
  FilterRepo& filters() override { return filters_; }
  ScheduledStatusRepo& scheduled_statuses() override { return scheduled_; }
  ListRepo& lists() override { return lists_; }
  MarkerRepo& markers() override { return markers_; }
  ConversationRepo& conversations() override { return conversations_; }
  SearchRepo& search() override { return search_; }
  PollRepo& polls() override { return polls_; }
  InviteRepo& invites() override { return invites_; }
  AnnouncementRepo& announcements() override { return announcements_; }
  ModerationRepo& moderation() override { return moderation_; }
  StatusExpiryRepo& status_expiry() override { return status_expiry_; }
  EventOutboxRepo& event_outbox() override { return event_outbox_; }
  RuleRepo& rules() override { return rules_; }
  InstanceSettingRepo& instance_settings() override { return instance_settings_; }
  FederationRepo& federation() override { return federation_; }
  MediaRepo& media() override { return media_; }

 private:
  SqliteAccountRepo accounts_;
  SqliteOAuthRepo oauth_;
  SqliteMetaRepo meta_;
  SqliteStatusRepo statuses_;
  SqliteGraphRepo graph_;
  SqliteInteractionRepo interactions_;
  SqliteNotificationRepo notifications_;
  SqliteFilterRepo filters_;
  SqliteScheduledStatusRepo scheduled_;
  SqliteListRepo lists_;
  SqliteMarkerRepo markers_;
  SqliteConversationRepo conversations_;
  SqliteSearchRepo search_;
  SqlitePollRepo polls_;
  SqliteInviteRepo invites_;
  SqliteAnnouncementRepo announcements_;
  SqliteModerationRepo moderation_;
  SqliteStatusExpiryRepo status_expiry_;
  SqliteEventOutboxRepo event_outbox_;
  SqliteRuleRepo rules_;
  SqliteInstanceSettingRepo instance_settings_;
  SqliteFederationRepo federation_;
  SqliteMediaRepo media_;
};

}  // namespace parloir::store::sqlite
