// GraphRepo::local_followers stays exact while the SQLite backend answers it from its writer's
// in-memory cache (sqlite/follower_cache.h): after follows, unfollows, flag changes, rolled-back
// transactions, a deleted account's cascade, and writes by another Store on the same database
// (another process). Every check compares the write-transaction answer (cached) with a fresh
// read-transaction answer (SQL) and with the expected list.
#include "store/store_social_support.h"

namespace parloir::store::testing {
namespace {

using util::ErrorCode;

class FollowerCacheStore : public SocialStoreTest {
 protected:
  struct Entry {
    Id id;
    bool show_reblogs;
    bool notify;
    bool operator==(const Entry&) const = default;
  };
  static std::vector<Entry> entries(const LocalFollowers& l) {
    std::vector<Entry> out;
    for (std::size_t i = 0; i < l.ids.size(); ++i) out.push_back({l.ids[i], l.show_reblogs(i), l.notify(i)});
    return out;
  }
  // The cached answer (write transaction), checked against the SQL answer (read transaction).
  std::vector<Entry> followers(Id target) {
    auto cached = put([&](Tx& tx) { return tx.graph().local_followers(target); });
    auto fresh = get([&](Tx& tx) { return tx.graph().local_followers(target); });
    EXPECT_TRUE(cached && fresh);
    if (!cached || !fresh) return {};
    EXPECT_EQ(entries(*cached), entries(*fresh)) << "cache differs from the database";
    return entries(*cached);
  }
  static std::vector<std::string> sorted_strings(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }
  static core::Follow follow(Id id, Id from, Id to, bool reblogs = true, bool notify = false) {
    core::Follow f;
    f.id = id;
    f.account_id = from;
    f.target_account_id = to;
    f.show_reblogs = reblogs;
    f.notify = notify;
    f.created_at = 1700000000000 + id;
    return f;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, FollowerCacheStore, ::testing::ValuesIn(store_backends()), backend_name);

TEST_P(FollowerCacheStore, FollowUnfollowAndFlagChangesShowAtOnce) {
  EXPECT_TRUE(followers(kAlice).empty());  // an empty list is cached too
  put([&](Tx& tx) { return tx.graph().insert_follow(follow(10, kBob, kAlice)); });
  EXPECT_EQ(followers(kAlice), (std::vector<Entry>{{kBob, true, false}}));
  put([&](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.graph().insert_follow(follow(20, kDave, kAlice, false, true)));
    return tx.graph().insert_follow(follow(30, kCarol, kAlice));  // remote: never listed
  });
  EXPECT_EQ(followers(kAlice), (std::vector<Entry>{{kBob, true, false}, {kDave, false, true}}));
  put([&](Tx& tx) { return tx.graph().update_follow(follow(10, kBob, kAlice, false, true)); });
  EXPECT_EQ(followers(kAlice), (std::vector<Entry>{{kBob, false, true}, {kDave, false, true}}));
  EXPECT_TRUE(put([&](Tx& tx) { return tx.graph().remove_follow(kBob, kAlice); }));
  EXPECT_EQ(followers(kAlice), (std::vector<Entry>{{kDave, false, true}}));
  EXPECT_EQ(followers(kBob), std::vector<Entry>{});  // other targets untouched
}

TEST_P(FollowerCacheStore, InsideOneTransactionTheListFollowsItsOwnChanges) {
  EXPECT_TRUE(followers(kAlice).empty());
  auto inside = put([&](Tx& tx) -> Result<std::size_t> {
    PARLOIR_TEST_TRY(tx.graph().insert_follow(follow(10, kBob, kAlice)));
    auto l = tx.graph().local_followers(kAlice);
    if (!l) return util::fail(l.error());
    return (*l)->ids.size();
  });
  EXPECT_EQ(inside, 1u);
  EXPECT_EQ(followers(kAlice), (std::vector<Entry>{{kBob, true, false}}));
}

TEST_P(FollowerCacheStore, ARolledBackFollowLeavesNoTrace) {
  put([&](Tx& tx) { return tx.graph().insert_follow(follow(10, kBob, kAlice)); });
  EXPECT_EQ(followers(kAlice).size(), 1u);  // cached
  auto failed = store_->write([&](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.graph().insert_follow(follow(20, kDave, kAlice)));
    PARLOIR_TEST_TRY(tx.graph().remove_follow(kBob, kAlice));
    auto l = tx.graph().local_followers(kAlice);  // read after the changes: must not be cached
    if (!l) return util::fail(l.error());
    EXPECT_EQ(entries(**l), (std::vector<Entry>{{kDave, true, false}}));
    return util::fail(ErrorCode::conflict, "rolled back", "test");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(followers(kAlice), (std::vector<Entry>{{kBob, true, false}}));
}

TEST_P(FollowerCacheStore, DeletingAFollowersAccountRemovesIt) {
  put([&](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.graph().insert_follow(follow(10, kBob, kAlice)));
    return tx.graph().insert_follow(follow(20, kDave, kAlice));
  });
  EXPECT_EQ(followers(kAlice).size(), 2u);
  // The follows row goes by foreign-key cascade, not through GraphRepo.
  put([&](Tx& tx) { return tx.moderation().delete_account(kBob); });
  EXPECT_EQ(followers(kAlice), (std::vector<Entry>{{kDave, true, false}}));
}

TEST_P(FollowerCacheStore, ANewLocalAccountFollowsAndIsListed) {
  EXPECT_TRUE(followers(kAlice).empty());
  constexpr Id kErin = 5;
  ASSERT_TRUE(add_local(*store_, kErin, "erin"));
  put([&](Tx& tx) { return tx.graph().insert_follow(follow(10, kErin, kAlice)); });
  EXPECT_EQ(followers(kAlice), (std::vector<Entry>{{kErin, true, false}}));
}

TEST_P(FollowerCacheStore, WritesByAnotherProcessAreSeen) {
  put([&](Tx& tx) { return tx.graph().insert_follow(follow(10, kBob, kAlice)); });
  EXPECT_EQ(followers(kAlice).size(), 1u);  // cached in store_
  auto cli = open_store();                   // the admin CLI, say
  ASSERT_NE(cli, nullptr);
  ASSERT_TRUE(cli->write([&](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.graph().insert_follow(follow(20, kDave, kAlice)));
    auto removed = tx.graph().remove_follow(kBob, kAlice);
    if (!removed) return util::fail(removed.error());
    return {};
  }));
  cli->close();
  EXPECT_EQ(followers(kAlice), (std::vector<Entry>{{kDave, true, false}}));
}

TEST_P(FollowerCacheStore, RemoteFollowersInboxesFollowFollowsAndUnfollows) {
  auto inboxes = [&] {
    auto cached = put([&](Tx& tx) { return tx.federation().follower_inboxes(kAlice); });
    auto fresh = get([&](Tx& tx) { return tx.federation().follower_inboxes(kAlice); });
    EXPECT_EQ(sorted_strings(cached), sorted_strings(fresh)) << "cache differs from the database";
    return sorted_strings(cached);
  };
  RemoteActor carol;
  carol.account_id = kCarol;
  carol.inbox = "https://remote.example/users/carol/inbox";
  carol.shared_inbox = "https://remote.example/inbox";
  carol.key_id = "https://remote.example/users/carol#main-key";
  put([&](Tx& tx) { return tx.federation().upsert_remote_actor(carol); });
  EXPECT_TRUE(inboxes().empty());  // cached: nobody follows alice
  put([&](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.graph().insert_follow(follow(10, kCarol, kAlice)));
    return tx.graph().insert_follow(follow(20, kBob, kAlice));
  });
  EXPECT_EQ(inboxes(), std::vector<std::string>{"https://remote.example/inbox"});
  EXPECT_EQ(followers(kAlice), (std::vector<Entry>{{kBob, true, false}}));  // carol is not local
  EXPECT_TRUE(put([&](Tx& tx) { return tx.graph().remove_follow(kCarol, kAlice); }));
  EXPECT_TRUE(inboxes().empty());
}

}  // namespace
}  // namespace parloir::store::testing
