// Mastodon 4.3 notification rules as pure functions: which types group, how a group key is
// chosen (hour buckets that a busy group may stretch over up to 12 hours), and the recipient's
// filtering policy (accept / filter / drop per kind of sender). No I/O; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace parloir::core {

// Mastodon's GROUPABLE_NOTIFICATION_TYPES.
bool groupable(NotificationType t);
// The types grouped when a client names none (favourite, reblog, follow).
const std::vector<NotificationType>& default_grouped_types();

// The part of a group key before the bucket: "favourite-<status_id>-", "reblog-<status_id>-",
// "follow-". Empty for types that never group (or a favourite/reblog without a status).
std::string group_key_prefix(NotificationType t, std::optional<Id> status_id);

// The newest existing notification of a prefix: its key's bucket and when it was created.
struct LatestInGroup {
  std::int64_t bucket = 0;
  std::int64_t created_at_ms = 0;
};
inline constexpr std::int64_t kMaximumGroupSpanHours = 12;
// The hour bucket for a notification created at now_ms: the previous group's bucket when that
// group was touched within the last 12 hours and started less than 12 hours ago, else the
// current hour (Mastodon's Notification::Groups#set_group_key!).
std::int64_t choose_group_bucket(std::int64_t now_ms, const std::optional<LatestInGroup>& latest);
// The bucket parsed from the end of a key ("…-<bucket>"); nullopt if malformed.
std::optional<std::int64_t> group_key_bucket(std::string_view key);

// What the recipient's policy does to a notification from one kind of sender.
enum class PolicyValue { accept = 0, filter = 1, drop = 2 };
std::string_view policy_value_name(PolicyValue v);
std::optional<PolicyValue> parse_policy_value(std::string_view name);

// Mastodon's NotificationPolicy. Defaults are Mastodon 4.3's except for_private_mentions,
// which is `accept` here so a private mention from a stranger stays in the list as before
// (Mastodon defaults it to `filter`; users may choose that).
struct NotificationPolicy {
  PolicyValue for_not_following = PolicyValue::accept;
  PolicyValue for_not_followers = PolicyValue::accept;
  PolicyValue for_new_accounts = PolicyValue::accept;
  PolicyValue for_private_mentions = PolicyValue::accept;
  PolicyValue for_limited_accounts = PolicyValue::filter;
};

// Facts about the sender, as seen from the recipient, that the policy needs.
struct SenderFacts {
  bool recipient_follows_sender = false;
  bool sender_follows_recipient_3_days = false;  // follows, and for more than 3 days
  bool sender_is_new = false;                    // account created within 30 days
  bool sender_limited = false;                   // silenced by a moderator
  bool private_mention_not_in_reply = false;     // a direct mention that does not answer the recipient
  bool permitted = false;                        // the recipient accepted a request from them
};

// Mastodon's filterable types: mention, reblog, follow, follow_request, favourite.
bool filterable(NotificationType t);

enum class PolicyOutcome { accept, filter, drop };
// The strictest outcome of every rule that applies (drop > filter > accept). Types that are not
// filterable, and senders the recipient accepted a request from, are always accepted.
PolicyOutcome apply_policy(const NotificationPolicy& p, NotificationType t, const SenderFacts& f);

// A pending notification request: the filtered notifications of one sender.
struct NotificationRequest {
  Id id = 0;
  Id account_id = 0;
  Id from_account_id = 0;
  std::optional<Id> last_status_id;
  std::int64_t notifications_count = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

}  // namespace parloir::core
