// Behaviour of GraphRepo, InteractionRepo and NotificationRepo (store/social.h), run on every
// backend of store_backends().
#include "store/store_social_support.h"

namespace parloir::store::testing {
namespace {

using core::NotificationType;
using util::ErrorCode;

class GraphStore : public SocialStoreTest {};

INSTANTIATE_TEST_SUITE_P(Backends, GraphStore, ::testing::ValuesIn(store_backends()), backend_name);

core::Follow follow(Id id, Id from, Id to) {
  core::Follow f;
  f.id = id;
  f.account_id = from;
  f.target_account_id = to;
  f.created_at = 1700000000000 + id;
  return f;
}

NotificationFilter filter(std::vector<NotificationType> types, std::vector<NotificationType> exclude = {},
                          std::optional<Id> from = std::nullopt) {
  NotificationFilter f;
  f.types = std::move(types);
  f.exclude_types = std::move(exclude);
  f.from_account_id = from;
  return f;
}

// ---- follows ----------------------------------------------------------------------------------

TEST_P(GraphStore, FollowUpdatesCountersAndConflictsWhenRepeated) {
  put([](Tx& tx) { return tx.graph().insert_follow(follow(10, kAlice, kBob)); });
  EXPECT_EQ(account(kAlice).following_count, 1);
  EXPECT_EQ(account(kBob).followers_count, 1);

  auto again = store_->write([](Tx& tx) { return tx.graph().insert_follow(follow(11, kAlice, kBob)); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(account(kBob).followers_count, 1);

  core::Follow changed = follow(10, kAlice, kBob);
  changed.show_reblogs = false;
  changed.notify = true;
  put([&](Tx& tx) { return tx.graph().update_follow(changed); });
  auto found = get([](Tx& tx) { return tx.graph().find_follow(kAlice, kBob); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, 10);
  EXPECT_FALSE(found->show_reblogs);
  EXPECT_TRUE(found->notify);
  EXPECT_FALSE(get([](Tx& tx) { return tx.graph().find_follow(kBob, kAlice); }).has_value());
  auto missing = store_->write([](Tx& tx) { return tx.graph().update_follow(follow(1, kBob, kAlice)); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);

  EXPECT_TRUE(put([](Tx& tx) { return tx.graph().remove_follow(kAlice, kBob); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.graph().remove_follow(kAlice, kBob); }));
  EXPECT_EQ(account(kAlice).following_count, 0);
  EXPECT_EQ(account(kBob).followers_count, 0);
}

TEST_P(GraphStore, FollowersAndFollowingArePagedByFollowId) {
  put([](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.graph().insert_follow(follow(30, kBob, kAlice)));
    PARLOIR_TEST_TRY(tx.graph().insert_follow(follow(10, kCarol, kAlice)));
    PARLOIR_TEST_TRY(tx.graph().insert_follow(follow(20, kDave, kAlice)));
    PARLOIR_TEST_TRY(tx.graph().insert_follow(follow(40, kAlice, kDave)));
    return tx.graph().insert_follow(follow(50, kAlice, kCarol));
  });
  auto followers = get([](Tx& tx) { return tx.graph().list_followers(kAlice, page(20)); });
  EXPECT_EQ(cursors_of(followers), (std::vector<Id>{30, 20, 10}));
  EXPECT_EQ(ids_of(followers), (std::vector<Id>{kBob, kDave, kCarol}));
  EXPECT_EQ(ids_of(get([](Tx& tx) { return tx.graph().list_followers(kAlice, page(1, 30)); })),
            (std::vector<Id>{kDave}));
  EXPECT_EQ(ids_of(get([](Tx& tx) { return tx.graph().list_followers(kAlice, page(1, {}, {}, 10)); })),
            (std::vector<Id>{kDave}));
  EXPECT_EQ(ids_of(get([](Tx& tx) { return tx.graph().list_followers(kAlice, page(5, {}, 10)); })),
            (std::vector<Id>{kBob, kDave}));
  EXPECT_EQ(ids_of(get([](Tx& tx) { return tx.graph().list_following(kAlice, page(20)); })),
            (std::vector<Id>{kCarol, kDave}));
  EXPECT_EQ(get([](Tx& tx) { return tx.graph().all_following_ids(kAlice); }), (std::vector<Id>{kDave, kCarol}));

  auto local = get([](Tx& tx) { return tx.graph().all_local_followers(kAlice); });  // carol is remote
  ASSERT_EQ(local.size(), 2u);
  EXPECT_EQ(local[0].account_id, kDave);
  EXPECT_EQ(local[1].account_id, kBob);
  EXPECT_TRUE(local[0].show_reblogs);
}

TEST_P(GraphStore, FollowRequestsAreListedCountedAndRemoved) {
  put([](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.graph().insert_follow_request(follow(10, kBob, kAlice)));
    return tx.graph().insert_follow_request(follow(20, kCarol, kAlice));
  });
  auto dup = store_->write([](Tx& tx) { return tx.graph().insert_follow_request(follow(30, kBob, kAlice)); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);
  EXPECT_EQ(get([](Tx& tx) { return tx.graph().count_follow_requests(kAlice); }), 2);
  auto listed = get([](Tx& tx) { return tx.graph().list_follow_requests(kAlice, page(20)); });
  EXPECT_EQ(cursors_of(listed), (std::vector<Id>{20, 10}));
  EXPECT_EQ(ids_of(listed), (std::vector<Id>{kCarol, kBob}));
  auto found = get([](Tx& tx) { return tx.graph().find_follow_request(kBob, kAlice); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, 10);
  EXPECT_EQ(account(kAlice).followers_count, 0);  // a request is not a follow
  EXPECT_TRUE(put([](Tx& tx) { return tx.graph().remove_follow_request(kBob, kAlice); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.graph().remove_follow_request(kBob, kAlice); }));
  EXPECT_EQ(get([](Tx& tx) { return tx.graph().count_follow_requests(kAlice); }), 1);
}

// ---- blocks and mutes -------------------------------------------------------------------------

TEST_P(GraphStore, BlocksAreIdempotentAndAnsweredInBatches) {
  put([](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.graph().insert_block(10, kAlice, kBob, 1));
    PARLOIR_TEST_TRY(tx.graph().insert_block(11, kAlice, kBob, 2));  // repeat: no-op
    PARLOIR_TEST_TRY(tx.graph().insert_block(20, kAlice, kCarol, 1));
    return tx.graph().insert_block(30, kDave, kAlice, 1);
  });
  auto listed = get([](Tx& tx) { return tx.graph().list_blocks(kAlice, page(20)); });
  EXPECT_EQ(cursors_of(listed), (std::vector<Id>{20, 10}));
  EXPECT_EQ(ids_of(listed), (std::vector<Id>{kCarol, kBob}));
  EXPECT_EQ(get([](Tx& tx) { return tx.graph().blocked_among(kAlice, {kDave, kCarol, kBob, 99}); }),
            (std::vector<Id>{kCarol, kBob}));
  EXPECT_EQ(get([](Tx& tx) { return tx.graph().blocking_among(kAlice, {kBob, kDave, kCarol}); }),
            (std::vector<Id>{kDave}));
  EXPECT_TRUE(get([](Tx& tx) { return tx.graph().blocked_among(kAlice, {}); }).empty());
  EXPECT_TRUE(put([](Tx& tx) { return tx.graph().remove_block(kAlice, kBob); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.graph().remove_block(kAlice, kBob); }));
}

TEST_P(GraphStore, FanoutBatchChecksFindBlockersMutersAndFollowers) {
  core::Mute live{40, kDave, kAlice, true, std::nullopt, 1};
  core::Mute expired{41, kCarol, kAlice, true, 5000, 1};  // expired long ago
  put([&](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.graph().insert_block(30, kBob, kAlice, 1));
    PARLOIR_TEST_TRY(tx.graph().upsert_mute(live));
    PARLOIR_TEST_TRY(tx.graph().upsert_mute(expired));
    return tx.graph().insert_follow(core::Follow{50, kCarol, kAlice, true, false, 1});
  });
  EXPECT_EQ(get([](Tx& tx) { return tx.graph().blocking_or_muting_among(kAlice, {kBob, kCarol, kDave}); }),
            (std::vector<Id>{kBob, kDave}));
  EXPECT_EQ(get([](Tx& tx) { return tx.graph().followers_among(kAlice, {kBob, kCarol, kDave}); }),
            (std::vector<Id>{kCarol}));
  EXPECT_TRUE(get([](Tx& tx) { return tx.graph().followers_among(kAlice, {}); }).empty());
}

TEST_P(GraphStore, MutesUpsertAndExpire) {
  core::Mute m{10, kAlice, kBob, true, std::nullopt, 1};
  core::Mute timed{20, kAlice, kCarol, false, 5000, 1};
  put([&](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.graph().upsert_mute(m));
    return tx.graph().upsert_mute(timed);
  });
  auto live = get([](Tx& tx) { return tx.graph().mutes_among(kAlice, {kCarol, kBob, kDave}, 4999); });
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].target_account_id, kCarol);
  EXPECT_EQ(live[0].expires_at, 5000);
  EXPECT_FALSE(live[0].hide_notifications);
  auto later = get([](Tx& tx) { return tx.graph().mutes_among(kAlice, {kCarol, kBob}, 5000); });
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].target_account_id, kBob);

  core::Mute again{99, kAlice, kBob, false, 8000, 2};
  put([&](Tx& tx) { return tx.graph().upsert_mute(again); });
  auto listed = get([](Tx& tx) { return tx.graph().list_mutes(kAlice, page(20)); });
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(cursors_of(listed), (std::vector<Id>{20, 10}));  // the mute keeps its id
  EXPECT_FALSE(listed[1].item.hide_notifications);
  EXPECT_EQ(listed[1].item.expires_at, 8000);
  EXPECT_TRUE(put([](Tx& tx) { return tx.graph().remove_mute(kAlice, kBob); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.graph().remove_mute(kAlice, kBob); }));
}

TEST_P(GraphStore, RelationshipsReportEveryFactPerTargetInOrder) {
  put([](Tx& tx) -> Status {
    core::Follow f = follow(10, kAlice, kBob);
    f.show_reblogs = false;
    f.notify = true;
    PARLOIR_TEST_TRY(tx.graph().insert_follow(f));
    PARLOIR_TEST_TRY(tx.graph().insert_follow(follow(11, kBob, kAlice)));
    PARLOIR_TEST_TRY(tx.graph().insert_block(20, kAlice, kCarol, 1));
    PARLOIR_TEST_TRY(tx.graph().insert_block(21, kCarol, kAlice, 1));
    PARLOIR_TEST_TRY(tx.graph().upsert_mute({30, kAlice, kDave, false, 9000, 1}));
    PARLOIR_TEST_TRY(tx.graph().upsert_mute({31, kAlice, kCarol, true, 100, 1}));  // expired at now
    PARLOIR_TEST_TRY(tx.graph().insert_follow_request(follow(40, kAlice, kDave)));
    return tx.graph().insert_follow_request(follow(41, kDave, kAlice));
  });
  auto rels = get([](Tx& tx) { return tx.graph().relationships(kAlice, {kDave, kBob, kCarol, 99}, 1000); });
  ASSERT_EQ(rels.size(), 4u);
  const auto& dave = rels[0];
  EXPECT_EQ(dave.target_account_id, kDave);
  EXPECT_TRUE(dave.muting && dave.requested && dave.requested_by);
  EXPECT_FALSE(dave.muting_notifications || dave.following || dave.followed_by || dave.blocking);
  EXPECT_EQ(dave.muting_expires_at, 9000);
  const auto& bob = rels[1];
  EXPECT_TRUE(bob.following && bob.followed_by && bob.notifying);
  EXPECT_FALSE(bob.showing_reblogs || bob.blocking || bob.blocked_by || bob.muting || bob.requested);
  const auto& carol = rels[2];
  EXPECT_TRUE(carol.blocking && carol.blocked_by);
  EXPECT_FALSE(carol.muting || carol.following);  // the mute expired
  EXPECT_EQ(rels[3].target_account_id, 99);
  EXPECT_FALSE(rels[3].following || rels[3].blocking || rels[3].muting);
}

// ---- favourites, bookmarks, pins, reblogs, viewer flags ----------------------------------------

class InteractionStore : public SocialStoreTest {
 protected:
  void SetUp() override {
    SocialStoreTest::SetUp();
    for (Id id : {100, 101, 102}) insert(make_status(id, kAlice));
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, InteractionStore, ::testing::ValuesIn(store_backends()), backend_name);

TEST_P(InteractionStore, FavouritesAreIdempotentAndCounted) {
  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().insert_favourite(10, kBob, 100, 1); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.interactions().insert_favourite(11, kBob, 100, 2); }));
  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().insert_favourite(12, kDave, 100, 3); }));
  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().insert_favourite(13, kBob, 101, 4); }));
  EXPECT_EQ(status(100).favourites_count, 2);
  auto by = get([](Tx& tx) { return tx.interactions().list_favourited_by(100, page(20)); });
  EXPECT_EQ(cursors_of(by), (std::vector<Id>{12, 10}));
  EXPECT_EQ(ids_of(by), (std::vector<Id>{kDave, kBob}));
  auto mine = get([](Tx& tx) { return tx.interactions().list_favourites(kBob, page(20)); });
  EXPECT_EQ(cursors_of(mine), (std::vector<Id>{13, 10}));
  EXPECT_EQ(ids_of(mine), (std::vector<Id>{101, 100}));
  EXPECT_EQ(ids_of(get([](Tx& tx) { return tx.interactions().list_favourites(kBob, page(20, 13)); })),
            (std::vector<Id>{100}));
  EXPECT_EQ(ids_of(get([](Tx& tx) { return tx.interactions().list_favourites(kBob, page(1, {}, {}, 10)); })),
            (std::vector<Id>{101}));

  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().remove_favourite(kBob, 100); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.interactions().remove_favourite(kBob, 100); }));
  EXPECT_EQ(status(100).favourites_count, 1);
}

TEST_P(InteractionStore, BookmarksPinsAndConversationMutesAreIdempotent) {
  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().insert_bookmark(10, kBob, 100, 1); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.interactions().insert_bookmark(11, kBob, 100, 1); }));
  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().insert_bookmark(12, kBob, 102, 1); }));
  EXPECT_EQ(cursors_of(get([](Tx& tx) { return tx.interactions().list_bookmarks(kBob, page(20)); })),
            (std::vector<Id>{12, 10}));
  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().remove_bookmark(kBob, 100); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.interactions().remove_bookmark(kBob, 100); }));

  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().insert_pin(20, kAlice, 100, 1); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.interactions().insert_pin(21, kAlice, 100, 1); }));
  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().insert_pin(22, kAlice, 101, 1); }));
  EXPECT_EQ(get([](Tx& tx) { return tx.interactions().count_pins(kAlice); }), 2);
  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().remove_pin(kAlice, 100); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.interactions().remove_pin(kAlice, 100); }));
  EXPECT_EQ(get([](Tx& tx) { return tx.interactions().count_pins(kAlice); }), 1);

  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().insert_conversation_mute(kBob, 100); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.interactions().insert_conversation_mute(kBob, 100); }));
  EXPECT_TRUE(put([](Tx& tx) { return tx.interactions().remove_conversation_mute(kBob, 100); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.interactions().remove_conversation_mute(kBob, 100); }));
}

TEST_P(InteractionStore, RebloggedByIsPagedByWrapperId) {
  insert(make_reblog(200, kDave, make_status(100, kAlice)));
  insert(make_reblog(201, kBob, make_status(100, kAlice)));
  insert(make_reblog(202, kCarol, make_status(101, kAlice)));
  auto by = get([](Tx& tx) { return tx.interactions().list_reblogged_by(100, page(20)); });
  EXPECT_EQ(cursors_of(by), (std::vector<Id>{201, 200}));
  EXPECT_EQ(ids_of(by), (std::vector<Id>{kBob, kDave}));
  EXPECT_EQ(ids_of(get([](Tx& tx) { return tx.interactions().list_reblogged_by(100, page(1, {}, {}, 0)); })),
            (std::vector<Id>{kDave}));
}

TEST_P(InteractionStore, ViewerFlagsAreReportedPerStatusInOrder) {
  core::Status reply = make_reply(103, kBob, make_status(101, kAlice));
  reply.conversation_id = 101;
  insert(reply);
  insert(make_reblog(200, kBob, make_status(102, kAlice)));
  put([](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.interactions().insert_favourite(10, kBob, 100, 1));
    PARLOIR_TEST_TRY(tx.interactions().insert_bookmark(11, kBob, 102, 1));
    PARLOIR_TEST_TRY(tx.interactions().insert_pin(12, kBob, 103, 1));
    PARLOIR_TEST_TRY(tx.interactions().insert_conversation_mute(kBob, 101));
    PARLOIR_TEST_TRY(tx.interactions().insert_favourite(13, kDave, 101, 1));  // someone else's
    return {};
  });
  auto flags = get([](Tx& tx) { return tx.interactions().viewer_flags(kBob, {103, 102, 101, 100, 999}); });
  ASSERT_EQ(flags.size(), 5u);
  EXPECT_TRUE(flags[0].pinned && flags[0].muted);
  EXPECT_FALSE(flags[0].favourited || flags[0].reblogged || flags[0].bookmarked);
  EXPECT_TRUE(flags[1].reblogged && flags[1].bookmarked);
  EXPECT_FALSE(flags[1].favourited || flags[1].pinned || flags[1].muted);
  EXPECT_TRUE(flags[2].muted);
  EXPECT_FALSE(flags[2].favourited);
  EXPECT_TRUE(flags[3].favourited);
  EXPECT_FALSE(flags[3].muted || flags[3].reblogged);
  EXPECT_FALSE(flags[4].favourited || flags[4].reblogged || flags[4].bookmarked || flags[4].pinned || flags[4].muted);
  EXPECT_TRUE(get([](Tx& tx) { return tx.interactions().viewer_flags(kBob, {}); }).empty());
}

// ---- notifications ----------------------------------------------------------------------------

class NotificationStore : public SocialStoreTest {
 protected:
  void SetUp() override {
    SocialStoreTest::SetUp();
    insert(make_status(100, kAlice));
    put([](Tx& tx) -> Status {
      const NotificationType types[] = {NotificationType::mention, NotificationType::favourite,
                                        NotificationType::follow, NotificationType::reblog,
                                        NotificationType::favourite, NotificationType::mention};
      for (Id i = 0; i < 6; ++i) {
        const bool about_status = types[i] != NotificationType::follow;
        core::Notification n{10 + i, kAlice, i % 2 == 0 ? kBob : kDave, types[i],
                             about_status ? std::optional<Id>(100) : std::nullopt, 1};
        PARLOIR_TEST_TRY(tx.notifications().insert(n));
      }
      return tx.notifications().insert({30, kBob, kAlice, NotificationType::follow, std::nullopt, 1});
    });
    // ids: 10 mention bob, 11 favourite dave, 12 follow bob, 13 reblog dave, 14 favourite bob,
    // 15 mention dave; 30 is bob's.
  }
  std::vector<Id> list(NotificationFilter f, PageRequest p = page(20)) {
    return ids_of(get([&](Tx& tx) { return tx.notifications().list(kAlice, f, p); }));
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, NotificationStore, ::testing::ValuesIn(store_backends()), backend_name);

TEST_P(NotificationStore, ListPagesNewestFirstInEveryMode) {
  EXPECT_EQ(list({}), (std::vector<Id>{15, 14, 13, 12, 11, 10}));
  EXPECT_EQ(list({}, page(2)), (std::vector<Id>{15, 14}));
  EXPECT_EQ(list({}, page(2, 14)), (std::vector<Id>{13, 12}));
  EXPECT_EQ(list({}, page(2, {}, 11)), (std::vector<Id>{15, 14}));
  EXPECT_EQ(list({}, page(2, {}, {}, 11)), (std::vector<Id>{13, 12}));
  EXPECT_EQ(list({}, page(20, 14, 11)), (std::vector<Id>{13, 12}));
  EXPECT_EQ(list({}, page(1, 14, {}, 11)), (std::vector<Id>{12}));
}

TEST_P(NotificationStore, ListFiltersByTypesExcludedTypesAndSender) {
  EXPECT_EQ(list(filter({NotificationType::favourite})), (std::vector<Id>{14, 11}));
  EXPECT_EQ(list(filter({NotificationType::favourite, NotificationType::follow})), (std::vector<Id>{14, 12, 11}));
  EXPECT_EQ(list(filter({}, {NotificationType::mention, NotificationType::favourite})),
            (std::vector<Id>{13, 12}));
  EXPECT_EQ(list(filter({NotificationType::mention}, {NotificationType::mention})),
            (std::vector<Id>{}));
  EXPECT_EQ(list(filter({}, {}, kDave)), (std::vector<Id>{15, 13, 11}));
  EXPECT_EQ(list(filter({NotificationType::mention}, {}, kDave)), (std::vector<Id>{15}));
}

TEST_P(NotificationStore, FindDismissClearRemoveMatchingAndCountSince) {
  auto found = get([](Tx& tx) { return tx.notifications().find(kAlice, 13); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->type, NotificationType::reblog);
  EXPECT_EQ(found->from_account_id, kDave);
  EXPECT_EQ(found->status_id, 100);
  EXPECT_FALSE(get([](Tx& tx) { return tx.notifications().find(kBob, 13); }).has_value());  // not bob's
  EXPECT_EQ(get([](Tx& tx) { return tx.notifications().count_since(kAlice, 12); }), 3);

  EXPECT_FALSE(put([](Tx& tx) { return tx.notifications().dismiss(kBob, 13); }));
  EXPECT_TRUE(put([](Tx& tx) { return tx.notifications().dismiss(kAlice, 13); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.notifications().dismiss(kAlice, 13); }));

  put([](Tx& tx) { return tx.notifications().remove_matching(kAlice, kBob, NotificationType::favourite, 100); });
  EXPECT_EQ(list({}), (std::vector<Id>{15, 12, 11, 10}));
  put([](Tx& tx) { return tx.notifications().remove_matching(kAlice, kBob, NotificationType::follow, std::nullopt); });
  EXPECT_EQ(list({}), (std::vector<Id>{15, 11, 10}));
  put([](Tx& tx) { return tx.notifications().remove_matching(kAlice, kDave, NotificationType::mention, 999); });
  EXPECT_EQ(list({}), (std::vector<Id>{15, 11, 10}));

  put([](Tx& tx) { return tx.notifications().clear(kAlice); });
  EXPECT_EQ(list({}), (std::vector<Id>{}));
  EXPECT_EQ(get([](Tx& tx) { return tx.notifications().count_since(kBob, 0); }), 1);  // others untouched
}

TEST_P(NotificationStore, GroupKeysStatsPoliciesAndRequests) {
  put([](Tx& tx) -> Status {
    for (Id i = 0; i < 3; ++i) {
      core::Notification n{40 + i, kAlice, i == 1 ? kDave : kBob, NotificationType::favourite, 100, 2 + i};
      n.group_key = "favourite-100-7";
      PARLOIR_TEST_TRY(tx.notifications().insert(n));
    }
    core::Notification f{50, kAlice, kDave, NotificationType::mention, 100, 9};
    f.filtered = true;
    return tx.notifications().insert(f);
  });
  // Filtered notifications stay out of the list unless asked for.
  EXPECT_EQ(list({}, page(4)), (std::vector<Id>{42, 41, 40, 15}));
  NotificationFilter with;
  with.include_filtered = true;
  EXPECT_EQ(list(with, page(1)), (std::vector<Id>{50}));
  EXPECT_EQ(get([](Tx& tx) { return tx.notifications().count_since(kAlice, 41); }), 1);  // 42, not 50

  auto latest = get([](Tx& tx) { return tx.notifications().latest_with_group_prefix(kAlice, "favourite-100-"); });
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->id, 42);
  EXPECT_EQ(latest->group_key, std::optional<std::string>("favourite-100-7"));
  EXPECT_FALSE(get([](Tx& tx) { return tx.notifications().latest_with_group_prefix(kAlice, "favourite-10-"); }));
  EXPECT_FALSE(get([](Tx& tx) { return tx.notifications().latest_with_group_prefix(kBob, "favourite-100-"); }));
  auto grouped = get([](Tx& tx) { return tx.notifications().list_with_groups(kAlice, {}, page(2)); });
  ASSERT_EQ(grouped.size(), 2u);
  EXPECT_EQ(grouped[0].group_key, std::optional<std::string>("favourite-100-7"));

  auto stats = get([](Tx& tx) { return tx.notifications().group_stats(kAlice, "favourite-100-7", 41, 41, 8); });
  EXPECT_EQ(stats.most_recent_id, 41);
  EXPECT_EQ(stats.count, 2);
  EXPECT_EQ(stats.latest_at, 3);
  EXPECT_EQ(stats.min_id_in_page, 41);
  EXPECT_EQ(stats.sample_account_ids, (std::vector<Id>{kDave, kBob}));
  auto members = get([](Tx& tx) { return tx.notifications().list_group(kAlice, "favourite-100-7", page(2, 42)); });
  EXPECT_EQ(ids_of(members), (std::vector<Id>{41, 40}));
  EXPECT_EQ(put([](Tx& tx) { return tx.notifications().dismiss_group(kBob, "favourite-100-7"); }), 0);
  EXPECT_EQ(put([](Tx& tx) { return tx.notifications().dismiss_group(kAlice, "favourite-100-7"); }), 3);

  EXPECT_FALSE(get([](Tx& tx) { return tx.notifications().find_policy(kAlice); }).has_value());
  core::NotificationPolicy policy;
  policy.for_new_accounts = core::PolicyValue::drop;
  put([&](Tx& tx) { return tx.notifications().save_policy(kAlice, policy); });
  policy.for_not_following = core::PolicyValue::filter;
  put([&](Tx& tx) { return tx.notifications().save_policy(kAlice, policy); });
  auto saved = get([](Tx& tx) { return tx.notifications().find_policy(kAlice); });
  ASSERT_TRUE(saved.has_value());
  EXPECT_EQ(saved->for_new_accounts, core::PolicyValue::drop);
  EXPECT_EQ(saved->for_not_following, core::PolicyValue::filter);
  EXPECT_EQ(saved->for_limited_accounts, core::PolicyValue::filter);

  put([](Tx& tx) { return tx.notifications().note_filtered(60, kAlice, kDave, 100, 5); });
  put([](Tx& tx) { return tx.notifications().note_filtered(61, kAlice, kDave, std::nullopt, 6); });
  auto reqs = get([](Tx& tx) { return tx.notifications().list_requests(kAlice, std::nullopt, page(20)); });
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].id, 60);
  EXPECT_EQ(reqs[0].notifications_count, 2);
  EXPECT_EQ(reqs[0].last_status_id, std::optional<Id>(100));
  EXPECT_EQ(reqs[0].created_at, 5);
  EXPECT_EQ(reqs[0].updated_at, 6);
  EXPECT_TRUE(get([](Tx& tx) { return tx.notifications().list_requests(kAlice, kBob, page(20)); }).empty());
  auto sum = get([](Tx& tx) { return tx.notifications().request_summary(kAlice); });
  EXPECT_EQ(sum.requests, 1);
  EXPECT_EQ(sum.notifications, 2);
  EXPECT_FALSE(get([](Tx& tx) { return tx.notifications().find_request(kBob, 60); }).has_value());

  EXPECT_EQ(put([](Tx& tx) { return tx.notifications().unfilter_from(kAlice, kDave); }), 1);
  EXPECT_EQ(list({}, page(1)), (std::vector<Id>{50}));
  EXPECT_EQ(put([](Tx& tx) { return tx.notifications().delete_filtered_from(kAlice, kDave); }), 0);
  put([](Tx& tx) { return tx.notifications().add_permission(kAlice, kDave, 7); });
  put([](Tx& tx) { return tx.notifications().add_permission(kAlice, kDave, 8); });  // idempotent
  EXPECT_TRUE(get([](Tx& tx) { return tx.notifications().has_permission(kAlice, kDave); }));
  EXPECT_FALSE(get([](Tx& tx) { return tx.notifications().has_permission(kDave, kAlice); }));
  EXPECT_FALSE(put([](Tx& tx) { return tx.notifications().delete_request(kBob, 60); }));
  EXPECT_TRUE(put([](Tx& tx) { return tx.notifications().delete_request(kAlice, 60); }));
  EXPECT_TRUE(get([](Tx& tx) { return tx.notifications().list_requests(kAlice, std::nullopt, page(20)); }).empty());
}

}  // namespace
}  // namespace parloir::store::testing
