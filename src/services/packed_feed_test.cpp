// PackedFeed: the packed home feed gives back exactly the ids it was given, in order, through
// every edit HomeFeeds makes (push at the front, out-of-order insert, truncate, reassign).
#include "services/packed_feed.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "services/home_feeds.h"

namespace {

using parloir::core::Id;
using parloir::core::PageRequest;
using parloir::services::HomeFeeds;
using parloir::services::PackedFeed;

// Snowflakes like the generator's: ms << 16 | sequence.
Id snowflake(std::int64_t ms, int seq) { return (ms << 16) | seq; }

TEST(PackedFeed, RoundTripsRealisticIds) {
  std::vector<Id> ids;
  std::int64_t ms = 1'790'000'000'000;
  std::mt19937_64 rng(4);
  for (int i = 0; i < 400; ++i) {
    ids.push_back(snowflake(ms, static_cast<int>(rng() % 3 == 0 ? rng() % 65536 : 0)));
    ms -= static_cast<std::int64_t>(1 + rng() % 5'000'000);
  }
  PackedFeed f(ids);
  EXPECT_EQ(f.size(), 400u);
  EXPECT_EQ(f.front(), ids.front());
  EXPECT_EQ(f.ids(), ids);
}

TEST(PackedFeed, SameMillisecondDecreasingSequence) {
  std::vector<Id> ids{snowflake(5000, 9), snowflake(5000, 3), snowflake(5000, 0), snowflake(4999, 65535), 1};
  PackedFeed f(ids);
  EXPECT_EQ(f.ids(), ids);
}

TEST(PackedFeed, InsertKeepsOrderAndIgnoresDuplicates) {
  PackedFeed f;
  EXPECT_TRUE(f.empty());
  f.insert(snowflake(100, 0));
  f.insert(snowflake(300, 2));                        // newest: at the front
  f.insert(snowflake(200, 1));                        // in the middle
  f.insert(snowflake(300, 2));                        // duplicate of the front
  f.insert(snowflake(200, 1));                        // duplicate in the middle
  f.insert(snowflake(300, 7));                        // same ms, later sequence: newest
  f.insert(snowflake(50, 0));                         // oldest
  EXPECT_EQ(f.ids(), (std::vector<Id>{snowflake(300, 7), snowflake(300, 2), snowflake(200, 1), snowflake(100, 0),
                                      snowflake(50, 0)}));
  EXPECT_EQ(f.size(), 5u);
}

TEST(PackedFeed, MatchesASortedVectorUnderRandomEdits) {
  std::mt19937_64 rng(11);
  PackedFeed f;
  std::vector<Id> model;
  std::int64_t ms = 1'700'000'000'000;
  for (int i = 0; i < 5000; ++i) {
    Id id;
    if (rng() % 10 < 8) {
      ms += static_cast<std::int64_t>(rng() % 100'000);
      id = snowflake(ms, static_cast<int>(rng() % 4));
    } else {
      id = snowflake(ms - static_cast<std::int64_t>(rng() % 10'000'000), static_cast<int>(rng() % 65536));
    }
    f.insert(id);
    if (std::find(model.begin(), model.end(), id) == model.end()) {
      model.push_back(id);
      std::sort(model.begin(), model.end(), std::greater<Id>());
    }
    if (model.size() > 432) {
      f.truncate(400);
      model.resize(400);
    }
    ASSERT_EQ(f.size(), model.size());
  }
  EXPECT_EQ(f.ids(), model);
  f.truncate(3);
  model.resize(3);
  EXPECT_EQ(f.ids(), model);
}

TEST(PackedFeed, HomeFeedsPagesLikeTheVectorPaging) {
  std::vector<Id> ids;
  for (int i = 0; i < 120; ++i) ids.push_back(snowflake(10'000 - 37 * i, i % 5));
  HomeFeeds feeds;
  feeds.load(1, ids);
  auto check = [&](PageRequest p) {
    auto got = feeds.page(1, p);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, HomeFeeds::page_of(ids, p));
    EXPECT_EQ(HomeFeeds::page_of(PackedFeed(ids), p), HomeFeeds::page_of(ids, p));
  };
  PageRequest p;
  p.limit = 20;
  check(p);
  p.max_id = ids[30];
  check(p);
  p.since_id = ids[40];
  check(p);
  p = {};
  p.limit = 20;
  p.min_id = ids[100];
  check(p);
  p.limit = 0;
  check(p);
  p = {};
  p.limit = 40;
  p.since_id = ids[10];
  check(p);
  PageRequest five;
  five.limit = 5;
  EXPECT_EQ(feeds.page(1, five).value().size(), 5u);
}

}  // namespace
