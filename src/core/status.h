// Domain types for the social layer: statuses and their edits, the follow graph, blocks and
// mutes, per-viewer interactions (favourites, reblogs, bookmarks, pins), and notifications.
// Plain values, no I/O; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/account.h"
#include "core/ids.h"
#include "core/poll.h"
#include "core/media.h"

namespace parloir::core {

struct Status {
  Id id = 0;
  Id account_id = 0;
  std::string uri;           // ActivityPub id; empty for local statuses (derived from the instance URL)
  std::string text;          // source text as typed (local statuses)
  std::string content;       // rendered HTML
  std::string spoiler_text;
  Visibility visibility = Visibility::public_;
  bool sensitive = false;
  bool local_only = false;
  std::string language;      // ISO 639-1 or empty
  std::optional<Id> in_reply_to_id;
  std::optional<Id> in_reply_to_account_id;
  std::optional<Id> reblog_of_id;  // set on a reblog wrapper (which has no text of its own)
  Id conversation_id = 0;          // thread root id (for context and conversation muting)
  std::optional<Id> application_id;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> edited_at;
  std::int64_t replies_count = 0;
  std::int64_t reblogs_count = 0;
  std::int64_t favourites_count = 0;
  std::vector<Id> mentioned_account_ids;  // accounts mentioned in the text (they may see direct/private posts)
  std::vector<std::string> tags;          // hashtag names as typed (without '#')
  std::optional<Poll> poll;               // loaded with the status when it has one
  std::vector<MediaAttachment> media;     // attachments in position order (loaded with the status)

  bool is_reblog() const { return reblog_of_id.has_value(); }
};

// One entry of a status's edit history (the original version included, oldest first).
// An attachment as one version of a status showed it (its alt text then).
struct EditMedia {
  Id id = 0;
  std::string description;
};

struct StatusEdit {
  Id id = 0;
  Id status_id = 0;
  std::string text;
  std::string content;
  std::string spoiler_text;
  bool sensitive = false;
  std::int64_t created_at = 0;
  std::optional<std::vector<std::string>> poll_options;  // the poll's options in this version
  // The attachments of this version, in order; nullopt when the version did not record them.
  std::optional<std::vector<EditMedia>> media;
};

struct Follow {
  Id id = 0;
  Id account_id = 0;         // follower
  Id target_account_id = 0;  // followed
  bool show_reblogs = true;
  bool notify = false;
  std::int64_t created_at = 0;
};

// A pending follow of a locked account; same shape as a Follow.
using FollowRequest = Follow;

struct Mute {
  Id id = 0;
  Id account_id = 0;
  Id target_account_id = 0;
  bool hide_notifications = true;
  std::optional<std::int64_t> expires_at;
  std::int64_t created_at = 0;
};

enum class NotificationType {
  mention,
  status,
  reblog,
  follow,
  follow_request,
  favourite,
  poll,
  update,
};
std::string_view notification_type_name(NotificationType t);
std::optional<NotificationType> parse_notification_type(std::string_view name);

struct Notification {
  Id id = 0;
  Id account_id = 0;       // recipient
  Id from_account_id = 0;  // who caused it
  NotificationType type = NotificationType::mention;
  std::optional<Id> status_id;
  std::int64_t created_at = 0;
  // Grouping key (Mastodon 4.3) for groupable types; read only by the grouped listings
  // (store/social.h list_with_groups), nullopt elsewhere.
  std::optional<std::string> group_key = std::nullopt;  // initialiser: brace-init of the fields above stays warning-free
  bool filtered = false;  // held back by the recipient's notification policy
};

// How the viewer relates to another account (Mastodon's Relationship entity).
struct Relationship {
  Id target_account_id = 0;
  bool following = false;
  bool showing_reblogs = false;
  bool notifying = false;
  bool followed_by = false;
  bool blocking = false;
  bool blocked_by = false;
  bool muting = false;
  bool muting_notifications = false;
  bool requested = false;
  bool requested_by = false;
  bool domain_blocking = false;
  bool endorsed = false;
  std::optional<std::int64_t> muting_expires_at;
  std::string note;
};

// A page request by snowflake cursors (Mastodon's max_id / since_id / min_id / limit).
struct PageRequest {
  std::optional<Id> max_id;    // items with id < max_id
  std::optional<Id> since_id;  // items with id > since_id (newest first)
  std::optional<Id> min_id;    // items with id > min_id, the ones just after it (oldest first, then reversed)
  int limit = 20;
};

}  // namespace parloir::core
