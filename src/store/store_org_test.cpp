// Store suite for organisation controls (migration 8): invites, announcements, the approval
// queue and moderation flags, reports, the audit log and status expiry.
#include "store/store_social_support.h"

namespace parloir::store::testing {
namespace {

class OrgStore : public SocialStoreTest {};

INSTANTIATE_TEST_SUITE_P(Backends, OrgStore, ::testing::ValuesIn(store_backends()), backend_name);

TEST_P(OrgStore, InviteUseCountsUntilExhaustedOrExpired) {
  put([&](Tx& tx) { return tx.invites().insert(core::Invite{10, "abc", std::nullopt, 2, 0, std::nullopt, 1000}); });
  put([&](Tx& tx) { return tx.invites().insert(core::Invite{11, "late", kAlice, std::nullopt, 0, 5000, 1000}); });
  EXPECT_TRUE(put([&](Tx& tx) { return tx.invites().use("abc", 2000); }));
  EXPECT_TRUE(put([&](Tx& tx) { return tx.invites().use("abc", 2000); }));
  EXPECT_FALSE(put([&](Tx& tx) { return tx.invites().use("abc", 2000); }));  // used up
  EXPECT_FALSE(put([&](Tx& tx) { return tx.invites().use("nope", 2000); }));
  EXPECT_TRUE(put([&](Tx& tx) { return tx.invites().use("late", 4999); }));
  EXPECT_FALSE(put([&](Tx& tx) { return tx.invites().use("late", 5000); }));  // expired
  auto found = get([&](Tx& tx) { return tx.invites().find_by_code("abc"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->uses, 2);
  EXPECT_FALSE(found->valid_at(2000));
  auto all = get([&](Tx& tx) { return tx.invites().list(10); });
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].code, "late");
  EXPECT_EQ(all[0].created_by, kAlice);
}

TEST_P(OrgStore, RulesOrderedByPrioritySoftDeletedIdsNeverReused) {
  EXPECT_EQ(get([&](Tx& tx) { return tx.rules().count_ever(); }), 0);
  auto a = put([&](Tx& tx) { return tx.rules().insert(core::Rule{0, "Be kind", "", 0, 1000, 1000}); });
  auto b = put([&](Tx& tx) { return tx.rules().insert(core::Rule{0, "No spam", "ads too", -5, 1000, 1000}); });
  EXPECT_EQ(a.id, 1);
  EXPECT_EQ(b.id, 2);
  auto live = get([&](Tx& tx) { return tx.rules().list(); });
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].text, "No spam");  // lower priority first
  EXPECT_EQ(live[0].hint, "ads too");
  b.priority = 5;
  b.text = "No spam at all";
  put([&](Tx& tx) { return tx.rules().update(b); });
  live = get([&](Tx& tx) { return tx.rules().list(); });
  EXPECT_EQ(live[1].text, "No spam at all");
  EXPECT_TRUE(put([&](Tx& tx) { return tx.rules().remove(a.id, 2000); }));
  EXPECT_FALSE(put([&](Tx& tx) { return tx.rules().remove(a.id, 2000); }));
  EXPECT_FALSE(get([&](Tx& tx) { return tx.rules().find(a.id); }));
  EXPECT_EQ(get([&](Tx& tx) { return tx.rules().list(); }).size(), 1u);
  EXPECT_EQ(get([&](Tx& tx) { return tx.rules().find_any({a.id, b.id, 99}); }).size(), 2u);  // deleted too
  auto upd = store_->write([&](Tx& tx) { return tx.rules().update(a); });
  ASSERT_FALSE(upd);  // deleted: not_found
  EXPECT_EQ(upd.error().code, util::ErrorCode::not_found);
  auto c = put([&](Tx& tx) { return tx.rules().insert(core::Rule{0, "New", "", 0, 3000, 3000}); });
  EXPECT_EQ(c.id, 3);
  EXPECT_EQ(get([&](Tx& tx) { return tx.rules().count_ever(); }), 3);
}

TEST_P(OrgStore, AnnouncementsActiveDismissedAndReactions) {
  core::Announcement live{100, "hi", "<p>hi</p>", std::nullopt, std::nullopt, false, 1000, 1000, 1000};
  core::Announcement ended{101, "old", "<p>old</p>", std::nullopt, 3000, false, 1000, 1000, 1000};
  core::Announcement draft{102, "draft", "<p>draft</p>", std::nullopt, std::nullopt, false, std::nullopt, 1000, 1000};
  for (const auto& a : {live, ended, draft}) put([&](Tx& tx) { return tx.announcements().insert(a); });
  auto active = get([&](Tx& tx) { return tx.announcements().list_active(kAlice, 2000, false); });
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(active[0].announcement.id, 101);
  active = get([&](Tx& tx) { return tx.announcements().list_active(kAlice, 3000, false); });
  ASSERT_EQ(active.size(), 1u);  // ended at 3000
  EXPECT_TRUE(put([&](Tx& tx) { return tx.announcements().add_reaction(100, kAlice, "👍", 1); }));
  EXPECT_FALSE(put([&](Tx& tx) { return tx.announcements().add_reaction(100, kAlice, "👍", 2); }));
  EXPECT_TRUE(put([&](Tx& tx) { return tx.announcements().add_reaction(100, kBob, "👍", 3); }));
  EXPECT_TRUE(put([&](Tx& tx) { return tx.announcements().add_reaction(100, kBob, "🎉", 4); }));
  put([&](Tx& tx) { return tx.announcements().dismiss(100, kBob); });
  auto bob = get([&](Tx& tx) { return tx.announcements().list_active(kBob, 3000, false); });
  EXPECT_TRUE(bob.empty());
  bob = get([&](Tx& tx) { return tx.announcements().list_active(kBob, 3000, true); });
  ASSERT_EQ(bob.size(), 1u);
  EXPECT_TRUE(bob[0].read);
  ASSERT_EQ(bob[0].reactions.size(), 2u);
  EXPECT_EQ(bob[0].reactions[0].name, "👍");
  EXPECT_EQ(bob[0].reactions[0].count, 2);
  EXPECT_TRUE(bob[0].reactions[0].me);
  auto alice = get([&](Tx& tx) { return tx.announcements().list_active(kAlice, 3000, false); });
  ASSERT_EQ(alice.size(), 1u);
  EXPECT_FALSE(alice[0].read);
  EXPECT_FALSE(alice[0].reactions[1].me);
  EXPECT_EQ(get([&](Tx& tx) { return tx.announcements().count_reaction_names(100); }), 2);
  EXPECT_TRUE(put([&](Tx& tx) { return tx.announcements().remove(100); }));
  EXPECT_FALSE(get([&](Tx& tx) { return tx.announcements().find(100); }));
}

TEST_P(OrgStore, PendingQueueFlagsAndAuditLog) {
  put([&](Tx& tx) { return tx.moderation().set_approved(kBob, false); });
  core::PageRequest page;
  auto pending = get([&](Tx& tx) { return tx.moderation().list_local_accounts(ModerationStatus::pending, "", page); });
  EXPECT_EQ(pending, std::vector<Id>{kBob});
  auto active = get([&](Tx& tx) { return tx.moderation().list_local_accounts(ModerationStatus::active, "ali", page); });
  EXPECT_EQ(active, std::vector<Id>{kAlice});
  put([&](Tx& tx) { return tx.moderation().set_flags(kAlice, core::ModerationFlags{5, std::nullopt}); });
  auto silenced = get([&](Tx& tx) { return tx.moderation().list_local_accounts(ModerationStatus::silenced, "", page); });
  EXPECT_EQ(silenced, std::vector<Id>{kAlice});
  EXPECT_EQ(get([&](Tx& tx) { return tx.moderation().flags(kAlice); }).silenced_at, 5);
  for (Id id : {Id{1}, Id{2}, Id{3}})
    put([&](Tx& tx) { return tx.moderation().log(core::AuditEntry{id, kAlice, "approve_user", "Account", kBob, "", 1}); });
  page.limit = 2;
  auto log = get([&](Tx& tx) { return tx.moderation().audit_log(page); });
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].id, 3);
  put([&](Tx& tx) { return tx.moderation().delete_account(kBob); });
  EXPECT_FALSE(get([&](Tx& tx) { return tx.accounts().find_by_id(kBob); }));
}

TEST_P(OrgStore, EmailDomainBlocksCoverSubdomains) {
  put([&](Tx& tx) { return tx.moderation().insert_email_domain_block(core::EmailDomainBlock{7, "spam.example", 1}); });
  EXPECT_EQ(get([&](Tx& tx) { return tx.moderation().blocked_email_domain("spam.example"); }), "spam.example");
  EXPECT_EQ(get([&](Tx& tx) { return tx.moderation().blocked_email_domain("a.b.spam.example"); }), "spam.example");
  EXPECT_FALSE(get([&](Tx& tx) { return tx.moderation().blocked_email_domain("notspam.example"); }));
  EXPECT_FALSE(get([&](Tx& tx) { return tx.moderation().blocked_email_domain("example"); }));
  auto dup = store_->write(
      [&](Tx& tx) { return tx.moderation().insert_email_domain_block(core::EmailDomainBlock{8, "SPAM.example", 1}); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, util::ErrorCode::conflict);
  EXPECT_TRUE(put([&](Tx& tx) { return tx.moderation().remove_email_domain_block(7); }));
  EXPECT_FALSE(get([&](Tx& tx) { return tx.moderation().blocked_email_domain("spam.example"); }));
}

TEST_P(OrgStore, ReportsRoundTripAndFilterByResolved) {
  core::Report r;
  r.id = 50;
  r.account_id = kAlice;
  r.target_account_id = kBob;
  r.status_ids = {7, 8};
  r.comment = "spam";
  r.created_at = r.updated_at = 1;
  put([&](Tx& tx) { return tx.moderation().insert_report(r); });
  core::PageRequest page;
  EXPECT_EQ(get([&](Tx& tx) { return tx.moderation().list_reports(false, page); }).size(), 1u);
  EXPECT_TRUE(get([&](Tx& tx) { return tx.moderation().list_reports(true, page); }).empty());
  r.action_taken_at = 9;
  r.action_taken_by = kAlice;
  put([&](Tx& tx) { return tx.moderation().update_report(r); });
  auto found = get([&](Tx& tx) { return tx.moderation().find_report(50); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status_ids, (std::vector<Id>{7, 8}));
  EXPECT_EQ(found->action_taken_at, 9);
  EXPECT_EQ(get([&](Tx& tx) { return tx.moderation().list_reports(true, page); }).size(), 1u);
}

TEST_P(OrgStore, StatusExpiryDueAndCascade) {
  insert(make_status(500, kAlice));
  insert(make_status(501, kBob));
  put([&](Tx& tx) { return tx.status_expiry().schedule(500, 1000); });
  put([&](Tx& tx) { return tx.status_expiry().schedule(501, 2000); });
  auto due = get([&](Tx& tx) { return tx.status_expiry().due(1500, 10); });
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0], (std::pair<Id, Id>{500, kAlice}));
  put([&](Tx& tx) { return tx.statuses().remove(500); });
  EXPECT_TRUE(get([&](Tx& tx) { return tx.status_expiry().due(5000, 10); }).size() == 1u);
  EXPECT_FALSE(get([&](Tx& tx) { return tx.status_expiry().expires_at(500); }));
}

TEST_P(OrgStore, InstanceSettingsPutReplaceAndRemove) {
  EXPECT_TRUE(get([&](Tx& tx) { return tx.instance_settings().list(); }).empty());
  put([&](Tx& tx) { return tx.instance_settings().put("title", "One", 1000); });
  put([&](Tx& tx) { return tx.instance_settings().put("registrations", "closed", 1000); });
  put([&](Tx& tx) { return tx.instance_settings().put("title", "Two", 2000); });
  auto rows = get([&](Tx& tx) { return tx.instance_settings().list(); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::pair<std::string, std::string>{"registrations", "closed"}));
  EXPECT_EQ(rows[1], (std::pair<std::string, std::string>{"title", "Two"}));
  put([&](Tx& tx) { return tx.instance_settings().remove("title"); });
  put([&](Tx& tx) { return tx.instance_settings().remove("title"); });  // absent: no error
  EXPECT_EQ(get([&](Tx& tx) { return tx.instance_settings().list(); }).size(), 1u);
  EXPECT_FALSE(store_->read([&](Tx& tx) { return tx.instance_settings().put("x", "y", 1); }));  // read-only
}

}  // namespace
}  // namespace parloir::store::testing
