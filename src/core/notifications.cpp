#include "core/notifications.h"

#include <charconv>

namespace parloir::core {

bool groupable(NotificationType t) {
  return t == NotificationType::favourite || t == NotificationType::reblog || t == NotificationType::follow;
}

const std::vector<NotificationType>& default_grouped_types() {
  static const std::vector<NotificationType> types = {NotificationType::favourite, NotificationType::reblog,
                                                      NotificationType::follow};
  return types;
}

std::string group_key_prefix(NotificationType t, std::optional<Id> status_id) {
  switch (t) {
    case NotificationType::favourite:
    case NotificationType::reblog:
      if (!status_id) return {};
      return std::string(notification_type_name(t)) + "-" + std::to_string(*status_id) + "-";
    case NotificationType::follow:
      return "follow-";
    default:
      return {};
  }
}

std::int64_t choose_group_bucket(std::int64_t now_ms, const std::optional<LatestInGroup>& latest) {
  constexpr std::int64_t kHourMs = 3600 * 1000;
  std::int64_t bucket = now_ms / kHourMs;
  // why: Mastodon keeps the previous bucket in Redis with a 12-hour expiry refreshed on every
  // notification of the group; "touched within 12 hours" is that expiry.
  if (latest && now_ms - latest->created_at_ms < kMaximumGroupSpanHours * kHourMs &&
      bucket < latest->bucket + kMaximumGroupSpanHours)
    bucket = latest->bucket;
  return bucket;
}

std::optional<std::int64_t> group_key_bucket(std::string_view key) {
  auto dash = key.rfind('-');
  if (dash == std::string_view::npos || dash + 1 >= key.size()) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(key.data() + dash + 1, key.data() + key.size(), v);
  if (ec != std::errc() || p != key.data() + key.size()) return std::nullopt;
  return v;
}

std::string_view policy_value_name(PolicyValue v) {
  switch (v) {
    case PolicyValue::accept: return "accept";
    case PolicyValue::filter: return "filter";
    case PolicyValue::drop: return "drop";
  }
  return "accept";
}

std::optional<PolicyValue> parse_policy_value(std::string_view name) {
  if (name == "accept") return PolicyValue::accept;
  if (name == "filter") return PolicyValue::filter;
  if (name == "drop") return PolicyValue::drop;
  return std::nullopt;
}

bool filterable(NotificationType t) {
  switch (t) {
    case NotificationType::mention:
    case NotificationType::reblog:
    case NotificationType::follow:
    case NotificationType::follow_request:
    case NotificationType::favourite:
      return true;
    default:
      return false;
  }
}

PolicyOutcome apply_policy(const NotificationPolicy& p, NotificationType t, const SenderFacts& f) {
  if (!filterable(t) || f.permitted) return PolicyOutcome::accept;
  PolicyValue worst = PolicyValue::accept;
  auto consider = [&](PolicyValue v, bool applies) {
    if (applies && static_cast<int>(v) > static_cast<int>(worst)) worst = v;
  };
  const bool not_following = !f.recipient_follows_sender;
  consider(p.for_not_following, not_following);
  consider(p.for_not_followers, !f.sender_follows_recipient_3_days);
  consider(p.for_new_accounts, f.sender_is_new && not_following);
  consider(p.for_private_mentions, not_following && f.private_mention_not_in_reply);
  consider(p.for_limited_accounts, f.sender_limited && not_following);
  if (worst == PolicyValue::drop) return PolicyOutcome::drop;
  if (worst == PolicyValue::filter) return PolicyOutcome::filter;
  return PolicyOutcome::accept;
}

}  // namespace parloir::core
