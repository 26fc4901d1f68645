// The SQLite implementations of the social-layer repositories of store/social.h. Internal to
// store/sqlite; handed out by SqliteTx (repos.h). Ownership and thread-safety as in repos.h: they
// borrow the transaction's Connection and are used by its thread only. Write methods fail with
// ErrorCode::internal inside read(); update methods fail with not_found when no row matches.
//
// Tables: migration 2 in migrations.cpp. Every statement is constant SQL, prepared once per
// connection and reused (see repo_base.h for paging and id-list binding).
#pragma once

#include "store/read_views.h"
#include "store/social.h"
#include "store/sqlite/follower_cache.h"
#include "store/sqlite/repo_base.h"

namespace parloir::store::sqlite {

// The columns every status SELECT reads (table alias `s`), in the order read_status() expects.
#define PARLOIR_STATUS_COLUMNS                                                                            \
  "s.id, s.account_id, s.uri, s.text, s.content, s.spoiler_text, s.visibility, s.sensitive, s.local_only, " \
  "s.language, s.in_reply_to_id, s.in_reply_to_account_id, s.reblog_of_id, s.conversation_id, "            \
  "s.application_id, s.created_at, s.edited_at, s.replies_count, s.reblogs_count, s.favourites_count, "       \
  "s.poll_id, s.has_mentions, s.has_tags, s.has_media"

// statuses, status_mentions, tags, status_tags, status_edits.
// - Mentions and tags come back in ascending account id / tag id order, not text order; a tag
//   name is returned as first stored in `tags` (names match case-insensitively, ASCII only:
//   callers normalise other scripts).
// - statuses_count counts every status including reblog wrappers; replies_count is bumped for
//   every reply (visibility policy belongs to services).
class SqliteStatusRepo final : public StatusRepo, public ReadViews, private RepoBase {
 public:
  SqliteStatusRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}

  // Atomic on its own (a savepoint): on failure nothing of it remains. The status id must be
  // set; conversation_id 0 is stored as the status's own id (a thread root). Fails with
  // not_found when the author is unknown; a mentioned account, parent or original that does
  // not exist is a foreign-key failure (internal).
  Status insert(const core::Status& status) override;
  // Atomic on its own; not_found when the status is unknown.
  Status update_content(const core::Status& status) override;
  Status insert_edit(const core::StatusEdit& edit) override;
  Result<std::vector<core::StatusEdit>> list_edits(Id status_id) override;
  // not_found when the status is unknown. Replies to it survive with in_reply_to_id cleared
  // (their in_reply_to_account_id stays). Reblog wrappers' authors lose one statuses_count each.
  Result<std::vector<Id>> remove(Id status_id) override;

  Result<std::optional<core::Status>> find(Id id) override;
  Result<std::vector<core::Status>> find_many(const std::vector<Id>& ids) override;
  Result<std::optional<core::Status>> find_reblog(Id account_id, Id status_id) override;

  // Paged by status id, or by pin id when filter.pinned (the other filters still apply).
  Result<std::vector<core::Status>> list_by_account(Id account_id, const AccountStatusFilter& filter,
                                                    const PageRequest& page) override;
  // filter.local wins over filter.remote when both are set.
  Result<std::vector<core::Status>> list_public(const PublicFilter& filter, bool include_local_only,
                                                const PageRequest& page) override;
  // ReadViews (status_lists.cpp, viewer_snapshot.cpp).
  // The common case (no media filter, local-only included) reads the partial index alone.
  Result<std::vector<Id>> list_public_ids(const PublicFilter& filter, bool include_local_only,
                                          const PageRequest& page) override;
  // One compound statement (each part LIMITed to cap + 1 rows).
  Result<ViewerSnapshot> viewer_snapshot(Id account_id, std::size_t cap) override;
  // Unknown tag names are ignored. One index range scan per tag, merged.
  Result<std::vector<core::Status>> list_by_tags(const std::vector<std::string>& tags, bool local_only_authors,
                                                 const PageRequest& page) override;
  // Newest first across all accounts; one index seek per account.
  Result<std::vector<core::Status>> list_recent_by_accounts(const std::vector<Id>& account_ids, Id before_id,
                                                           int per_account) override;
  // One seek of statuses_account per account (covering: ids only).
  Result<std::vector<std::vector<Id>>> recent_ids_by_accounts(const std::vector<Id>& account_ids, Id before_id,
                                                              int per_account) override;
  // One seek of status_mentions_account.
  Result<std::vector<Id>> recent_ids_mentioning(Id account_id, Id before_id, int limit) override;
  // One rowid lookup per id.
  Result<std::vector<HomeEntryFacts>> home_entry_facts(const std::vector<Id>& ids) override;
  // Reblog wrappers are not part of a conversation.
  Result<std::vector<core::Status>> list_conversation(Id conversation_id, int limit) override;
  // The sum of local accounts' statuses_count (reblogs included, as Mastodon's instance stats).
  Result<std::int64_t> count_local_statuses() override;

 private:
  Status insert_rows(const core::Status& s);
  Status insert_mentions_and_tags(const core::Status& s);
  // The id of the tag named `name` (case-insensitive), creating it.
  Result<Id> tag_id(const std::string& name);
  // Reads the statuses a SELECT of status columns returns, with mentions and tags.
  Result<std::vector<core::Status>> collect(Stmt& st);
  // Fills mentioned_account_ids, tags and media of `statuses`, then their polls (fill_polls).
  // `extras[i]` holds statuses[i]'s has_* flags (kHasMentions | kHasTags | kHasMedia, read with
  // PARLOIR_STATUS_COLUMNS): one batched query per kind, only for the statuses flagged with it,
  // none when no status is.
  Status fill_mentions_and_tags(std::vector<core::Status>& statuses, const std::vector<std::uint8_t>& extras);
  // Replaces each status's poll placeholder (id only, from statuses.poll_id) with the poll, in
  // one query, skipped when none has a poll.
  Status fill_polls(std::vector<core::Status>& statuses);
};

// follows, follow_requests, blocks, mutes. Results for id lists (…_among) keep the order of
// `others`; relationships() answers with seven batched queries whatever the number of targets.
class SqliteGraphRepo final : public GraphRepo, private RepoBase {
 public:
  // `followers_cache`: the writer's FollowerCache (write transactions only), else null.
  SqliteGraphRepo(Connection& conn, bool writable, FollowerCache* followers_cache = nullptr)
      : RepoBase(conn, writable), followers_cache_(followers_cache) {}

  Status insert_follow(const core::Follow& follow) override;
  Status update_follow(const core::Follow& follow) override;
  Result<bool> remove_follow(Id account_id, Id target_account_id) override;
  Result<std::optional<core::Follow>> find_follow(Id account_id, Id target_account_id) override;
  Result<std::vector<Cursored<Id>>> list_followers(Id target_account_id, const PageRequest& page) override;
  Result<std::vector<Cursored<Id>>> list_following(Id account_id, const PageRequest& page) override;
  // Ordered by follow id.
  Result<std::vector<core::Follow>> all_local_followers(Id target_account_id) override;
  Result<LocalFollowersPtr> local_followers(Id target_account_id) override;
  Result<std::vector<Id>> all_following_ids(Id account_id) override;
  Result<std::vector<std::pair<Id, bool>>> following_with_reblogs(Id account_id) override;
  Result<std::vector<Id>> hidden_from_home(Id viewer, std::int64_t now_ms) override;

  // Fails with conflict if a request (account_id, target) exists.
  Status insert_follow_request(const core::FollowRequest& request) override;
  Result<bool> remove_follow_request(Id account_id, Id target_account_id) override;
  Result<std::optional<core::FollowRequest>> find_follow_request(Id account_id, Id target_account_id) override;
  Result<std::vector<Cursored<Id>>> list_follow_requests(Id target_account_id, const PageRequest& page) override;
  Result<std::int64_t> count_follow_requests(Id target_account_id) override;

  Status insert_block(Id id, Id account_id, Id target_account_id, std::int64_t created_at) override;
  Result<bool> remove_block(Id account_id, Id target_account_id) override;
  // Item = blocked account id, paged by block id.
  Result<std::vector<Cursored<Id>>> list_blocks(Id account_id, const PageRequest& page) override;
  Result<std::vector<Id>> blocked_among(Id account_id, const std::vector<Id>& others) override;
  Result<std::vector<Id>> blocking_among(Id account_id, const std::vector<Id>& others) override;
  Result<std::vector<Id>> blocking_or_muting_among(Id account_id, const std::vector<Id>& others) override;
  Result<bool> silences_notifications_from(Id recipient, Id actor, std::int64_t now_ms) override;
  Result<std::vector<Id>> followers_among(Id account_id, const std::vector<Id>& others) override;

  // A repeated mute keeps its id and created_at and takes the new hide_notifications/expires_at.
  Status upsert_mute(const core::Mute& mute) override;
  Result<bool> remove_mute(Id account_id, Id target_account_id) override;
  // Expired mutes included (no clock here); paged by mute id.
  Result<std::vector<Cursored<core::Mute>>> list_mutes(Id account_id, const PageRequest& page) override;
  Result<std::vector<core::Mute>> mutes_among(Id account_id, const std::vector<Id>& others,
                                              std::int64_t now) override;
  // One entry per entry of `targets` (repeats included). domain_blocking, endorsed and note
  // are left at their defaults.
  Result<std::vector<core::Relationship>> relationships(Id account_id, const std::vector<Id>& targets,
                                                        std::int64_t now) override;

 private:
  // Ids among `others` found by `sql` (params: account_id, json id array), in `others` order.
  Result<std::vector<Id>> among(const char* sql, Id account_id, const std::vector<Id>& others);
  FollowerCache* followers_cache_;
};

// favourites, bookmarks, status_pins, conversation_mutes (+ reblog wrappers in statuses).
class SqliteInteractionRepo final : public InteractionRepo, private RepoBase {
 public:
  SqliteInteractionRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}

  Result<bool> insert_favourite(Id id, Id account_id, Id status_id, std::int64_t created_at) override;
  Result<bool> remove_favourite(Id account_id, Id status_id) override;
  Result<std::vector<Cursored<Id>>> list_favourited_by(Id status_id, const PageRequest& page) override;
  Result<std::vector<Cursored<Id>>> list_favourites(Id account_id, const PageRequest& page) override;
  Result<bool> insert_bookmark(Id id, Id account_id, Id status_id, std::int64_t created_at) override;
  Result<bool> remove_bookmark(Id account_id, Id status_id) override;
  Result<std::vector<Cursored<Id>>> list_bookmarks(Id account_id, const PageRequest& page) override;
  Result<bool> insert_pin(Id id, Id account_id, Id status_id, std::int64_t created_at) override;
  Result<bool> remove_pin(Id account_id, Id status_id) override;
  Result<std::int64_t> count_pins(Id account_id) override;
  Result<bool> insert_conversation_mute(Id account_id, Id conversation_id) override;
  Result<bool> remove_conversation_mute(Id account_id, Id conversation_id) override;
  Result<std::vector<Cursored<Id>>> list_reblogged_by(Id status_id, const PageRequest& page) override;
  // Five batched queries whatever the number of statuses; unknown ids get all-false flags.
  Result<std::vector<ViewerFlags>> viewer_flags(Id account_id, const std::vector<Id>& status_ids) override;
  Result<bool> conversation_muted(Id account_id, Id status_id) override;

 private:
  // Runs a write (params: account_id, status_id) and reports whether it changed a row.
  Result<bool> changed_one(const char* sql, Id account_id, Id other_id);
};

// notifications. Types are stored as the NotificationType enumerator value.
class SqliteNotificationRepo final : public NotificationRepo, private RepoBase {
 public:
  SqliteNotificationRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}

  Status insert(const core::Notification& n) override;
  Result<std::optional<core::Notification>> find(Id account_id, Id id) override;
  Result<std::vector<core::Notification>> list(Id account_id, const NotificationFilter& filter,
                                               const PageRequest& page) override;
  Result<bool> dismiss(Id account_id, Id id) override;
  Status clear(Id account_id) override;
  // status_id nullopt matches notifications without a status only.
  Status remove_matching(Id account_id, Id from_account_id, core::NotificationType type,
                         std::optional<Id> status_id) override;
  Result<std::int64_t> count_since(Id account_id, Id since_id) override;

  // notification_group_repo.cpp
  Result<std::optional<core::Notification>> latest_with_group_prefix(Id account_id, std::string_view prefix) override;
  Result<std::vector<core::Notification>> list_with_groups(Id account_id, const NotificationFilter& filter,
                                                           const PageRequest& page) override;
  Result<NotificationGroupStats> group_stats(Id account_id, std::string_view group_key, Id max_id, Id lower_bound,
                                             int samples) override;
  Result<std::vector<core::Notification>> list_group(Id account_id, std::string_view group_key,
                                                     const PageRequest& page) override;
  Result<std::int64_t> dismiss_group(Id account_id, std::string_view group_key) override;
  Result<std::optional<core::NotificationPolicy>> find_policy(Id account_id) override;
  Status save_policy(Id account_id, const core::NotificationPolicy& policy) override;
  Status note_filtered(Id new_id, Id account_id, Id from, std::optional<Id> status_id, std::int64_t now_ms) override;
  Result<std::vector<core::NotificationRequest>> list_requests(Id account_id, std::optional<Id> from_account_id,
                                                               const PageRequest& page) override;
  Result<std::optional<core::NotificationRequest>> find_request(Id account_id, Id id) override;
  Result<bool> delete_request(Id account_id, Id id) override;
  Result<std::int64_t> unfilter_from(Id account_id, Id from) override;
  Result<std::int64_t> delete_filtered_from(Id account_id, Id from) override;
  Status add_permission(Id account_id, Id from, std::int64_t now_ms) override;
  Result<bool> has_permission(Id account_id, Id from) override;
  Result<NotificationRequestSummary> request_summary(Id account_id) override;
};

}  // namespace parloir::store::sqlite
