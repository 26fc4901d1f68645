// Behaviour of the Store contract (store/store.h), run on every backend of store_backends().
#include <stdexcept>
#include <thread>

#include "store/store_test_support.h"

namespace parloir::store::testing {
namespace {

using util::ErrorCode;

class StoreContract : public StoreTestBase {};

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::ValuesIn(store_backends()), backend_name);

// ---- migrations -------------------------------------------------------------------------------

TEST_P(StoreContract, MigrateIsIdempotentAndReportsVersion) {
  auto v1 = store_->migrate();
  ASSERT_TRUE(v1) << describe(v1.error());
  EXPECT_GE(*v1, 1);
  auto v2 = store_->migrate();
  ASSERT_TRUE(v2);
  EXPECT_EQ(*v2, *v1);
  auto current = store_->schema_version();
  ASSERT_TRUE(current);
  EXPECT_EQ(*current, *v1);
}

// ---- accounts ---------------------------------------------------------------------------------

TEST_P(StoreContract, InsertedAccountIsFoundCaseInsensitivelyWithAllFields) {
  core::Account a = make_account(101, "Alice");
  a.note = "<p>hi</p>";
  a.note_source = "hi";
  a.locked = true;
  a.bot = true;
  a.discoverable = false;
  a.indexable = true;
  a.hide_collections = true;
  a.avatar_path = "avatars/a.png";
  a.last_status_at = 1700000001000;
  a.statuses_count = 3;
  a.fields = {{"Site", "<a href=\"https://x\">x</a>", 1700000002000}, {"Pronouns", "she/her \"q\" ü", std::nullopt}};
  core::User u = make_user(7, "alice@example.com", core::Role::moderator);
  u.locale = "fr";
  u.default_privacy = core::Visibility::unlisted;
  u.default_sensitive = true;
  u.password_changed_at = 42;
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.accounts().insert_local(a, u); }));

  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    auto found = tx.accounts().find_by_username("aLiCe", "");
    EXPECT_TRUE(found && *found);
    if (!found || !*found) return {};
    const core::Account& f = **found;
    EXPECT_EQ(f.id, 101);
    EXPECT_EQ(f.username, "Alice");  // case preserved
    EXPECT_EQ(f.domain, "");
    EXPECT_EQ(f.note, a.note);
    EXPECT_EQ(f.note_source, "hi");
    EXPECT_TRUE(f.locked && f.bot && !f.discoverable && f.indexable && f.hide_collections);
    EXPECT_EQ(f.avatar_path, "avatars/a.png");
    EXPECT_EQ(f.created_at, a.created_at);
    EXPECT_FALSE(f.suspended_at.has_value());
    EXPECT_EQ(f.last_status_at, a.last_status_at);
    EXPECT_EQ(f.statuses_count, 3);
    EXPECT_EQ(f.fields.size(), 2u);
    if (f.fields.size() == 2) {
      EXPECT_EQ(f.fields[0].name, "Site");
      EXPECT_EQ(f.fields[0].value, a.fields[0].value);
      EXPECT_EQ(f.fields[0].verified_at, 1700000002000);
      EXPECT_EQ(f.fields[1].value, "she/her \"q\" ü");
      EXPECT_FALSE(f.fields[1].verified_at.has_value());
    }
    auto by_id = tx.accounts().find_by_id(101);
    EXPECT_TRUE(by_id && *by_id && (*by_id)->username == "Alice");
    auto user = tx.accounts().find_user_by_email("ALICE@Example.com");
    EXPECT_TRUE(user && *user);
    if (user && *user) {
      EXPECT_EQ((*user)->id, 7);
      EXPECT_EQ((*user)->account_id, 101);
      EXPECT_EQ((*user)->role, core::Role::moderator);
      EXPECT_EQ((*user)->locale, "fr");
      EXPECT_EQ((*user)->default_privacy, core::Visibility::unlisted);
      EXPECT_TRUE((*user)->default_sensitive);
      EXPECT_EQ((*user)->password_changed_at, 42);
      EXPECT_EQ((*user)->password_hash, u.password_hash);
    }
    auto by_account = tx.accounts().find_user_by_account(101);
    EXPECT_TRUE(by_account && *by_account && (*by_account)->email == "alice@example.com");
    auto missing = tx.accounts().find_by_username("bob", "");
    EXPECT_TRUE(missing && !*missing);
    auto wrong_domain = tx.accounts().find_by_username("alice", "remote.example");
    EXPECT_TRUE(wrong_domain && !*wrong_domain);
    return {};
  }));
}

TEST_P(StoreContract, DuplicateUsernameInAnyCaseIsConflict) {
  ASSERT_TRUE(add_local(*store_, 1, "alice"));
  auto s = store_->write([&](Tx& tx) {
    return tx.accounts().insert_local(make_account(2, "ALICE"), make_user(2, "other@example.com"));
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::conflict);
  EXPECT_NE(s.error().public_message.find("Username"), std::string::npos);
  // The same username on another domain is a different account.
  auto remote = store_->write([&](Tx& tx) {
    return tx.accounts().insert_local(make_account(3, "alice", "remote.example"), core::User{});
  });
  EXPECT_TRUE(remote) << describe(remote.error());
}

TEST_P(StoreContract, DuplicateEmailIsConflictAndLeavesNoAccount) {
  ASSERT_TRUE(add_local(*store_, 1, "alice"));
  bool continued = false;
  auto s = store_->write([&](Tx& tx) -> Status {
    auto r = tx.accounts().insert_local(make_account(2, "bob"), make_user(2, "ALICE@example.com"));
    EXPECT_FALSE(r);
    if (r) return r;
    EXPECT_EQ(r.error().code, ErrorCode::conflict);
    EXPECT_NE(r.error().public_message.find("Email"), std::string::npos);
    // The failed insert is undone on its own; the transaction can go on.
    auto bob = tx.accounts().find_by_username("bob", "");
    EXPECT_TRUE(bob && !*bob);
    continued = true;
    return tx.meta().put("after_conflict", "yes");
  });
  ASSERT_TRUE(s) << describe(s.error());
  EXPECT_TRUE(continued);
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_EQ(*tx.accounts().count_local_users(), 1);
    auto bob = tx.accounts().find_by_id(2);
    EXPECT_TRUE(bob && !*bob);
    return {};
  }));
}

TEST_P(StoreContract, FindByIdsKeepsRequestOrderAndSkipsUnknown) {
  for (Id id : {10, 20, 30}) ASSERT_TRUE(add_local(*store_, id, "user" + std::to_string(id)));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    auto found = tx.accounts().find_by_ids({30, 99, 10, 30, 20});
    EXPECT_TRUE(found);
    if (!found) return {};
    std::vector<Id> ids;
    for (const auto& a : *found) ids.push_back(a.id);
    EXPECT_EQ(ids, (std::vector<Id>{30, 10, 20}));
    auto none = tx.accounts().find_by_ids({});
    EXPECT_TRUE(none && none->empty());
    return {};
  }));
}

TEST_P(StoreContract, MovedToLoadsTheTargetOneLevelDeep) {
  for (Id id : {10, 20, 30}) ASSERT_TRUE(add_local(*store_, id, "user" + std::to_string(id)));
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    if (auto s = tx.accounts().set_moved_to(10, 20); !s) return s;
    if (auto s = tx.accounts().set_moved_to(20, 10); !s) return s;  // a cycle stays one level deep
    EXPECT_EQ(tx.accounts().set_moved_to(99, 10).error().code, util::ErrorCode::not_found);
    return {};
  }));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    auto a = *tx.accounts().find_by_id(10);
    EXPECT_TRUE(a && a->moved_to_account_id == Id{20});
    if (!a || !a->moved_to) return util::fail(util::ErrorCode::internal, "moved_to not loaded");
    EXPECT_EQ(a->moved_to->username, "user20");
    EXPECT_FALSE(a->moved_to->moved_to);  // one level only
    auto by_name = *tx.accounts().find_by_username("USER10", "");
    EXPECT_TRUE(by_name && by_name->moved_to && by_name->moved_to->id == 20);
    auto plain = *tx.accounts().find_by_id(30);
    EXPECT_TRUE(plain && !plain->moved_to_account_id && !plain->moved_to);
    return {};
  }));
}

TEST_P(StoreContract, ListLocalPaginatesByIdAndSkipsRemote) {
  for (Id id = 1; id <= 5; ++id) ASSERT_TRUE(add_local(*store_, id * 10, "u" + std::to_string(id)));
  ASSERT_TRUE(store_->write([&](Tx& tx) {
    return tx.accounts().insert_local(make_account(25, "remote", "remote.example"), core::User{});
  }));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    auto page1 = tx.accounts().list_local(0, 2);
    EXPECT_TRUE(page1 && page1->size() == 2);
    if (!page1 || page1->size() != 2) return {};
    EXPECT_EQ((*page1)[0].id, 10);
    EXPECT_EQ((*page1)[1].id, 20);
    auto page2 = tx.accounts().list_local((*page1)[1].id, 10);
    EXPECT_TRUE(page2 && page2->size() == 3);
    if (page2 && !page2->empty()) {
      EXPECT_EQ(page2->front().id, 30);
    }
    auto zero = tx.accounts().list_local(0, 0);
    EXPECT_TRUE(zero && zero->empty());
    return {};
  }));
}

TEST_P(StoreContract, UpdatesChangeTheRowAndReportUnknownIds) {
  ASSERT_TRUE(add_local(*store_, 1, "alice"));
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    core::Account a = make_account(1, "alice");
    a.display_name = "Alice A.";
    a.note = "<p>new</p>";
    a.fields = {{"k", "v", std::nullopt}};
    a.locked = true;
    a.header_path = "headers/h.png";
    a.updated_at = 1800000000000;
    if (auto s = tx.accounts().update_profile(a); !s) return s;
    if (auto s = tx.accounts().set_role(1, core::Role::admin); !s) return s;
    if (auto s = tx.accounts().set_suspended(1, 1800000000001); !s) return s;
    if (auto s = tx.accounts().set_password_hash(1, "newhash", 1800000000002); !s) return s;
    core::User prefs;
    prefs.account_id = 1;
    prefs.default_privacy = core::Visibility::private_;
    prefs.default_sensitive = true;
    prefs.default_language = "de";
    prefs.locale = "de";
    return tx.accounts().update_user_preferences(prefs);
  }));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    auto a = *tx.accounts().find_by_id(1);
    EXPECT_TRUE(a);
    if (!a) return {};
    EXPECT_EQ(a->display_name, "Alice A.");
    EXPECT_EQ(a->note, "<p>new</p>");
    EXPECT_EQ(a->fields.size(), 1u);
    EXPECT_TRUE(a->locked);
    EXPECT_EQ(a->header_path, "headers/h.png");
    EXPECT_EQ(a->updated_at, 1800000000000);
    EXPECT_EQ(a->suspended_at, 1800000000001);
    auto u = *tx.accounts().find_user_by_account(1);
    EXPECT_TRUE(u);
    if (!u) return {};
    EXPECT_EQ(u->role, core::Role::admin);
    EXPECT_EQ(u->password_hash, "newhash");
    EXPECT_EQ(u->password_changed_at, 1800000000002);
    EXPECT_EQ(u->default_privacy, core::Visibility::private_);
    EXPECT_TRUE(u->default_sensitive);
    EXPECT_EQ(u->default_language, "de");
    EXPECT_EQ(u->email, "alice@example.com");  // untouched
    return {};
  }));
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    EXPECT_TRUE(tx.accounts().set_suspended(1, std::nullopt));
    auto s = tx.accounts().set_role(999, core::Role::admin);
    EXPECT_FALSE(s);
    if (!s) {
      EXPECT_EQ(s.error().code, ErrorCode::not_found);
    }
    auto p = tx.accounts().update_profile(make_account(999, "ghost"));
    EXPECT_FALSE(p);
    if (!p) {
      EXPECT_EQ(p.error().code, ErrorCode::not_found);
    }
    return {};
  }));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_FALSE((*tx.accounts().find_by_id(1))->suspended_at.has_value());
    return {};
  }));
}

TEST_P(StoreContract, CountsLocalUsersAndAdmins) {
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_EQ(*tx.accounts().count_admins(), 0);
    EXPECT_EQ(*tx.accounts().count_local_users(), 0);
    return {};
  }));
  ASSERT_TRUE(add_local(*store_, 1, "admin1", core::Role::admin));
  ASSERT_TRUE(add_local(*store_, 2, "mod", core::Role::moderator));
  ASSERT_TRUE(add_local(*store_, 3, "plain"));
  ASSERT_TRUE(add_local(*store_, 4, "admin2", core::Role::admin));
  ASSERT_TRUE(store_->write([&](Tx& tx) {
    return tx.accounts().insert_local(make_account(5, "far", "remote.example"), core::User{});
  }));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_EQ(*tx.accounts().count_admins(), 2);
    EXPECT_EQ(*tx.accounts().count_local_users(), 4);
    return {};
  }));
}

// ---- transactions -----------------------------------------------------------------------------

TEST_P(StoreContract, ErrorFromFunctionRollsBackEverything) {
  auto s = store_->write([&](Tx& tx) -> Status {
    if (auto r = tx.accounts().insert_local(make_account(1, "alice"), make_user(1, "a@example.com")); !r) return r;
    if (auto r = tx.meta().put("k", "v"); !r) return r;
    return util::fail(ErrorCode::unprocessable, "nope", "test");
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::unprocessable);  // fn's own error comes back
  EXPECT_EQ(s.error().public_message, "nope");
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_FALSE(*tx.accounts().find_by_id(1));
    EXPECT_FALSE(*tx.accounts().find_user_by_email("a@example.com"));
    EXPECT_FALSE(*tx.meta().get("k"));
    return {};
  }));
  // The store is usable afterwards.
  EXPECT_TRUE(add_local(*store_, 1, "alice"));
}

TEST_P(StoreContract, ExceptionInFunctionRollsBackAndIsInternalError) {
  auto s = store_->write([&](Tx& tx) -> Status {
    (void)tx.accounts().insert_local(make_account(1, "alice"), make_user(1, "a@example.com"));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::internal);
  EXPECT_NE(s.error().detail.find("boom"), std::string::npos);
  auto r = store_->read([&](Tx&) -> Status { throw 42; });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::internal);
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_FALSE(*tx.accounts().find_by_id(1));
    return {};
  }));
  EXPECT_TRUE(add_local(*store_, 1, "alice"));
}

TEST_P(StoreContract, ReadTransactionRefusesWrites) {
  ASSERT_TRUE(add_local(*store_, 1, "alice"));
  auto s = store_->read([&](Tx& tx) -> Status {
    EXPECT_FALSE(tx.accounts().insert_local(make_account(2, "bob"), make_user(2, "b@example.com")));
    EXPECT_FALSE(tx.accounts().set_role(1, core::Role::admin));
    EXPECT_FALSE(tx.meta().put("k", "v"));
    EXPECT_FALSE(tx.oauth().take_code("x"));
    EXPECT_FALSE(tx.oauth().revoke_tokens_of_account(1, 5));
    return {};
  });
  EXPECT_TRUE(s);
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_FALSE(*tx.accounts().find_by_id(2));
    EXPECT_EQ((*tx.accounts().find_user_by_account(1))->role, core::Role::user);
    EXPECT_FALSE(*tx.meta().get("k"));
    return {};
  }));
}

TEST_P(StoreContract, ReadSeesOneSnapshotWhileOthersWrite) {
  ASSERT_TRUE(add_local(*store_, 1, "alice"));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_EQ(*tx.accounts().count_local_users(), 1);
    std::thread writer([&] { EXPECT_TRUE(add_local(*store_, 2, "bob")); });
    writer.join();
    EXPECT_EQ(*tx.accounts().count_local_users(), 1);  // still the snapshot taken at the first read
    EXPECT_FALSE(*tx.accounts().find_by_id(2));
    return {};
  }));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_EQ(*tx.accounts().count_local_users(), 2);
    return {};
  }));
}

// ---- meta -------------------------------------------------------------------------------------

TEST_P(StoreContract, MetaPutOverwritesAndGetReturnsLatest) {
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    if (auto s = tx.meta().put("instance.title", "One"); !s) return s;
    return tx.meta().put("instance.title", "Two");
  }));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_EQ(**tx.meta().get("instance.title"), "Two");
    EXPECT_FALSE(*tx.meta().get("absent"));
    return {};
  }));
}

// ---- lifecycle --------------------------------------------------------------------------------

TEST_P(StoreContract, IntegrityCheckIsOk) {
  ASSERT_TRUE(add_local(*store_, 1, "alice"));
  auto r = store_->integrity_check();
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(*r, "ok");
}

TEST_P(StoreContract, CallsAfterCloseFailWithoutCrashing) {
  store_->close();
  store_->close();  // idempotent
  EXPECT_FALSE(store_->write([](Tx&) -> Status { return {}; }));
  EXPECT_FALSE(store_->read([](Tx&) -> Status { return {}; }));
  EXPECT_FALSE(store_->migrate());
  EXPECT_FALSE(store_->schema_version());
  EXPECT_FALSE(store_->integrity_check());
}

}  // namespace
}  // namespace parloir::store::testing
