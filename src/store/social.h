// Repository interfaces for the social layer (statuses, follow graph, interactions,
// notifications). Same contract as store.h: reached through a Tx, blocking, SQL-free callers.
//
// Paging: list methods take a core::PageRequest and return items newest first (also for
// min_id, where the store fetches the items just above min_id and returns them reversed).
// Methods that page by something other than the entity id return Cursored items whose
// `cursor` is what the API puts in Link headers (e.g. the favourite's id, not the status id).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/notifications.h"
#include "core/status.h"
#include "util/result.h"

namespace parloir::store {

using core::Id;
using core::PageRequest;
using util::Result;
using util::Status;

// An account's local followers for fan-out, in follow order: ids and, per id, the follow's
// show_reblogs and notify. Immutable once built (a cached list is shared between callers).
struct LocalFollowers {
  static constexpr std::uint8_t kShowReblogs = 1;
  static constexpr std::uint8_t kNotify = 2;
  std::vector<Id> ids;
  std::vector<std::uint8_t> flags;  // same length as ids
  bool show_reblogs(std::size_t i) const { return (flags[i] & kShowReblogs) != 0; }
  bool notify(std::size_t i) const { return (flags[i] & kNotify) != 0; }
};
using LocalFollowersPtr = std::shared_ptr<const LocalFollowers>;

template <class T>
struct Cursored {
  Id cursor = 0;
  T item;
};

struct AccountStatusFilter {
  bool exclude_replies = false;   // replies to others are excluded (self-replies kept, as Mastodon)
  bool exclude_reblogs = false;
  bool only_media = false;
  std::string tagged;             // hashtag name (case-insensitive), empty = any
  bool pinned = false;            // only the author's pinned statuses (paged by pin id)
};

struct PublicFilter {
  bool local = false;       // only local authors
  bool remote = false;      // only remote authors
  bool only_media = false;
};

// What a home-feed rebuild needs to know about a status to apply fan-out's rules
// (services/fanout.h) without loading it.
struct HomeEntryFacts {
  Id id = 0;
  Id account_id = 0;
  core::Visibility visibility = core::Visibility::public_;
  bool reblog = false;
  std::optional<Id> in_reply_to_account_id;
};

class StatusRepo {
 public:
  virtual ~StatusRepo() = default;
  // Inserts the status with its mentions and tags (tags created as needed) and updates the
  // author's statuses_count / last_status_at, the parent's replies_count, or the original's
  // reblogs_count for a reblog wrapper.
  virtual Status insert(const core::Status& status) = 0;
  // Replaces text/content/spoiler/sensitive/language/edited_at, mentions and tags.
  virtual Status update_content(const core::Status& status) = 0;
  virtual Status insert_edit(const core::StatusEdit& edit) = 0;
  // Oldest first.
  virtual Result<std::vector<core::StatusEdit>> list_edits(Id status_id) = 0;
  // Deletes the status, its reblog wrappers, mentions, tags, favourites, bookmarks, pins, edits
  // and notifications about it; fixes the counters it touched. Returns the ids of the deleted
  // reblog wrappers (so feeds can drop them).
  virtual Result<std::vector<Id>> remove(Id status_id) = 0;

  virtual Result<std::optional<core::Status>> find(Id id) = 0;
  // In the order of `ids`, skipping unknown and repeated ids. Mentions and tags filled.
  virtual Result<std::vector<core::Status>> find_many(const std::vector<Id>& ids) = 0;
  // The reblog wrapper of `status_id` by `account_id`, if any.
  virtual Result<std::optional<core::Status>> find_reblog(Id account_id, Id status_id) = 0;

  virtual Result<std::vector<core::Status>> list_by_account(Id account_id, const AccountStatusFilter& filter,
                                                            const PageRequest& page) = 0;
  // Public-visibility statuses that are not replies to others, plus (not local-only unless
  // include_local_only) — the public timelines. Reblog wrappers excluded.
  virtual Result<std::vector<core::Status>> list_public(const PublicFilter& filter, bool include_local_only,
                                                        const PageRequest& page) = 0;
  // Statuses carrying any of the hashtags (lower-cased names), newest first, any visibility
  // (the caller filters by visibility).
  virtual Result<std::vector<core::Status>> list_by_tags(const std::vector<std::string>& tags, bool local_only_authors,
                                                         const PageRequest& page) = 0;
  // The newest statuses (and reblog wrappers) of each of `account_ids`, at most
  // `per_account` each, with id < before_id (0 = no bound) — used to rebuild home feeds.
  virtual Result<std::vector<core::Status>> list_recent_by_accounts(const std::vector<Id>& account_ids, Id before_id,
                                                                   int per_account) = 0;
  // For each of `account_ids` (same order), the ids of its newest statuses and reblog wrappers
  // with id < before_id (0 = no bound), at most `per_account`, newest first: index entries
  // only, no row is read (home feed rebuilds).
  virtual Result<std::vector<std::vector<Id>>> recent_ids_by_accounts(const std::vector<Id>& account_ids,
                                                                      Id before_id, int per_account) = 0;
  // The ids of statuses mentioning `account_id`, newest first, id < before_id (0 = no bound), at
  // most `limit`.
  virtual Result<std::vector<Id>> recent_ids_mentioning(Id account_id, Id before_id, int limit) = 0;
  // HomeEntryFacts of `ids`, in their order, unknown ids skipped.
  virtual Result<std::vector<HomeEntryFacts>> home_entry_facts(const std::vector<Id>& ids) = 0;
  // Every status of a conversation (thread), oldest first, at most `limit`.
  virtual Result<std::vector<core::Status>> list_conversation(Id conversation_id, int limit) = 0;
  virtual Result<std::int64_t> count_local_statuses() = 0;
};

class GraphRepo {
 public:
  virtual ~GraphRepo() = default;
  // Follows (updates followers_count/following_count). insert fails with conflict if present.
  virtual Status insert_follow(const core::Follow& follow) = 0;
  virtual Status update_follow(const core::Follow& follow) = 0;  // show_reblogs / notify
  virtual Result<bool> remove_follow(Id account_id, Id target_account_id) = 0;
  virtual Result<std::optional<core::Follow>> find_follow(Id account_id, Id target_account_id) = 0;
  // Followers of target / accounts followed by account, paged by follow id.
  virtual Result<std::vector<Cursored<Id>>> list_followers(Id target_account_id, const PageRequest& page) = 0;
  virtual Result<std::vector<Cursored<Id>>> list_following(Id account_id, const PageRequest& page) = 0;
  // Every local follower id of an account (for fan-out) with show_reblogs.
  virtual Result<std::vector<core::Follow>> all_local_followers(Id target_account_id) = 0;
  // The same followers, compact (never null). Inside a write transaction the SQLite backend
  // answers from an in-memory cache kept exact on every change (sqlite/follower_cache.h).
  virtual Result<LocalFollowersPtr> local_followers(Id target_account_id) = 0;
  virtual Result<std::vector<Id>> all_following_ids(Id account_id) = 0;
  // The accounts `account_id` follows, each with whether it shows their reblogs (follows.show_reblogs).
  virtual Result<std::vector<std::pair<Id, bool>>> following_with_reblogs(Id account_id) = 0;
  // Accounts whose statuses stay out of `viewer`'s home: those the viewer blocks, those blocking
  // the viewer, and those the viewer mutes (mutes live at now_ms). Unordered, may repeat.
  virtual Result<std::vector<Id>> hidden_from_home(Id viewer, std::int64_t now_ms) = 0;

  virtual Status insert_follow_request(const core::FollowRequest& request) = 0;
  virtual Result<bool> remove_follow_request(Id account_id, Id target_account_id) = 0;
  virtual Result<std::optional<core::FollowRequest>> find_follow_request(Id account_id, Id target_account_id) = 0;
  // Requests to follow `target_account_id`, paged by request id; item = requester id.
  virtual Result<std::vector<Cursored<Id>>> list_follow_requests(Id target_account_id, const PageRequest& page) = 0;
  virtual Result<std::int64_t> count_follow_requests(Id target_account_id) = 0;

  virtual Status insert_block(Id id, Id account_id, Id target_account_id, std::int64_t created_at) = 0;  // idempotent
  virtual Result<bool> remove_block(Id account_id, Id target_account_id) = 0;
  virtual Result<std::vector<Cursored<Id>>> list_blocks(Id account_id, const PageRequest& page) = 0;
  // Ids among `others` that `account_id` blocks, and ids among `others` that block `account_id`.
  virtual Result<std::vector<Id>> blocked_among(Id account_id, const std::vector<Id>& others) = 0;
  virtual Result<std::vector<Id>> blocking_among(Id account_id, const std::vector<Id>& others) = 0;

  // Ids among `others` that block `account_id` or mute it (live mutes), and ids among `others`
  // that follow `account_id` — batch checks for fan-out.
  virtual Result<std::vector<Id>> blocking_or_muting_among(Id account_id, const std::vector<Id>& others) = 0;
  // Whether `recipient` blocks `actor` or mutes them with notifications hidden (a mute live at
  // now_ms) — the check every notification makes, in one query.
  virtual Result<bool> silences_notifications_from(Id recipient, Id actor, std::int64_t now_ms) = 0;
  virtual Result<std::vector<Id>> followers_among(Id account_id, const std::vector<Id>& others) = 0;

  virtual Status upsert_mute(const core::Mute& mute) = 0;
  virtual Result<bool> remove_mute(Id account_id, Id target_account_id) = 0;
  virtual Result<std::vector<Cursored<core::Mute>>> list_mutes(Id account_id, const PageRequest& page) = 0;
  // Live (unexpired at `now`) mutes by account_id of any of `others`.
  virtual Result<std::vector<core::Mute>> mutes_among(Id account_id, const std::vector<Id>& others,
                                                      std::int64_t now) = 0;

  // Relationship facts from `account_id` to each of `targets` (in order): following,
  // showing_reblogs, notifying, followed_by, blocking, blocked_by, muting, muting_notifications,
  // requested, requested_by, muting_expires_at.
  virtual Result<std::vector<core::Relationship>> relationships(Id account_id, const std::vector<Id>& targets,
                                                                std::int64_t now) = 0;
};

// What a viewer did to statuses.
struct ViewerFlags {
  bool favourited = false;
  bool reblogged = false;
  bool bookmarked = false;
  bool pinned = false;
  bool muted = false;  // the conversation is muted
  // The status's poll: whether the viewer voted and the choices (ascending). Filled by the
  // services' view loader (PollRepo::own_votes), not by viewer_flags().
  bool voted = false;
  std::vector<int> own_votes;
};

class InteractionRepo {
 public:
  virtual ~InteractionRepo() = default;
  // Favourites (update favourites_count). Returns false when it already existed / did not exist.
  virtual Result<bool> insert_favourite(Id id, Id account_id, Id status_id, std::int64_t created_at) = 0;
  virtual Result<bool> remove_favourite(Id account_id, Id status_id) = 0;
  virtual Result<std::vector<Cursored<Id>>> list_favourited_by(Id status_id, const PageRequest& page) = 0;  // account ids
  virtual Result<std::vector<Cursored<Id>>> list_favourites(Id account_id, const PageRequest& page) = 0;    // status ids

  virtual Result<bool> insert_bookmark(Id id, Id account_id, Id status_id, std::int64_t created_at) = 0;
  virtual Result<bool> remove_bookmark(Id account_id, Id status_id) = 0;
  virtual Result<std::vector<Cursored<Id>>> list_bookmarks(Id account_id, const PageRequest& page) = 0;

  virtual Result<bool> insert_pin(Id id, Id account_id, Id status_id, std::int64_t created_at) = 0;
  virtual Result<bool> remove_pin(Id account_id, Id status_id) = 0;
  virtual Result<std::int64_t> count_pins(Id account_id) = 0;

  virtual Result<bool> insert_conversation_mute(Id account_id, Id conversation_id) = 0;
  virtual Result<bool> remove_conversation_mute(Id account_id, Id conversation_id) = 0;

  // Reblogs are statuses: this lists the accounts that reblogged status_id, paged by wrapper id.
  virtual Result<std::vector<Cursored<Id>>> list_reblogged_by(Id status_id, const PageRequest& page) = 0;

  // The viewer's flags for each status id (same order). Reblogged = a wrapper by the viewer
  // exists; muted = the status's conversation is muted by the viewer.
  virtual Result<std::vector<ViewerFlags>> viewer_flags(Id account_id, const std::vector<Id>& status_ids) = 0;
  // Whether the account muted the conversation of the status (false for an unknown status).
  virtual Result<bool> conversation_muted(Id account_id, Id status_id) = 0;
};

struct NotificationFilter {
  std::vector<core::NotificationType> types;          // empty = all
  std::vector<core::NotificationType> exclude_types;
  std::optional<Id> from_account_id;
  // Also list notifications held back by the policy (always when from_account_id is set).
  bool include_filtered = false;
};

// What the grouped listings need about one group, over its notifications with id <= max_id.
struct NotificationGroupStats {
  Id most_recent_id = 0;
  std::int64_t count = 0;
  std::int64_t latest_at = 0;        // created_at of the most recent one
  Id min_id_in_page = 0;             // the oldest id >= the page's lower bound (0 = none)
  std::vector<Id> sample_account_ids;  // senders of the most recent ones, newest first
};

struct NotificationRequestSummary {
  std::int64_t requests = 0;
  std::int64_t notifications = 0;
};

class NotificationRepo {
 public:
  virtual ~NotificationRepo() = default;
  virtual Status insert(const core::Notification& n) = 0;
  virtual Result<std::optional<core::Notification>> find(Id account_id, Id id) = 0;
  virtual Result<std::vector<core::Notification>> list(Id account_id, const NotificationFilter& filter,
                                                       const PageRequest& page) = 0;
  virtual Result<bool> dismiss(Id account_id, Id id) = 0;
  virtual Status clear(Id account_id) = 0;
  // Removes notifications of `type` from `from_account_id` to `account_id` about `status_id`
  // (e.g. an unfavourite withdraws the favourite notification).
  virtual Status remove_matching(Id account_id, Id from_account_id, core::NotificationType type,
                                 std::optional<Id> status_id) = 0;
  virtual Result<std::int64_t> count_since(Id account_id, Id since_id) = 0;

  // --- Grouping (Mastodon 4.3; notification_group_repo.cpp). Keys are "<prefix><bucket>".
  // The newest notification of `account_id` whose group key starts with `prefix`.
  virtual Result<std::optional<core::Notification>> latest_with_group_prefix(Id account_id,
                                                                             std::string_view prefix) = 0;
  // Same rows and paging as list(), with group_key read.
  virtual Result<std::vector<core::Notification>> list_with_groups(Id account_id, const NotificationFilter& filter,
                                                                   const PageRequest& page) = 0;
  // Stats of one group over its notifications with id <= max_id; min_id_in_page is the
  // smallest id >= lower_bound. At most `samples` sample accounts.
  virtual Result<NotificationGroupStats> group_stats(Id account_id, std::string_view group_key, Id max_id,
                                                     Id lower_bound, int samples) = 0;
  // The notifications of one group, paged by id, newest first.
  virtual Result<std::vector<core::Notification>> list_group(Id account_id, std::string_view group_key,
                                                             const PageRequest& page) = 0;
  // Deletes every notification of the group; returns how many.
  virtual Result<std::int64_t> dismiss_group(Id account_id, std::string_view group_key) = 0;

  // --- Policy and requests (notification_group_repo.cpp).
  virtual Result<std::optional<core::NotificationPolicy>> find_policy(Id account_id) = 0;
  virtual Status save_policy(Id account_id, const core::NotificationPolicy& policy) = 0;
  // Counts one more filtered notification from `from` (creating the request with `new_id`).
  virtual Status note_filtered(Id new_id, Id account_id, Id from, std::optional<Id> status_id, std::int64_t now_ms) = 0;
  // Pending requests, paged by request id, newest first; from_account_id narrows to one sender.
  virtual Result<std::vector<core::NotificationRequest>> list_requests(Id account_id, std::optional<Id> from_account_id,
                                                                       const PageRequest& page) = 0;
  virtual Result<std::optional<core::NotificationRequest>> find_request(Id account_id, Id id) = 0;
  virtual Result<bool> delete_request(Id account_id, Id id) = 0;
  // Moves `from`'s filtered notifications into the main list; returns how many.
  virtual Result<std::int64_t> unfilter_from(Id account_id, Id from) = 0;
  // Deletes `from`'s filtered notifications; returns how many.
  virtual Result<std::int64_t> delete_filtered_from(Id account_id, Id from) = 0;
  virtual Status add_permission(Id account_id, Id from, std::int64_t now_ms) = 0;
  virtual Result<bool> has_permission(Id account_id, Id from) = 0;
  // Pending requests (capped at 100, as Mastodon) and their notifications.
  virtual Result<NotificationRequestSummary> request_summary(Id account_id) = 0;
};

}  // namespace parloir::store
