// ViewCache: account versions (the RenderCache's key) and its sharding.
#include "services/view_cache.h"

#include <gtest/gtest.h>

namespace {

using parloir::core::Account;
using parloir::services::ViewCache;

Account account(parloir::core::Id id, const std::string& name) {
  Account a;
  a.id = id;
  a.username = "user" + std::to_string(id);
  a.display_name = name;
  return a;
}

TEST(ViewCache, AnAccountReloadedUnchangedKeepsItsVersion) {
  ViewCache cache(std::chrono::milliseconds(0));  // every entry expires at once: each read reloads
  auto first = cache.put_account(account(1, "Alice"));
  EXPECT_FALSE(cache.account(1).has_value());  // expired
  auto same = cache.put_account(account(1, "Alice"));
  EXPECT_EQ(same.version, first.version);
  auto changed = cache.put_account(account(1, "Alice B."));
  EXPECT_NE(changed.version, first.version);
  EXPECT_EQ(changed.value->display_name, "Alice B.");
}

TEST(ViewCache, AnInvalidatedAccountGetsANewVersion) {
  ViewCache cache;
  auto first = cache.put_account(account(2, "Bob"));
  ASSERT_TRUE(cache.account(2).has_value());
  cache.invalidate_account(2);
  EXPECT_FALSE(cache.account(2).has_value());
  EXPECT_NE(cache.put_account(account(2, "Bob")).version, first.version);
}

TEST(ViewCache, HoldsMoreThanOneShardOfSnowflakeIds) {
  // Snowflakes of statuses made one per millisecond end in 16 zero bits; the cache must still
  // keep thousands of them (it once kept them all in one shard of 1,024, cleared when full).
  ViewCache cache;
  const parloir::core::Id base = 1'700'000'000'000LL << 16;
  for (int i = 0; i < 8000; ++i) {
    parloir::core::Status s;
    s.id = base + (static_cast<parloir::core::Id>(i) << 16);
    cache.put_status(s);
  }
  int kept = 0;
  for (int i = 0; i < 8000; ++i) kept += cache.status(base + (static_cast<parloir::core::Id>(i) << 16)).has_value();
  EXPECT_EQ(kept, 8000);
}

TEST(ShardOf, SpreadsMillisecondSnowflakesOverEveryShard) {
  std::vector<int> count(32, 0);
  const parloir::core::Id base = 1'700'000'000'000LL << 16;
  for (int i = 0; i < 3200; ++i) ++count[parloir::core::shard_of(base + (static_cast<parloir::core::Id>(i) << 16), 32)];
  for (int c : count) {
    EXPECT_GT(c, 50);
    EXPECT_LT(c, 150);
  }
}

}  // namespace
