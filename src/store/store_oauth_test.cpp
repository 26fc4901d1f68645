// OAuth repository behaviour (applications, codes, tokens), run on every backend.
#include "store/store_test_support.h"

namespace parloir::store::testing {
namespace {

class OAuthRepoContract : public StoreTestBase {
 protected:
  void SetUp() override {
    StoreTestBase::SetUp();
    ASSERT_TRUE(add_local(*store_, 1, "alice"));
    ASSERT_TRUE(add_local(*store_, 2, "bob"));
    ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
      if (auto s = tx.oauth().insert_application(make_app(100, "client-a")); !s) return s;
      return tx.oauth().insert_application(make_app(200, "client-b"));
    }));
  }

  static core::Application make_app(Id id, const std::string& client_id) {
    core::Application app;
    app.id = id;
    app.name = "App " + client_id;
    app.website = "https://app.example";
    app.redirect_uris = {"https://app.example/cb", core::kOobRedirectUri};
    app.scopes = core::Scopes::parse("read write:statuses follow");
    app.client_id = client_id;
    app.client_secret = "secret-" + client_id;
    app.created_at = 1700000000000;
    return app;
  }

  static core::AccessToken make_token(Id id, const std::string& hash, Id app, std::optional<Id> account) {
    core::AccessToken t;
    t.id = id;
    t.token_hash = hash;
    t.application_id = app;
    t.account_id = account;
    t.scopes = core::Scopes::parse("read write");
    t.created_at = 1700000000000;
    return t;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, OAuthRepoContract, ::testing::ValuesIn(store_backends()), backend_name);

TEST_P(OAuthRepoContract, ApplicationRoundTripsByIdAndClientId) {
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    auto by_client = tx.oauth().find_application_by_client_id("client-a");
    EXPECT_TRUE(by_client && *by_client);
    if (!by_client || !*by_client) return {};
    const core::Application& app = **by_client;
    EXPECT_EQ(app.id, 100);
    EXPECT_EQ(app.name, "App client-a");
    EXPECT_EQ(app.website, "https://app.example");
    EXPECT_EQ(app.redirect_uris, (std::vector<std::string>{"https://app.example/cb", core::kOobRedirectUri}));
    EXPECT_EQ(app.scopes.to_string(), "read write:statuses follow");
    EXPECT_EQ(app.client_secret, "secret-client-a");
    EXPECT_EQ(app.created_at, 1700000000000);
    auto by_id = tx.oauth().find_application(200);
    EXPECT_TRUE(by_id && *by_id && (*by_id)->client_id == "client-b");
    EXPECT_FALSE(*tx.oauth().find_application_by_client_id("nope"));
    EXPECT_FALSE(*tx.oauth().find_application(999));
    return {};
  }));
  auto dup = store_->write([&](Tx& tx) { return tx.oauth().insert_application(make_app(300, "client-a")); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, util::ErrorCode::conflict);
}

TEST_P(OAuthRepoContract, TakeCodeReturnsItOnceOnly) {
  core::AuthorizationCode code;
  code.code_hash = "c0de";
  code.application_id = 100;
  code.account_id = 1;
  code.redirect_uri = "https://app.example/cb";
  code.scopes = core::Scopes::parse("read");
  code.code_challenge = "challenge";
  code.expires_at = 1700000600000;
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.oauth().insert_code(code); }));

  std::optional<core::AuthorizationCode> first;
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    auto taken = tx.oauth().take_code("c0de");
    if (!taken) return util::fail(taken.error());
    first = *taken;
    return {};
  }));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->application_id, 100);
  EXPECT_EQ(first->account_id, 1);
  EXPECT_EQ(first->redirect_uri, "https://app.example/cb");
  EXPECT_EQ(first->scopes.to_string(), "read");
  EXPECT_EQ(first->code_challenge, "challenge");
  EXPECT_EQ(first->expires_at, 1700000600000);

  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    auto again = tx.oauth().take_code("c0de");
    EXPECT_TRUE(again && !*again);
    auto unknown = tx.oauth().take_code("other");
    EXPECT_TRUE(unknown && !*unknown);
    return {};
  }));
}

TEST_P(OAuthRepoContract, TokensAreFoundAndRevokedOnlyByTheirApplication) {
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    if (auto s = tx.oauth().insert_token(make_token(1, "hash-1", 100, Id{1})); !s) return s;
    return tx.oauth().insert_token(make_token(2, "hash-app", 100, std::nullopt));
  }));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    auto t = tx.oauth().find_token("hash-1");
    EXPECT_TRUE(t && *t);
    if (!t || !*t) return {};
    EXPECT_EQ((*t)->id, 1);
    EXPECT_EQ((*t)->application_id, 100);
    EXPECT_EQ((*t)->account_id, Id{1});
    EXPECT_EQ((*t)->scopes.to_string(), "read write");
    EXPECT_FALSE((*t)->revoked_at.has_value());
    auto app_only = tx.oauth().find_token("hash-app");
    EXPECT_TRUE(app_only && *app_only && !(*app_only)->account_id.has_value());
    EXPECT_FALSE(*tx.oauth().find_token("missing"));
    return {};
  }));
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    EXPECT_FALSE(*tx.oauth().revoke_token("hash-1", 200, 5000));  // another app's client
    EXPECT_FALSE(*tx.oauth().revoke_token("missing", 100, 5000));
    EXPECT_TRUE(*tx.oauth().revoke_token("hash-1", 100, 5000));
    EXPECT_FALSE(*tx.oauth().revoke_token("hash-1", 100, 6000));  // already revoked
    return {};
  }));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    auto t = *tx.oauth().find_token("hash-1");  // still returned, with revoked_at
    EXPECT_TRUE(t && t->revoked_at == 5000);
    return {};
  }));
  auto dup = store_->write([&](Tx& tx) { return tx.oauth().insert_token(make_token(3, "hash-1", 100, Id{2})); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, util::ErrorCode::conflict);
}

TEST_P(OAuthRepoContract, RevokeTokensOfAccountRevokesOnlyItsLiveTokens) {
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    for (auto t : {make_token(1, "a1", 100, Id{1}), make_token(2, "a2", 200, Id{1}), make_token(3, "a3", 100, Id{1}),
                   make_token(4, "b1", 100, Id{2}), make_token(5, "app", 100, std::nullopt)}) {
      if (auto s = tx.oauth().insert_token(t); !s) return s;
    }
    auto r = tx.oauth().revoke_token("a3", 100, 1000);
    if (!r) return util::fail(r.error());
    return {};
  }));
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    auto n = tx.oauth().revoke_tokens_of_account(1, 2000);
    EXPECT_TRUE(n && *n == 2);
    return {};
  }));
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_EQ((*tx.oauth().find_token("a1"))->revoked_at, 2000);
    EXPECT_EQ((*tx.oauth().find_token("a2"))->revoked_at, 2000);
    EXPECT_EQ((*tx.oauth().find_token("a3"))->revoked_at, 1000);  // earlier revocation kept
    EXPECT_FALSE((*tx.oauth().find_token("b1"))->revoked_at.has_value());
    EXPECT_FALSE((*tx.oauth().find_token("app"))->revoked_at.has_value());
    return {};
  }));
}

}  // namespace
}  // namespace parloir::store::testing
