#include <gtest/gtest.h>

#include "core/notifications.h"

using namespace parloir::core;

namespace {
constexpr std::int64_t kHour = 3600 * 1000;
}

TEST(NotificationGroups, KeysByTypeAndStatus) {
  EXPECT_EQ(group_key_prefix(NotificationType::favourite, 42), "favourite-42-");
  EXPECT_EQ(group_key_prefix(NotificationType::reblog, 42), "reblog-42-");
  EXPECT_EQ(group_key_prefix(NotificationType::follow, std::nullopt), "follow-");
  EXPECT_EQ(group_key_prefix(NotificationType::mention, 42), "");
  EXPECT_EQ(group_key_prefix(NotificationType::favourite, std::nullopt), "");
  EXPECT_EQ(group_key_bucket("favourite-42-493000"), 493000);
  EXPECT_EQ(group_key_bucket("follow-"), std::nullopt);
  EXPECT_EQ(group_key_bucket("follow-12x"), std::nullopt);
}

TEST(NotificationGroups, BucketsStretchUpTo12HoursWhileBusy) {
  const std::int64_t t0 = 1000 * kHour + 5;
  EXPECT_EQ(choose_group_bucket(t0, std::nullopt), 1000);
  // Touched an hour ago, group began 3 hours ago: same group.
  EXPECT_EQ(choose_group_bucket(t0, LatestInGroup{997, t0 - kHour}), 997);
  // The group began 12 hours ago: a new one.
  EXPECT_EQ(choose_group_bucket(t0, LatestInGroup{988, t0 - kHour}), 1000);
  // Quiet for 12 hours: a new one (Mastodon's Redis key expired).
  EXPECT_EQ(choose_group_bucket(t0, LatestInGroup{999, t0 - 12 * kHour}), 1000);
}

TEST(NotificationPolicy, DefaultsFilterOnlyLimitedStrangers) {
  NotificationPolicy p;
  SenderFacts stranger;
  EXPECT_EQ(apply_policy(p, NotificationType::mention, stranger), PolicyOutcome::accept);
  SenderFacts limited;
  limited.sender_limited = true;
  EXPECT_EQ(apply_policy(p, NotificationType::mention, limited), PolicyOutcome::filter);
  limited.recipient_follows_sender = true;
  EXPECT_EQ(apply_policy(p, NotificationType::mention, limited), PolicyOutcome::accept);
}

TEST(NotificationPolicy, StrictestRuleWinsAndPermissionsOverride) {
  NotificationPolicy p;
  p.for_not_following = PolicyValue::filter;
  p.for_new_accounts = PolicyValue::drop;
  SenderFacts f;
  EXPECT_EQ(apply_policy(p, NotificationType::favourite, f), PolicyOutcome::filter);
  f.sender_is_new = true;
  EXPECT_EQ(apply_policy(p, NotificationType::favourite, f), PolicyOutcome::drop);
  // Not filterable types always pass.
  EXPECT_EQ(apply_policy(p, NotificationType::poll, f), PolicyOutcome::accept);
  EXPECT_EQ(apply_policy(p, NotificationType::status, f), PolicyOutcome::accept);
  f.permitted = true;
  EXPECT_EQ(apply_policy(p, NotificationType::favourite, f), PolicyOutcome::accept);
  EXPECT_EQ(parse_policy_value("drop"), PolicyValue::drop);
  EXPECT_EQ(parse_policy_value("DROP"), std::nullopt);
}
