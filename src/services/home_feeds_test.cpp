// HomeFeeds' rebuild protocol: a status pushed while a rebuild reads the database must end up in
// the installed feed (the lost-update race behind "the second of two back-to-back posts never
// reached the follower's home timeline").
#include "services/home_feeds.h"

#include <gtest/gtest.h>

namespace {

using parloir::core::Id;
using parloir::core::PageRequest;
using parloir::services::HomeFeeds;

std::vector<Id> all(const HomeFeeds& f, Id account) {
  PageRequest p;
  p.limit = 100;
  return f.page(account, p).value_or(std::vector<Id>{});
}

TEST(HomeFeeds, PushDuringRebuildIsMergedIntoTheInstalledFeed) {
  HomeFeeds f;
  auto token = f.begin_rebuild(7);  // before the snapshot
  f.push(7, 30);                    // committed after the snapshot: not in the rebuild's read
  std::vector<Id> read_from_db{10, 20};
  EXPECT_TRUE(f.finish_rebuild(7, token, read_from_db));
  EXPECT_EQ(all(f, 7), (std::vector<Id>{30, 20, 10}));
  EXPECT_EQ(read_from_db, (std::vector<Id>{30, 20, 10}));
  f.push(7, 40);  // loaded: pushed as before
  EXPECT_EQ(all(f, 7).front(), 40);
}

TEST(HomeFeeds, PushBeforeTheRebuildIsNotDuplicated) {
  HomeFeeds f;
  auto token = f.begin_rebuild(7);
  f.push(7, 20);  // committed before the snapshot too: read from the database as well
  std::vector<Id> read_from_db{10, 20};
  EXPECT_TRUE(f.finish_rebuild(7, token, read_from_db));
  EXPECT_EQ(all(f, 7), (std::vector<Id>{20, 10}));
}

TEST(HomeFeeds, InvalidatedDuringRebuildInstallsNothing) {
  HomeFeeds f;
  auto token = f.begin_rebuild(7);
  f.push(7, 30);
  f.invalidate(7);  // e.g. an unfollow: the rebuild read the old graph
  std::vector<Id> read_from_db{10};
  EXPECT_FALSE(f.finish_rebuild(7, token, read_from_db));
  EXPECT_FALSE(f.loaded(7));
  EXPECT_EQ(read_from_db, (std::vector<Id>{10}));  // this one page may still be served from it
  // The next rebuild starts clean and installs.
  auto again = f.begin_rebuild(7);
  std::vector<Id> fresh{10, 30};
  EXPECT_TRUE(f.finish_rebuild(7, again, fresh));
  EXPECT_EQ(all(f, 7), (std::vector<Id>{30, 10}));
}

TEST(HomeFeeds, ConcurrentRebuildsBothKeepLatePushes) {
  HomeFeeds f;
  auto a = f.begin_rebuild(7);
  auto b = f.begin_rebuild(7);
  f.push(7, 50);
  std::vector<Id> ra{10};
  EXPECT_TRUE(f.finish_rebuild(7, a, ra));
  f.push(7, 60);  // loaded now, and b is still running
  std::vector<Id> rb{10};
  EXPECT_TRUE(f.finish_rebuild(7, b, rb));
  EXPECT_EQ(all(f, 7), (std::vector<Id>{60, 50, 10}));
}

TEST(HomeFeeds, AbandonedRebuildLeavesNothingBehind) {
  HomeFeeds f;
  auto t = f.begin_rebuild(7);
  f.push(7, 5);
  f.abandon_rebuild(7, t);
  EXPECT_FALSE(f.loaded(7));
  auto again = f.begin_rebuild(7);
  std::vector<Id> ids{1};
  EXPECT_TRUE(f.finish_rebuild(7, again, ids));
  EXPECT_EQ(all(f, 7), (std::vector<Id>{1}));  // the abandoned rebuild's pushes are gone
}

}  // namespace
