// Store suite for filters (with keywords and statuses) and scheduled statuses (migration 4).
#include "store/store_social_support.h"

namespace parloir::store::testing {
namespace {

using util::ErrorCode;

class FilterStore : public SocialStoreTest {
 protected:
  core::Filter make_filter(Id id, Id account_id, std::optional<std::int64_t> expires_at = {}) {
    core::Filter f;
    f.id = id;
    f.account_id = account_id;
    f.title = "spoilers";
    f.context = core::filter_home | core::filter_public;
    f.action = core::FilterAction::hide;
    f.expires_at = expires_at;
    f.created_at = f.updated_at = 1000;
    f.keywords = {core::FilterKeyword{id * 10 + 1, 0, "Star Wars", true, 1000},
                  core::FilterKeyword{id * 10 + 2, 0, "#spoiler", false, 1000}};
    return f;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, FilterStore, ::testing::ValuesIn(store_backends()), backend_name);

TEST_P(FilterStore, InsertFindListWithKeywordsAndStatuses) {
  insert(make_status(500, kBob));
  put([&](Tx& tx) { return tx.filters().insert(make_filter(100, kAlice)); });
  put([&](Tx& tx) { return tx.filters().insert(make_filter(200, kAlice, 5000)); });
  put([&](Tx& tx) { return tx.filters().insert_status(core::FilterStatus{900, 100, 500, 1000}); });

  auto f = get([&](Tx& tx) { return tx.filters().find(kAlice, 100); });
  ASSERT_TRUE(f);
  EXPECT_EQ(f->title, "spoilers");
  EXPECT_EQ(f->context, core::filter_home | core::filter_public);
  EXPECT_EQ(f->action, core::FilterAction::hide);
  ASSERT_EQ(f->keywords.size(), 2u);
  EXPECT_EQ(f->keywords[0].keyword, "Star Wars");
  EXPECT_EQ(f->keywords[0].filter_id, 100);
  EXPECT_TRUE(f->keywords[0].whole_word);
  EXPECT_FALSE(f->keywords[1].whole_word);
  ASSERT_EQ(f->statuses.size(), 1u);
  EXPECT_EQ(f->statuses[0].status_id, 500);

  // Another account does not see it.
  EXPECT_FALSE(get([&](Tx& tx) { return tx.filters().find(kBob, 100); }));
  EXPECT_TRUE(get([&](Tx& tx) { return tx.filters().list(kBob); }).empty());

  auto all = get([&](Tx& tx) { return tx.filters().list(kAlice); });
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].keywords.size(), 2u);
  // Active at 6000: the one expiring at 5000 is left out.
  auto active = get([&](Tx& tx) { return tx.filters().list(kAlice, 6000); });
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].id, 100);
  EXPECT_EQ(active[0].statuses.size(), 1u);
}

TEST_P(FilterStore, UpdateAndRemoveAreScopedToTheOwner) {
  put([&](Tx& tx) { return tx.filters().insert(make_filter(100, kAlice)); });
  auto f = make_filter(100, kBob);
  f.title = "stolen";
  auto s = store_->write([&](Tx& tx) { return tx.filters().update(f); });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::not_found);
  EXPECT_FALSE(put([&](Tx& tx) { return tx.filters().remove(kBob, 100); }));
  EXPECT_FALSE(put([&](Tx& tx) { return tx.filters().remove_keyword(kBob, 1001); }));
  EXPECT_FALSE(get([&](Tx& tx) { return tx.filters().find_keyword(kBob, 1001); }));

  f.account_id = kAlice;
  f.title = "renamed";
  f.expires_at = 42;
  put([&](Tx& tx) { return tx.filters().update(f); });
  auto k = get([&](Tx& tx) { return tx.filters().find_keyword(kAlice, 1001); });
  ASSERT_TRUE(k);
  k->keyword = "changed";
  put([&](Tx& tx) { return tx.filters().update_keyword(*k); });
  auto back = get([&](Tx& tx) { return tx.filters().find(kAlice, 100); });
  ASSERT_TRUE(back);
  EXPECT_EQ(back->title, "renamed");
  EXPECT_EQ(back->expires_at, 42);
  EXPECT_EQ(back->keywords[0].keyword, "changed");

  EXPECT_TRUE(put([&](Tx& tx) { return tx.filters().remove_keyword(kAlice, 1002); }));
  EXPECT_TRUE(put([&](Tx& tx) { return tx.filters().remove(kAlice, 100); }));
  EXPECT_FALSE(get([&](Tx& tx) { return tx.filters().find_keyword(kAlice, 1001); }));  // cascaded
}

TEST_P(FilterStore, FilteredStatusesCascadeAndRefuseDuplicates) {
  insert(make_status(500, kBob));
  put([&](Tx& tx) { return tx.filters().insert(make_filter(100, kAlice)); });
  put([&](Tx& tx) { return tx.filters().insert_status(core::FilterStatus{900, 100, 500, 1000}); });
  auto dup = store_->write([&](Tx& tx) { return tx.filters().insert_status(core::FilterStatus{901, 100, 500, 1000}); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);
  EXPECT_TRUE(get([&](Tx& tx) { return tx.filters().find_status(kAlice, 900); }));
  EXPECT_FALSE(get([&](Tx& tx) { return tx.filters().find_status(kBob, 900); }));
  put([&](Tx& tx) { return tx.statuses().remove(500); });
  EXPECT_FALSE(get([&](Tx& tx) { return tx.filters().find_status(kAlice, 900); }));
}

std::vector<Id> sched_ids(const std::vector<core::ScheduledStatus>& v) {
  std::vector<Id> out;
  for (const auto& s : v) out.push_back(s.id);
  return out;
}

class ScheduledStore : public SocialStoreTest {
 protected:
  core::ScheduledStatus make(Id id, Id account_id, std::int64_t at) {
    core::ScheduledStatus s;
    s.id = id;
    s.account_id = account_id;
    s.scheduled_at = at;
    s.text = "later " + std::to_string(id);
    s.spoiler_text = "cw";
    s.visibility = core::Visibility::unlisted;
    s.sensitive = true;
    s.language = "fr";
    s.application_id = std::nullopt;
    s.created_at = 10;
    return s;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, ScheduledStore, ::testing::ValuesIn(store_backends()), backend_name);

TEST_P(ScheduledStore, RoundTripPagingAndDue) {
  for (Id id = 1; id <= 5; ++id) put([&](Tx& tx) { return tx.scheduled_statuses().insert(make(id, kAlice, 1000 * id)); });
  put([&](Tx& tx) { return tx.scheduled_statuses().insert(make(9, kBob, 500)); });
  auto one = get([&](Tx& tx) { return tx.scheduled_statuses().find(kAlice, 3); });
  ASSERT_TRUE(one);
  EXPECT_EQ(one->text, "later 3");
  EXPECT_EQ(one->spoiler_text, "cw");
  EXPECT_EQ(one->visibility, core::Visibility::unlisted);
  EXPECT_TRUE(one->sensitive);
  EXPECT_EQ(one->language, "fr");
  EXPECT_FALSE(one->in_reply_to_id);
  EXPECT_FALSE(get([&](Tx& tx) { return tx.scheduled_statuses().find(kBob, 3); }));

  EXPECT_EQ(sched_ids(get([&](Tx& tx) { return tx.scheduled_statuses().list(kAlice, page(2)); })), (std::vector<Id>{5, 4}));
  EXPECT_EQ(sched_ids(get([&](Tx& tx) { return tx.scheduled_statuses().list(kAlice, page(2, 4)); })),
            (std::vector<Id>{3, 2}));
  EXPECT_EQ(get([&](Tx& tx) { return tx.scheduled_statuses().count(kAlice); }), 5);
  EXPECT_EQ(get([&](Tx& tx) { return tx.scheduled_statuses().count_between(kAlice, 2000, 4000); }), 2);

  EXPECT_EQ(sched_ids(get([&](Tx& tx) { return tx.scheduled_statuses().list_due(2000, 10); })), (std::vector<Id>{9, 1, 2}));
  EXPECT_EQ(get([&](Tx& tx) { return tx.scheduled_statuses().list_due(2000, 1); }).size(), 1u);

  put([&](Tx& tx) { return tx.scheduled_statuses().set_time(kAlice, 1, 99999); });
  EXPECT_EQ(sched_ids(get([&](Tx& tx) { return tx.scheduled_statuses().list_due(2000, 10); })), (std::vector<Id>{9, 2}));
  auto wrong = store_->write([&](Tx& tx) { return tx.scheduled_statuses().set_time(kBob, 1, 5); });
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::not_found);

  EXPECT_FALSE(put([&](Tx& tx) { return tx.scheduled_statuses().remove(kBob, 2); }));
  EXPECT_TRUE(put([&](Tx& tx) { return tx.scheduled_statuses().remove(kAlice, 2); }));
  EXPECT_FALSE(put([&](Tx& tx) { return tx.scheduled_statuses().remove(kAlice, 2); }));
}

}  // namespace
}  // namespace parloir::store::testing
