// Behaviour of StatusRepo (store/social.h), run on every backend of store_backends().
#include <map>

#include "store/store_social_support.h"

namespace parloir::store::testing {
namespace {

using util::ErrorCode;

class StatusStore : public SocialStoreTest {};

AccountStatusFilter account_filter(bool exclude_replies, bool exclude_reblogs, bool only_media = false,
                                   std::string tagged = "", bool pinned = false) {
  AccountStatusFilter f;
  f.exclude_replies = exclude_replies;
  f.exclude_reblogs = exclude_reblogs;
  f.only_media = only_media;
  f.tagged = std::move(tagged);
  f.pinned = pinned;
  return f;
}

INSTANTIATE_TEST_SUITE_P(Backends, StatusStore, ::testing::ValuesIn(store_backends()), backend_name);

// ---- insert / find ----------------------------------------------------------------------------

TEST_P(StatusStore, InsertedStatusIsFoundWithEveryFieldMentionsAndTags) {
  core::Status s = make_status(100, kAlice, "hi @bob #Cats #dogs");
  s.uri = "https://example.com/statuses/100";
  s.spoiler_text = "cw";
  s.visibility = core::Visibility::private_;
  s.sensitive = true;
  s.local_only = true;
  s.language = "en";
  s.application_id = 9;
  s.edited_at = 1700000009999;
  s.mentioned_account_ids = {kDave, kBob, kBob};
  s.tags = {"Cats", "dogs", "CATS"};
  insert(s);

  const core::Status f = status(100);
  EXPECT_EQ(f.account_id, kAlice);
  EXPECT_EQ(f.uri, s.uri);
  EXPECT_EQ(f.text, s.text);
  EXPECT_EQ(f.content, s.content);
  EXPECT_EQ(f.spoiler_text, "cw");
  EXPECT_EQ(f.visibility, core::Visibility::private_);
  EXPECT_TRUE(f.sensitive && f.local_only);
  EXPECT_EQ(f.language, "en");
  EXPECT_EQ(f.application_id, 9);
  EXPECT_EQ(f.created_at, s.created_at);
  EXPECT_EQ(f.edited_at, s.edited_at);
  EXPECT_FALSE(f.in_reply_to_id || f.in_reply_to_account_id || f.reblog_of_id);
  EXPECT_EQ(f.conversation_id, 100);
  EXPECT_EQ(sorted(f.mentioned_account_ids), (std::vector<Id>{kBob, kDave}));
  std::vector<std::string> tags = f.tags;
  std::sort(tags.begin(), tags.end());
  EXPECT_EQ(tags, (std::vector<std::string>{"Cats", "dogs"}));

  EXPECT_FALSE(get([](Tx& tx) { return tx.statuses().find(999); }).has_value());
}

TEST_P(StatusStore, PagesCarryMentionsAndTagsOnlyWhereTheyExistAcrossEdits) {
  // Statuses read in pages (list_by_account, find_many) look mentions and tags up only for the
  // statuses flagged as having them: the flags must follow inserts and edits.
  core::Status plain = make_status(100, kAlice, "plain");
  insert(plain);
  core::Status tagged = make_status(101, kAlice, "#one");
  tagged.tags = {"one"};
  insert(tagged);
  core::Status mentioning = make_status(102, kAlice, "@bob");
  mentioning.mentioned_account_ids = {kBob};
  insert(mentioning);
  plain.text = "now @dave #two";  // an edit adds a mention and a tag to a status that had none
  plain.mentioned_account_ids = {kDave};
  plain.tags = {"two"};
  put([&](Tx& tx) { return tx.statuses().update_content(plain); });
  mentioning.text = "nobody";  // and another loses its mention
  mentioning.mentioned_account_ids = {};
  put([&](Tx& tx) { return tx.statuses().update_content(mentioning); });

  auto check = [&](const std::vector<core::Status>& got, const char* how) {
    ASSERT_EQ(got.size(), 3u) << how;
    std::map<Id, const core::Status*> by_id;
    for (const auto& s : got) by_id[s.id] = &s;
    EXPECT_EQ(by_id.at(100)->mentioned_account_ids, (std::vector<Id>{kDave})) << how;
    EXPECT_EQ(by_id.at(100)->tags, (std::vector<std::string>{"two"})) << how;
    EXPECT_TRUE(by_id.at(101)->mentioned_account_ids.empty()) << how;
    EXPECT_EQ(by_id.at(101)->tags, (std::vector<std::string>{"one"})) << how;
    EXPECT_TRUE(by_id.at(102)->mentioned_account_ids.empty()) << how;
    EXPECT_TRUE(by_id.at(102)->tags.empty()) << how;
  };
  check(get([](Tx& tx) { return tx.statuses().list_by_account(kAlice, {}, page(20)); }), "list_by_account");
  check(get([](Tx& tx) { return tx.statuses().find_many({100, 101, 102}); }), "find_many");
  std::vector<Id> many;  // 20 ids, unknown ones included: SQLite's batched statement, not one per id
  for (Id id = 100; id < 120; ++id) many.push_back(id);
  check(get([&](Tx& tx) { return tx.statuses().find_many(many); }), "find_many, many ids");
}

TEST_P(StatusStore, ConversationIdZeroMakesTheStatusAThreadRoot) {
  core::Status s = make_status(100, kAlice);
  s.conversation_id = 0;
  insert(s);
  EXPECT_EQ(status(100).conversation_id, 100);
}

TEST_P(StatusStore, InsertUpdatesAuthorStatusesCountAndLastStatusAt) {
  insert(make_status(100, kAlice));
  core::Status older = make_status(50, kAlice);
  insert(older);
  const core::Account a = account(kAlice);
  EXPECT_EQ(a.statuses_count, 2);
  EXPECT_EQ(a.last_status_at, make_status(100, kAlice).created_at);  // the newest, not the last inserted
  EXPECT_EQ(account(kBob).statuses_count, 0);
}

TEST_P(StatusStore, RepliesAndReblogsUpdateTheirTargetsCounters) {
  const core::Status root = make_status(100, kAlice);
  insert(root);
  insert(make_reply(101, kBob, root));
  insert(make_reply(102, kAlice, root));
  insert(make_reblog(103, kBob, root));
  insert(make_reblog(104, kDave, root));
  const core::Status r = status(100);
  EXPECT_EQ(r.replies_count, 2);
  EXPECT_EQ(r.reblogs_count, 2);
  EXPECT_EQ(account(kBob).statuses_count, 2);  // reblog wrappers count as statuses

  auto wrapper = get([](Tx& tx) { return tx.statuses().find_reblog(kBob, 100); });
  ASSERT_TRUE(wrapper.has_value());
  EXPECT_EQ(wrapper->id, 103);
  EXPECT_TRUE(wrapper->is_reblog());
  EXPECT_FALSE(get([](Tx& tx) { return tx.statuses().find_reblog(kAlice, 100); }).has_value());
}

TEST_P(StatusStore, FailedInsertLeavesNothingBehindAndTheTransactionUsable) {
  core::Status bad = make_status(100, kAlice);
  bad.mentioned_account_ids = {777};  // no such account
  bad.tags = {"fresh"};
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    EXPECT_FALSE(tx.statuses().insert(bad));
    auto unknown_author = tx.statuses().insert(make_status(101, 888));
    EXPECT_FALSE(unknown_author);
    if (!unknown_author) {
      EXPECT_EQ(unknown_author.error().code, ErrorCode::not_found);
    }
    return tx.statuses().insert(make_status(102, kAlice));
  }));
  EXPECT_FALSE(get([](Tx& tx) { return tx.statuses().find(100); }).has_value());
  EXPECT_EQ(account(kAlice).statuses_count, 1);
  EXPECT_TRUE(get([](Tx& tx) { return tx.statuses().list_by_tags({"fresh"}, false, page(20)); }).empty());
}

TEST_P(StatusStore, WritesFailInReadTransactions) {
  auto s = store_->read([](Tx& tx) { return tx.statuses().insert(make_status(100, kAlice)); });
  EXPECT_FALSE(s);
}

TEST_P(StatusStore, FindManyKeepsOrderAndSkipsUnknownAndRepeatedIds) {
  for (Id id : {100, 101, 102}) {
    core::Status s = make_status(id, kAlice);
    s.mentioned_account_ids = {kBob};
    s.tags = {"t" + std::to_string(id)};
    insert(s);
  }
  auto found = get([](Tx& tx) { return tx.statuses().find_many({102, 999, 100, 102, 101}); });
  EXPECT_EQ(ids_of(found), (std::vector<Id>{102, 100, 101}));
  for (const auto& s : found) {
    EXPECT_EQ(s.mentioned_account_ids, (std::vector<Id>{kBob}));
    EXPECT_EQ(s.tags, (std::vector<std::string>{"t" + std::to_string(s.id)}));
  }
  EXPECT_TRUE(get([](Tx& tx) { return tx.statuses().find_many({}); }).empty());
}

// ---- update / edits ---------------------------------------------------------------------------

TEST_P(StatusStore, UpdateContentReplacesTextMentionsAndTagsAndEditsListOldestFirst) {
  core::Status s = make_status(100, kAlice, "v1 @bob #old");
  s.mentioned_account_ids = {kBob};
  s.tags = {"old"};
  insert(s);
  s.text = "v2 @dave #new";
  s.content = "<p>v2</p>";
  s.spoiler_text = "cw";
  s.sensitive = true;
  s.language = "fr";
  s.edited_at = 1700000005000;
  s.mentioned_account_ids = {kDave};
  s.tags = {"new"};
  put([&](Tx& tx) { return tx.statuses().update_content(s); });
  const core::Status f = status(100);
  EXPECT_EQ(f.text, s.text);
  EXPECT_EQ(f.content, s.content);
  EXPECT_EQ(f.spoiler_text, "cw");
  EXPECT_TRUE(f.sensitive);
  EXPECT_EQ(f.language, "fr");
  EXPECT_EQ(f.edited_at, 1700000005000);
  EXPECT_EQ(f.mentioned_account_ids, (std::vector<Id>{kDave}));
  EXPECT_EQ(f.tags, (std::vector<std::string>{"new"}));
  EXPECT_TRUE(get([](Tx& tx) { return tx.statuses().list_by_tags({"old"}, false, page(20)); }).empty());

  auto missing = store_->write([](Tx& tx) { return tx.statuses().update_content(make_status(999, kAlice)); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);

  for (Id id : {12, 11}) {
    core::StatusEdit e{id,           100,          "text" + std::to_string(id), "<p>x</p>", "", id == 12,
                       1700000000000 + id, std::nullopt, std::nullopt};
    put([&](Tx& tx) { return tx.statuses().insert_edit(e); });
  }
  auto edits = get([](Tx& tx) { return tx.statuses().list_edits(100); });
  ASSERT_EQ(edits.size(), 2u);
  EXPECT_EQ(edits[0].id, 11);
  EXPECT_EQ(edits[1].text, "text12");
  EXPECT_TRUE(edits[1].sensitive);
  EXPECT_FALSE(edits[0].media.has_value());  // not recorded

  // Each version's attachments (ids beyond 2^53 survive) with their alt text then.
  core::StatusEdit with_media{13, 100, "t", "<p>t</p>", "", false, 1700000000013, std::nullopt, std::nullopt};
  with_media.media = std::vector<core::EditMedia>{{(Id{1} << 60) + 7, "a \"quoted\" cat"}, {5, ""}};
  put([&](Tx& tx) { return tx.statuses().insert_edit(with_media); });
  core::StatusEdit without{14, 100, "u", "<p>u</p>", "", false, 1700000000014, std::nullopt, std::nullopt};
  without.media = std::vector<core::EditMedia>{};
  put([&](Tx& tx) { return tx.statuses().insert_edit(without); });
  edits = get([](Tx& tx) { return tx.statuses().list_edits(100); });
  ASSERT_EQ(edits.size(), 4u);
  ASSERT_TRUE(edits[2].media.has_value());
  ASSERT_EQ(edits[2].media->size(), 2u);
  EXPECT_EQ((*edits[2].media)[0].id, (Id{1} << 60) + 7);
  EXPECT_EQ((*edits[2].media)[0].description, "a \"quoted\" cat");
  EXPECT_EQ((*edits[2].media)[1].id, 5);
  ASSERT_TRUE(edits[3].media.has_value());
  EXPECT_TRUE(edits[3].media->empty());
}

// ---- polls: a remote poll's state, the federation update queue ---------------------------------

TEST_P(StatusStore, RemotePollStateAndTheUpdateQueue) {
  insert(make_status(300, kAlice, "which?"));
  core::Poll p;
  p.id = 30;
  p.status_id = 300;
  p.account_id = kAlice;
  p.options = {"a", "b"};
  p.tallies = {0, 0};
  p.expires_at = 1700000100000;
  p.created_at = 1700000000000;
  put([&](Tx& tx) { return tx.polls().insert(p); });
  put([&](Tx& tx) { return tx.polls().add_votes(30, kBob, {1}, 1700000000001); });

  // The origin's tallies replace ours; options and votes stay.
  core::Poll remote = p;
  remote.tallies = {7, 9};
  remote.votes_count = 16;
  remote.voters_count = 15;
  remote.expires_at = 1700000050000;
  put([&](Tx& tx) { return tx.polls().set_remote_state(remote); });
  auto found = get([](Tx& tx) { return tx.polls().find(30); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->tallies, (std::vector<std::int64_t>{7, 9}));
  EXPECT_EQ(found->votes_count, 16);
  EXPECT_EQ(found->voters_count, 15);
  EXPECT_EQ(found->expires_at, 1700000050000);
  EXPECT_EQ(found->options, p.options);
  auto mine = get([](Tx& tx) { return tx.polls().own_votes(kBob, {30}); });
  EXPECT_EQ(mine.at(30), (std::vector<int>{1}));
  remote.id = 31;
  auto missing = store_->write([&](Tx& tx) { return tx.polls().set_remote_state(remote); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);

  // Marks coalesce (the first due time stays); taking removes; nothing is due early.
  put([](Tx& tx) { return tx.polls().mark_update_due(30, 1000); });
  put([](Tx& tx) { return tx.polls().mark_update_due(30, 5000); });
  EXPECT_TRUE(put([](Tx& tx) { return tx.polls().take_due_updates(999, 10); }).empty());
  EXPECT_EQ(put([](Tx& tx) { return tx.polls().take_due_updates(1000, 10); }), (std::vector<Id>{30}));
  EXPECT_TRUE(put([](Tx& tx) { return tx.polls().take_due_updates(9999, 10); }).empty());
  // A deleted poll leaves no mark behind.
  put([](Tx& tx) { return tx.polls().mark_update_due(30, 2000); });
  put([](Tx& tx) { return tx.polls().remove_for_status(300); });
  EXPECT_TRUE(put([](Tx& tx) { return tx.polls().take_due_updates(9999, 10); }).empty());
}

// ---- remove -----------------------------------------------------------------------------------

TEST_P(StatusStore, RemoveCascadesToEverythingAboutTheStatusAndFixesCounters) {
  core::Status root = make_status(100, kAlice, "#topic @bob");
  root.tags = {"topic"};
  root.mentioned_account_ids = {kBob};
  insert(root);
  core::Status parent_reply = make_reply(101, kAlice, root);  // alice replies to herself
  insert(parent_reply);
  insert(make_reply(102, kBob, parent_reply));  // bob replies to the reply
  insert(make_reblog(103, kBob, parent_reply));
  insert(make_reblog(104, kDave, parent_reply));
  put([&](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.interactions().insert_favourite(1, kBob, 101, 1));
    PARLOIR_TEST_TRY(tx.interactions().insert_bookmark(2, kBob, 101, 1));
    PARLOIR_TEST_TRY(tx.interactions().insert_pin(3, kAlice, 101, 1));
    PARLOIR_TEST_TRY(tx.statuses().insert_edit({4, 101, "old", "<p>old</p>", "", false, 1, std::nullopt, std::nullopt}));
    PARLOIR_TEST_TRY(tx.notifications().insert({5, kAlice, kBob, core::NotificationType::favourite, 101, 1}));
    PARLOIR_TEST_TRY(tx.notifications().insert({6, kAlice, kBob, core::NotificationType::reblog, 103, 1}));
    return tx.notifications().insert({7, kAlice, kBob, core::NotificationType::follow, std::nullopt, 1});
  });
  ASSERT_EQ(status(100).replies_count, 1);
  ASSERT_EQ(account(kBob).statuses_count, 2);

  auto wrappers = put([](Tx& tx) { return tx.statuses().remove(101); });
  EXPECT_EQ(sorted(wrappers), (std::vector<Id>{103, 104}));

  auto left = get([](Tx& tx) { return tx.statuses().find_many({100, 101, 102, 103, 104}); });
  EXPECT_EQ(ids_of(left), (std::vector<Id>{100, 102}));
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].replies_count, 0);
  EXPECT_FALSE(left[1].in_reply_to_id.has_value());           // the reply survives, detached
  EXPECT_EQ(left[1].in_reply_to_account_id, kAlice);          // still a reply to alice
  EXPECT_EQ(account(kAlice).statuses_count, 1);
  EXPECT_EQ(account(kBob).statuses_count, 1);
  EXPECT_EQ(account(kDave).statuses_count, 0);
  EXPECT_TRUE(get([](Tx& tx) { return tx.interactions().list_favourites(kBob, page(20)); }).empty());
  EXPECT_TRUE(get([](Tx& tx) { return tx.interactions().list_bookmarks(kBob, page(20)); }).empty());
  EXPECT_EQ(get([](Tx& tx) { return tx.interactions().count_pins(kAlice); }), 0);
  EXPECT_TRUE(get([](Tx& tx) { return tx.statuses().list_edits(101); }).empty());
  auto notes = get([](Tx& tx) { return tx.notifications().list(kAlice, {}, page(20)); });
  EXPECT_EQ(ids_of(notes), (std::vector<Id>{7}));

  auto missing = store_->write([](Tx& tx) -> Status {
    auto r = tx.statuses().remove(101);
    if (!r) return util::fail(r.error());
    return {};
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_P(StatusStore, RemovingAReblogWrapperDecrementsTheOriginal) {
  const core::Status root = make_status(100, kAlice);
  insert(root);
  insert(make_reblog(101, kBob, root));
  EXPECT_TRUE(put([](Tx& tx) { return tx.statuses().remove(101); }).empty());
  EXPECT_EQ(status(100).reblogs_count, 0);
  EXPECT_EQ(account(kBob).statuses_count, 0);
  EXPECT_EQ(account(kAlice).statuses_count, 1);
}

TEST_P(StatusStore, RemovingAStatusKeepsItsTagsForOtherStatuses) {
  core::Status a = make_status(100, kAlice);
  a.tags = {"Shared"};
  core::Status b = make_status(101, kBob);
  b.tags = {"shared"};
  insert(a);
  insert(b);
  put([](Tx& tx) { return tx.statuses().remove(100); });
  auto tagged = get([](Tx& tx) { return tx.statuses().list_by_tags({"shared"}, false, page(20)); });
  EXPECT_EQ(ids_of(tagged), (std::vector<Id>{101}));
}

// ---- paging (list_by_account, list_public) -----------------------------------------------------

class StatusPaging : public StatusStore {
 protected:
  void SetUp() override {
    StatusStore::SetUp();
    for (Id id = 101; id <= 110; ++id) insert(make_status(id, kAlice));
    insert(make_status(111, kBob));  // someone else's
  }
  std::vector<Id> by_account(const PageRequest& p) {
    return ids_of(get([&](Tx& tx) { return tx.statuses().list_by_account(kAlice, {}, p); }));
  }
  std::vector<Id> public_ids(const PageRequest& p) {
    return ids_of(get([&](Tx& tx) { return tx.statuses().list_public({}, false, p); }));
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, StatusPaging, ::testing::ValuesIn(store_backends()), backend_name);

TEST_P(StatusPaging, EveryPagingModeOnAccountStatuses) {
  EXPECT_EQ(by_account(page(3)), (std::vector<Id>{110, 109, 108}));
  EXPECT_EQ(by_account(page(3, 108)), (std::vector<Id>{107, 106, 105}));             // max_id
  EXPECT_EQ(by_account(page(3, {}, 103)), (std::vector<Id>{110, 109, 108}));         // since_id: newest
  EXPECT_EQ(by_account(page(20, {}, 107)), (std::vector<Id>{110, 109, 108}));
  EXPECT_EQ(by_account(page(3, {}, {}, 103)), (std::vector<Id>{106, 105, 104}));     // min_id: just above
  EXPECT_EQ(by_account(page(20, 106, 103)), (std::vector<Id>{105, 104}));            // max + since
  EXPECT_EQ(by_account(page(2, 109, {}, 103)), (std::vector<Id>{105, 104}));         // max + min
  EXPECT_EQ(by_account(page(20, 109, {}, 103)), (std::vector<Id>{108, 107, 106, 105, 104}));
  EXPECT_EQ(by_account(page(20, 101)), (std::vector<Id>{}));
  EXPECT_EQ(by_account(page(0)), (std::vector<Id>{}));
  EXPECT_EQ(by_account(page(20)).size(), 10u);
}

TEST_P(StatusPaging, EveryPagingModeOnThePublicTimeline) {
  EXPECT_EQ(public_ids(page(3)), (std::vector<Id>{111, 110, 109}));
  EXPECT_EQ(public_ids(page(2, 110)), (std::vector<Id>{109, 108}));
  EXPECT_EQ(public_ids(page(2, {}, 105)), (std::vector<Id>{111, 110}));
  EXPECT_EQ(public_ids(page(2, {}, {}, 105)), (std::vector<Id>{107, 106}));
  EXPECT_EQ(public_ids(page(5, 108, 105)), (std::vector<Id>{107, 106}));
  EXPECT_EQ(public_ids(page(1, 108, {}, 105)), (std::vector<Id>{106}));
}

// ---- account filters --------------------------------------------------------------------------

TEST_P(StatusStore, AccountFiltersRepliesReblogsTagsAndPins) {
  const core::Status others = make_status(100, kBob);
  insert(others);
  core::Status own = make_status(101, kAlice);
  own.tags = {"Art"};
  insert(own);
  insert(make_reply(102, kAlice, own));     // self-reply: kept by exclude_replies
  insert(make_reply(103, kAlice, others));  // reply to bob: dropped by exclude_replies
  insert(make_reblog(104, kAlice, others));
  auto list = [&](const AccountStatusFilter& f) {
    return ids_of(get([&](Tx& tx) { return tx.statuses().list_by_account(kAlice, f, page(20)); }));
  };
  EXPECT_EQ(list({}), (std::vector<Id>{104, 103, 102, 101}));
  EXPECT_EQ(list(account_filter(true, false)), (std::vector<Id>{104, 102, 101}));
  EXPECT_EQ(list(account_filter(false, true)), (std::vector<Id>{103, 102, 101}));
  EXPECT_EQ(list(account_filter(true, true)), (std::vector<Id>{102, 101}));
  EXPECT_EQ(list(account_filter(false, false, false, "aRT")), (std::vector<Id>{101}));
  EXPECT_EQ(list(account_filter(false, false, false, "nothing")), (std::vector<Id>{}));
  EXPECT_EQ(list(account_filter(false, false, true)), (std::vector<Id>{}));

  put([](Tx& tx) -> Status {
    PARLOIR_TEST_TRY(tx.interactions().insert_pin(2, kAlice, 102, 1));
    PARLOIR_TEST_TRY(tx.interactions().insert_pin(1, kAlice, 101, 1));
    return {};
  });
  EXPECT_EQ(list(account_filter(false, false, false, "", true)), (std::vector<Id>{102, 101}));  // by pin id, newest pin first
}

// ---- public timeline --------------------------------------------------------------------------

TEST_P(StatusStore, PublicTimelineKeepsOnlyPublicNonRepliesAndSelfReplies) {
  const core::Status pub = make_status(100, kAlice);
  insert(pub);
  for (auto [id, v] : {std::pair<Id, core::Visibility>{101, core::Visibility::unlisted},
                       {102, core::Visibility::private_}, {103, core::Visibility::direct}}) {
    core::Status s = make_status(id, kAlice);
    s.visibility = v;
    insert(s);
  }
  insert(make_reply(104, kBob, pub));    // reply to someone else: off
  insert(make_reply(105, kAlice, pub));  // self-reply: on
  insert(make_reblog(106, kBob, pub));   // reblog: off
  core::Status remote = make_status(107, kCarol);
  insert(remote);
  core::Status local_only = make_status(108, kDave);
  local_only.local_only = true;
  insert(local_only);

  auto list = [&](PublicFilter f, bool include_local_only) {
    return ids_of(get([&](Tx& tx) { return tx.statuses().list_public(f, include_local_only, page(20)); }));
  };
  EXPECT_EQ(list({}, false), (std::vector<Id>{107, 105, 100}));
  EXPECT_EQ(list({}, true), (std::vector<Id>{108, 107, 105, 100}));
  EXPECT_EQ(list({true, false, false}, true), (std::vector<Id>{108, 105, 100}));
  EXPECT_EQ(list({true, false, false}, false), (std::vector<Id>{105, 100}));
  EXPECT_EQ(list({false, true, false}, true), (std::vector<Id>{107}));
  EXPECT_EQ(list({false, false, true}, true), (std::vector<Id>{}));
}

// ---- hashtags ---------------------------------------------------------------------------------

TEST_P(StatusStore, ListByTagsMatchesCaseInsensitivelyAcrossTagsWithoutDuplicates) {
  auto tagged = [&](Id id, Id author, std::vector<std::string> tags) {
    core::Status s = make_status(id, author);
    s.tags = std::move(tags);
    s.visibility = core::Visibility::unlisted;  // any visibility
    insert(s);
  };
  tagged(100, kAlice, {"Cats"});
  tagged(101, kCarol, {"dogs"});
  tagged(102, kBob, {"CATS", "Dogs"});
  tagged(103, kBob, {"birds"});
  tagged(104, kCarol, {"cats"});
  auto list = [&](std::vector<std::string> tags, bool local, PageRequest p) {
    return ids_of(get([&](Tx& tx) { return tx.statuses().list_by_tags(tags, local, p); }));
  };
  EXPECT_EQ(list({"cats"}, false, page(20)), (std::vector<Id>{104, 102, 100}));
  EXPECT_EQ(list({"cats", "dogs"}, false, page(20)), (std::vector<Id>{104, 102, 101, 100}));
  EXPECT_EQ(list({"cats", "dogs"}, true, page(20)), (std::vector<Id>{102, 100}));
  EXPECT_EQ(list({"cats", "dogs"}, false, page(2)), (std::vector<Id>{104, 102}));
  EXPECT_EQ(list({"cats", "dogs"}, false, page(2, 104)), (std::vector<Id>{102, 101}));
  EXPECT_EQ(list({"cats", "dogs"}, false, page(2, {}, {}, 100)), (std::vector<Id>{102, 101}));
  EXPECT_EQ(list({"cats", "dogs"}, false, page(20, {}, 101)), (std::vector<Id>{104, 102}));
  EXPECT_EQ(list({"unknown"}, false, page(20)), (std::vector<Id>{}));
  auto statuses = get([](Tx& tx) { return tx.statuses().list_by_tags({"birds"}, false, page(20)); });
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].tags, (std::vector<std::string>{"birds"}));
}

// ---- home feed rebuild, conversations, counts -------------------------------------------------

TEST_P(StatusStore, ListRecentByAccountsTakesTheNewestOfEachAccount) {
  for (Id id = 100; id < 110; ++id) insert(make_status(id, id % 2 == 0 ? kAlice : kBob));
  core::Status r = make_reblog(110, kBob, make_status(100, kAlice));
  insert(r);
  insert(make_status(111, kDave));
  auto list = [&](Id before, int per) {
    return ids_of(get([&](Tx& tx) { return tx.statuses().list_recent_by_accounts({kAlice, kBob, kAlice}, before, per); }));
  };
  EXPECT_EQ(list(0, 2), (std::vector<Id>{110, 109, 108, 106}));
  EXPECT_EQ(list(107, 2), (std::vector<Id>{106, 105, 104, 103}));
  EXPECT_EQ(list(0, 100).size(), 11u);
  EXPECT_EQ(list(0, 0), (std::vector<Id>{}));
  auto newest_of_bob = get([](Tx& tx) { return tx.statuses().list_recent_by_accounts({kBob}, 0, 1); });
  ASSERT_EQ(newest_of_bob.size(), 1u);
  EXPECT_EQ(newest_of_bob[0].reblog_of_id, 100);
}

TEST_P(StatusStore, RecentIdsAndHomeEntryFactsServeTheRebuild) {
  for (Id id = 100; id < 110; ++id) insert(make_status(id, id % 2 == 0 ? kAlice : kBob));
  insert(make_reblog(110, kBob, make_status(100, kAlice)));
  core::Status reply = make_reply(111, kDave, make_status(101, kBob));
  reply.mentioned_account_ids = {kAlice};
  reply.visibility = core::Visibility::direct;
  insert(reply);
  auto by = get([](Tx& tx) { return tx.statuses().recent_ids_by_accounts({kAlice, kBob, kCarol}, 0, 2); });
  ASSERT_EQ(by.size(), 3u);
  EXPECT_EQ(by[0], (std::vector<Id>{108, 106}));
  EXPECT_EQ(by[1], (std::vector<Id>{110, 109}));
  EXPECT_EQ(by[2], (std::vector<Id>{}));
  auto before = get([](Tx& tx) { return tx.statuses().recent_ids_by_accounts({kBob}, 109, 3); });
  EXPECT_EQ(before[0], (std::vector<Id>{107, 105, 103}));
  EXPECT_EQ(get([](Tx& tx) { return tx.statuses().recent_ids_mentioning(kAlice, 0, 5); }), (std::vector<Id>{111}));
  EXPECT_EQ(get([](Tx& tx) { return tx.statuses().recent_ids_mentioning(kAlice, 111, 5); }), (std::vector<Id>{}));
  auto facts = get([](Tx& tx) { return tx.statuses().home_entry_facts({111, 999, 110, 100}); });
  ASSERT_EQ(facts.size(), 3u);
  EXPECT_EQ(facts[0].id, 111);
  EXPECT_EQ(facts[0].account_id, kDave);
  EXPECT_EQ(facts[0].visibility, core::Visibility::direct);
  EXPECT_FALSE(facts[0].reblog);
  EXPECT_EQ(facts[0].in_reply_to_account_id, kBob);
  EXPECT_EQ(facts[1].id, 110);
  EXPECT_TRUE(facts[1].reblog);
  EXPECT_EQ(facts[2].id, 100);
  EXPECT_FALSE(facts[2].in_reply_to_account_id.has_value());
}

TEST_P(StatusStore, ListConversationIsOldestFirstAndExcludesReblogs) {
  const core::Status root = make_status(100, kAlice);
  insert(root);
  core::Status a = make_reply(101, kBob, root);
  a.mentioned_account_ids = {kAlice};
  insert(a);
  insert(make_reply(102, kAlice, a));
  insert(make_status(103, kAlice));  // another thread
  core::Status wrapper = make_reblog(104, kBob, root);
  wrapper.conversation_id = 100;
  insert(wrapper);
  auto all = get([](Tx& tx) { return tx.statuses().list_conversation(100, 10); });
  EXPECT_EQ(ids_of(all), (std::vector<Id>{100, 101, 102}));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].mentioned_account_ids, (std::vector<Id>{kAlice}));
  EXPECT_EQ(ids_of(get([](Tx& tx) { return tx.statuses().list_conversation(100, 2); })), (std::vector<Id>{100, 101}));
}

TEST_P(StatusStore, CountLocalStatusesCountsLocalAuthorsOnly) {
  const core::Status a = make_status(100, kAlice);
  insert(a);
  insert(make_status(101, kBob));
  insert(make_status(102, kCarol));
  EXPECT_EQ(get([](Tx& tx) { return tx.statuses().count_local_statuses(); }), 2);
}

}  // namespace
}  // namespace parloir::store::testing
