// Behaviour of ReadViews (store/read_views.h): the ids-only public list matches the full list, and a
// viewer's snapshot holds exactly their blocks, mutes and flags — run on every backend that has
// ReadViews.
#include "store/read_views.h"
#include "store/store_social_support.h"

namespace parloir::store::testing {
namespace {

class ReadViewsStore : public SocialStoreTest {
 protected:
  ReadViews& reads(Tx& tx) {
    auto* r = read_views(tx);
    EXPECT_NE(r, nullptr);
    return *r;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, ReadViewsStore, ::testing::ValuesIn(store_backends()), backend_name);

TEST_P(ReadViewsStore, IdListsMatchTheFullLists) {
  core::Status root = make_status(100, kAlice);
  insert(root);
  insert(make_reply(101, kAlice, root));
  insert(make_status(102, kBob));
  insert(make_reblog(103, kAlice, make_status(102, kBob)));
  core::Status local_only = make_status(104, kAlice);
  local_only.local_only = true;
  insert(local_only);
  for (bool signed_in : {false, true}) {
    for (bool local : {false, true}) {
      PublicFilter f;
      f.local = local;
      auto full = get([&](Tx& tx) { return tx.statuses().list_public(f, signed_in, page(20)); });
      auto ids = get([&](Tx& tx) { return reads(tx).list_public_ids(f, signed_in, page(20)); });
      EXPECT_EQ(ids, ids_of(full)) << "signed_in=" << signed_in << " local=" << local;
      auto paged = get([&](Tx& tx) { return reads(tx).list_public_ids(f, signed_in, page(1, {}, {}, 100)); });
      EXPECT_EQ(paged, ids_of(get([&](Tx& tx) { return tx.statuses().list_public(f, signed_in, page(1, {}, {}, 100)); })));
    }
  }
}

TEST_P(ReadViewsStore, SnapshotHoldsTheViewersBlocksMutesAndFlags) {
  insert(make_status(100, kBob));
  insert(make_status(101, kBob));
  core::Status in_thread = make_status(102, kDave);
  in_thread.conversation_id = 100;
  insert(in_thread);
  insert(make_reblog(103, kAlice, make_status(101, kBob)));
  put([](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.graph().insert_block(1, kAlice, kCarol, 1));
    PARLOIR_TEST_TRY(tx.graph().insert_block(2, kDave, kAlice, 1));
    core::Mute m;
    m.id = 3;
    m.account_id = kAlice;
    m.target_account_id = kDave;
    m.expires_at = 1700000009999;
    PARLOIR_TEST_TRY(tx.graph().upsert_mute(m));
    PARLOIR_TEST_TRY(tx.interactions().insert_favourite(4, kAlice, 100, 1));
    PARLOIR_TEST_TRY(tx.interactions().insert_bookmark(5, kAlice, 100, 1));
    PARLOIR_TEST_TRY(tx.interactions().insert_favourite(6, kBob, 101, 1));  // someone else's
    PARLOIR_TEST_TRY(tx.interactions().insert_favourite(7, kAlice, 102, 1));
    PARLOIR_TEST_TRY(tx.interactions().insert_conversation_mute(kAlice, 100));
    return {};
  });
  auto s = get([&](Tx& tx) { return reads(tx).viewer_snapshot(kAlice, 100); });
  EXPECT_TRUE(s.complete);
  EXPECT_EQ(s.blocking, (std::vector<Id>{kCarol}));
  EXPECT_EQ(s.blocked_by, (std::vector<Id>{kDave}));
  ASSERT_EQ(s.muting.size(), 1u);
  EXPECT_EQ(s.muting[0].first, kDave);
  EXPECT_EQ(s.muting[0].second, 1700000009999);
  using VS = ViewerSnapshot;
  EXPECT_EQ(s.statuses, (std::vector<std::pair<Id, std::uint8_t>>{
                            {100, VS::kFavourited | VS::kBookmarked}, {101, VS::kReblogged}, {102, VS::kFavourited}}));
  EXPECT_EQ(s.muted_conversations, (std::vector<Id>{100}));
  EXPECT_TRUE(s.poll_votes.empty());

  auto bob = get([&](Tx& tx) { return reads(tx).viewer_snapshot(kBob, 100); });
  EXPECT_TRUE(bob.complete && bob.blocking.empty() && bob.muting.empty());
  EXPECT_EQ(bob.statuses, (std::vector<std::pair<Id, std::uint8_t>>{{101, VS::kFavourited}}));

  // Past the cap (two favourites), the snapshot says it is incomplete.
  auto capped = get([&](Tx& tx) { return reads(tx).viewer_snapshot(kAlice, 1); });
  EXPECT_FALSE(capped.complete);
}

}  // namespace
}  // namespace parloir::store::testing
