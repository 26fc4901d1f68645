// Behaviour of ListRepo, MarkerRepo, ConversationRepo and SearchRepo (store/personal.h), run on
// every backend of store_backends().
#include "store/store_social_support.h"

namespace parloir::store::testing {
namespace {

class PersonalStore : public SocialStoreTest {
 protected:
  core::List make_list(Id id, Id owner, const std::string& title) {
    core::List l;
    l.id = id;
    l.account_id = owner;
    l.title = title;
    l.created_at = 1700000000000;
    return l;
  }
  core::Status direct(Id id, Id author, std::vector<Id> mentions, Id conversation = 0) {
    core::Status s = make_status(id, author, "secret words");
    s.visibility = core::Visibility::direct;
    s.mentioned_account_ids = std::move(mentions);
    if (conversation != 0) s.conversation_id = conversation;
    return s;
  }
  void follow(Id id, Id from, Id to) {
    core::Follow f;
    f.id = id;
    f.account_id = from;
    f.target_account_id = to;
    f.created_at = 1700000000000;
    put([&](Tx& tx) { return tx.graph().insert_follow(f); });
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, PersonalStore, ::testing::ValuesIn(store_backends()), backend_name);

// ---- lists ------------------------------------------------------------------------------------

TEST_P(PersonalStore, ListIsStoredUpdatedAndRemovedWithItsMembers) {
  core::List l = make_list(10, kAlice, "Friends");
  l.replies_policy = core::RepliesPolicy::followed;
  l.exclusive = true;
  put([&](Tx& tx) { return tx.lists().insert(l); });
  auto found = get([&](Tx& tx) { return tx.lists().find(10); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->title, "Friends");
  EXPECT_EQ(found->replies_policy, core::RepliesPolicy::followed);
  EXPECT_TRUE(found->exclusive);

  l.title = "Close friends";
  l.replies_policy = core::RepliesPolicy::none;
  l.exclusive = false;
  put([&](Tx& tx) { return tx.lists().update(l); });
  found = get([&](Tx& tx) { return tx.lists().find(10); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->title, "Close friends");
  EXPECT_EQ(found->replies_policy, core::RepliesPolicy::none);
  EXPECT_FALSE(found->exclusive);

  put([&](Tx& tx) { return tx.lists().add_members(10, {kBob, kDave}); });
  EXPECT_TRUE(put([&](Tx& tx) { return tx.lists().remove(10); }));
  EXPECT_FALSE(get([&](Tx& tx) { return tx.lists().find(10); }).has_value());
  EXPECT_TRUE(get([&](Tx& tx) { return tx.lists().all_member_ids(10); }).empty());
  EXPECT_FALSE(put([&](Tx& tx) { return tx.lists().remove(10); }));
}

TEST_P(PersonalStore, UpdatingAMissingListIsNotFound) {
  auto s = store_->write([&](Tx& tx) { return tx.lists().update(make_list(99, kAlice, "x")); });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, util::ErrorCode::not_found);
}

TEST_P(PersonalStore, ListsAreListedPerOwnerAndPerMember) {
  put([&](Tx& tx) { return tx.lists().insert(make_list(10, kAlice, "a")); });
  put([&](Tx& tx) { return tx.lists().insert(make_list(11, kAlice, "b")); });
  put([&](Tx& tx) { return tx.lists().insert(make_list(12, kBob, "c")); });
  put([&](Tx& tx) { return tx.lists().add_members(11, {kDave}); });
  put([&](Tx& tx) { return tx.lists().add_members(12, {kDave}); });
  auto mine = get([&](Tx& tx) { return tx.lists().list_of(kAlice); });
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, 10);
  EXPECT_EQ(mine[1].id, 11);
  auto containing = get([&](Tx& tx) { return tx.lists().lists_containing(kAlice, kDave); });
  ASSERT_EQ(containing.size(), 1u);
  EXPECT_EQ(containing[0].id, 11);
}

TEST_P(PersonalStore, MembersAreAddedOnceRemovedAndPaged) {
  put([&](Tx& tx) { return tx.lists().insert(make_list(10, kAlice, "a")); });
  put([&](Tx& tx) { return tx.lists().add_members(10, {kBob, kCarol, kBob}); });
  put([&](Tx& tx) { return tx.lists().add_members(10, {kCarol, kDave}); });
  EXPECT_EQ(get([&](Tx& tx) { return tx.lists().all_member_ids(10); }), (std::vector<Id>{kBob, kCarol, kDave}));

  auto first = get([&](Tx& tx) { return tx.lists().list_members(10, page(2)); });
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(ids_of(first), (std::vector<Id>{kDave, kCarol}));  // newest membership first
  auto next = get([&](Tx& tx) { return tx.lists().list_members(10, page(2, first.back().cursor)); });
  EXPECT_EQ(ids_of(next), (std::vector<Id>{kBob}));
  auto prev = get([&](Tx& tx) { return tx.lists().list_members(10, page(2, {}, {}, next.front().cursor)); });
  EXPECT_EQ(ids_of(prev), (std::vector<Id>{kDave, kCarol}));

  put([&](Tx& tx) { return tx.lists().remove_members(10, {kCarol, kAlice}); });
  EXPECT_EQ(get([&](Tx& tx) { return tx.lists().all_member_ids(10); }), (std::vector<Id>{kBob, kDave}));
}

TEST_P(PersonalStore, StatusIdsByAccountsAreMergedNewestFirstAndPaged) {
  for (Id id : {100, 103, 105}) insert(make_status(id, kBob));
  for (Id id : {101, 104}) insert(make_status(id, kDave));
  insert(make_status(102, kAlice));
  auto all = get([&](Tx& tx) { return tx.lists().status_ids_by_accounts({kBob, kDave, kBob}, page(10)); });
  EXPECT_EQ(all, (std::vector<Id>{105, 104, 103, 101, 100}));
  auto top = get([&](Tx& tx) { return tx.lists().status_ids_by_accounts({kBob, kDave}, page(2)); });
  EXPECT_EQ(top, (std::vector<Id>{105, 104}));
  auto older = get([&](Tx& tx) { return tx.lists().status_ids_by_accounts({kBob, kDave}, page(2, 104)); });
  EXPECT_EQ(older, (std::vector<Id>{103, 101}));
  auto after = get([&](Tx& tx) { return tx.lists().status_ids_by_accounts({kBob, kDave}, page(2, {}, {}, 100)); });
  EXPECT_EQ(after, (std::vector<Id>{103, 101}));
  EXPECT_TRUE(get([&](Tx& tx) { return tx.lists().status_ids_by_accounts({}, page(2)); }).empty());
}

// ---- markers ----------------------------------------------------------------------------------

TEST_P(PersonalStore, MarkerVersionStartsAtOneAndIncrements) {
  auto m = put([&](Tx& tx) { return tx.markers().save(kAlice, "home", 500, 1000); });
  EXPECT_EQ(m.timeline, "home");
  EXPECT_EQ(m.last_read_id, 500);
  EXPECT_EQ(m.version, 1);
  EXPECT_EQ(m.updated_at, 1000);
  m = put([&](Tx& tx) { return tx.markers().save(kAlice, "home", 600, 2000); });
  EXPECT_EQ(m.last_read_id, 600);
  EXPECT_EQ(m.version, 2);
  EXPECT_EQ(m.updated_at, 2000);
  put([&](Tx& tx) { return tx.markers().save(kBob, "home", 1, 1); });

  auto found = get([&](Tx& tx) { return tx.markers().find(kAlice, {"notifications", "home", "home"}); });
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].timeline, "home");
  EXPECT_EQ(found[0].last_read_id, 600);
  EXPECT_EQ(found[0].version, 2);
}

// ---- conversations ----------------------------------------------------------------------------

TEST_P(PersonalStore, ConversationsAreTheDirectThreadsTheAccountTakesPartIn) {
  insert(direct(100, kAlice, {kBob}));
  insert(direct(101, kBob, {kAlice}, 100));
  insert(direct(200, kDave, {kBob}));        // alice not involved
  insert(direct(300, kDave, {kAlice}));
  insert(make_status(400, kAlice, "public"));  // not direct
  auto alice = get([&](Tx& tx) { return tx.conversations().list(kAlice, page(10)); });
  ASSERT_EQ(alice.size(), 2u);
  EXPECT_EQ(alice[0].conversation_id, 300);
  EXPECT_EQ(alice[0].last_status_id, 300);
  EXPECT_EQ(alice[1].conversation_id, 100);
  EXPECT_EQ(alice[1].last_status_id, 101);
  EXPECT_EQ(alice[1].last_read_id, 0);

  auto older = get([&](Tx& tx) { return tx.conversations().list(kAlice, page(1, 300)); });
  ASSERT_EQ(older.size(), 1u);
  EXPECT_EQ(older[0].conversation_id, 100);

  EXPECT_EQ(get([&](Tx& tx) { return tx.conversations().status_ids(kAlice, 100, 10); }), (std::vector<Id>{100, 101}));
  EXPECT_FALSE(get([&](Tx& tx) { return tx.conversations().find(kAlice, 200); }).has_value());
  auto one = get([&](Tx& tx) { return tx.conversations().find(kBob, 100); });
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->last_status_id, 101);
}

TEST_P(PersonalStore, ReadStateNeverMovesBackAndHiddenConversationReturnsOnNewStatus) {
  insert(direct(100, kAlice, {kBob}));
  put([&](Tx& tx) { return tx.conversations().mark_read(kBob, 100, 100); });
  put([&](Tx& tx) { return tx.conversations().mark_read(kBob, 100, 50); });
  auto c = get([&](Tx& tx) { return tx.conversations().find(kBob, 100); });
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->last_read_id, 100);

  put([&](Tx& tx) { return tx.conversations().hide(kBob, 100, 100); });
  EXPECT_FALSE(get([&](Tx& tx) { return tx.conversations().find(kBob, 100); }).has_value());
  EXPECT_TRUE(get([&](Tx& tx) { return tx.conversations().list(kBob, page(10)); }).empty());
  // Alice still sees it.
  EXPECT_EQ(get([&](Tx& tx) { return tx.conversations().list(kAlice, page(10)); }).size(), 1u);

  insert(direct(101, kAlice, {kBob}, 100));
  auto back = get([&](Tx& tx) { return tx.conversations().list(kBob, page(10)); });
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].last_status_id, 101);
  EXPECT_EQ(back[0].last_read_id, 100);
}

// ---- search -----------------------------------------------------------------------------------

TEST_P(PersonalStore, AccountSearchPutsTheExactMatchFirstThenPrefixes) {
  ASSERT_TRUE(add_local(*store_, 5, "bobby"));
  ASSERT_TRUE(add_local(*store_, 6, "bo"));
  AccountSearch q;
  q.username = "bob";
  q.prefix = "bo";
  auto found = get([&](Tx& tx) { return tx.search().accounts(q); });
  std::vector<Id> ids;
  for (const auto& a : found) ids.push_back(a.id);
  EXPECT_EQ(ids, (std::vector<Id>{kBob, 6, 5}));

  q.prefix.clear();
  found = get([&](Tx& tx) { return tx.search().accounts(q); });
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, kBob);

  q.username = "carol";
  q.domain = "remote.example";
  found = get([&](Tx& tx) { return tx.search().accounts(q); });
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, kCarol);
}

TEST_P(PersonalStore, AccountSearchHonoursFollowingSuspensionLimitAndOffsetAndEscapesWildcards) {
  ASSERT_TRUE(add_local(*store_, 5, "bobby"));
  follow(900, kAlice, 5);
  AccountSearch q;
  q.prefix = "bo";
  q.followed_by = kAlice;
  auto found = get([&](Tx& tx) { return tx.search().accounts(q); });
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, 5);

  q.followed_by.reset();
  q.limit = 1;
  q.offset = 1;
  found = get([&](Tx& tx) { return tx.search().accounts(q); });
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, 5);

  put([&](Tx& tx) { return tx.accounts().set_suspended(5, 1); });
  q.limit = 10;
  q.offset = 0;
  found = get([&](Tx& tx) { return tx.search().accounts(q); });
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, kBob);

  q.prefix = "%";
  EXPECT_TRUE(get([&](Tx& tx) { return tx.search().accounts(q); }).empty());
}

TEST_P(PersonalStore, TagSearchMatchesPrefixesShortestFirst) {
  core::Status s = make_status(100, kAlice, "#cats #catsofmastodon #dogs");
  s.tags = {"catsofmastodon", "Cats", "dogs"};
  insert(s);
  EXPECT_EQ(get([&](Tx& tx) { return tx.search().tags("CAT", 10, 0); }),
            (std::vector<std::string>{"Cats", "catsofmastodon"}));
  EXPECT_EQ(get([&](Tx& tx) { return tx.search().tags("cat", 1, 1); }), (std::vector<std::string>{"catsofmastodon"}));
  EXPECT_TRUE(get([&](Tx& tx) { return tx.search().tags("_", 10, 0); }).empty());
}

TEST_P(PersonalStore, StatusSearchFindsSearchableStatusesAndFollowsEditsAndDeletes) {
  insert(make_status(100, kAlice, "Hello brave new world"));
  insert(make_status(101, kBob, "brave bob public"));  // bob is not indexable
  core::Status mention = make_status(102, kBob, "brave words for @alice");
  mention.mentioned_account_ids = {kAlice};
  mention.visibility = core::Visibility::direct;
  insert(mention);
  insert(make_status(103, kDave, "brave dave"));
  put([&](Tx& tx) { return tx.interactions().insert_bookmark(900, kAlice, 103, 1); });

  StatusSearch q;
  q.fts_query = "\"brave\"";
  q.viewer_id = kAlice;
  // New statuses wait in the pending set until indexed (migration 19).
  auto index_all = [&] {
    return put([&](Tx& tx) -> Result<int> { return tx.search().index_pending_statuses(1000); });
  };
  EXPECT_TRUE(get([&](Tx& tx) { return tx.search().has_pending_statuses(); }));
  EXPECT_TRUE(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })).empty());
  EXPECT_EQ(index_all(), 4);
  EXPECT_FALSE(get([&](Tx& tx) { return tx.search().has_pending_statuses(); }));
  EXPECT_EQ(index_all(), 0);
  EXPECT_EQ(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })), (std::vector<Id>{103, 102, 100}));

  // Bob opts in to search: his public status becomes searchable.
  core::Account bob = account(kBob);
  bob.indexable = true;
  put([&](Tx& tx) { return tx.accounts().update_profile(bob); });
  EXPECT_EQ(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })), (std::vector<Id>{103, 102, 101, 100}));

  q.account_id = kBob;
  EXPECT_EQ(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })), (std::vector<Id>{102, 101}));
  q.account_id.reset();
  q.limit = 2;
  q.offset = 1;
  EXPECT_EQ(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })), (std::vector<Id>{102, 101}));

  // Edits and deletes keep the index in step.
  core::Status edited = status(100);
  edited.text = "goodbye cruel world";
  put([&](Tx& tx) { return tx.statuses().update_content(edited); });
  put([&](Tx& tx) { return tx.statuses().remove(103); });
  q.limit = 10;
  q.offset = 0;
  EXPECT_EQ(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })), (std::vector<Id>{102, 101}));
  q.fts_query = "\"cruel\" \"world\"";
  EXPECT_TRUE(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })).empty());  // the edit is pending
  EXPECT_EQ(index_all(), 1);
  EXPECT_EQ(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })), (std::vector<Id>{100}));
  q.fts_query = "\"BRAVE\"";  // case-insensitive
  EXPECT_EQ(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })).size(), 2u);

  // A status edited and deleted while still pending leaves nothing behind; batches are bounded.
  insert(make_status(104, kAlice, "brave pending one"));
  insert(make_status(105, kAlice, "brave pending two"));
  insert(make_status(106, kAlice, "brave pending three"));
  core::Status pending_edit = status(104);
  pending_edit.text = "brave edited while pending";
  put([&](Tx& tx) { return tx.statuses().update_content(pending_edit); });
  put([&](Tx& tx) { return tx.statuses().remove(105); });
  EXPECT_EQ(put([&](Tx& tx) -> Result<int> { return tx.search().index_pending_statuses(1); }), 1);
  EXPECT_EQ(index_all(), 1);
  q.fts_query = "\"pending\"";
  EXPECT_EQ(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })), (std::vector<Id>{106, 104}));
  q.fts_query = "\"edited\"";
  EXPECT_EQ(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })), (std::vector<Id>{104}));
  q.fts_query = "\"one\"";
  EXPECT_TRUE(ids_of(get([&](Tx& tx) { return tx.search().statuses(q); })).empty());
}

TEST_P(PersonalStore, MalformedFullTextQueryIsABadRequest) {
  StatusSearch q;
  q.fts_query = "\"unterminated";
  q.viewer_id = kAlice;
  auto s = store_->read([&](Tx& tx) -> Status {
    auto r = tx.search().statuses(q);
    if (!r) return util::fail(r.error());
    return {};
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, util::ErrorCode::bad_request);
}

}  // namespace
}  // namespace parloir::store::testing
