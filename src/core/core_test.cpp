#include <gtest/gtest.h>

#include "core/account.h"
#include "core/ids.h"
#include "core/languages.h"
#include "core/oauth.h"
#include "core/roles.h"
#include "core/scopes.h"

using namespace parloir::core;

TEST(Snowflake, IdsAreIncreasingAndCarryTheirTime) {
  SnowflakeGenerator gen;
  Id a = gen.next(1700000000000);
  Id b = gen.next(1700000000000);
  Id c = gen.next(1699999999000);  // clock went backwards
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(id_time_ms(a), 1700000000000);
}

TEST(Snowflake, ParseIdRejectsNonDecimal) {
  EXPECT_EQ(parse_id("123"), 123);
  EXPECT_FALSE(parse_id("12a"));
  EXPECT_FALSE(parse_id(""));
  EXPECT_FALSE(parse_id("99999999999999999999"));
}

TEST(Scopes, ParentScopesCoverGranularOnes) {
  Scopes s = Scopes::parse("read write follow");
  EXPECT_TRUE(s.covers("read:statuses"));
  EXPECT_TRUE(s.covers("write:follows"));
  EXPECT_TRUE(s.covers("read:blocks"));
  EXPECT_FALSE(s.covers("push"));
  EXPECT_FALSE(s.covers("admin:read:accounts"));
  EXPECT_TRUE(Scopes::parse("admin:read").covers("admin:read:accounts"));
  EXPECT_FALSE(Scopes::parse("read:statuses").covers("read"));
}

TEST(Scopes, ParseDedupesAndDetectsUnknown) {
  Scopes s = Scopes::parse("read+write read  push");
  EXPECT_EQ(s.to_string(), "read write push");
  EXPECT_TRUE(s.all_known());
  EXPECT_FALSE(Scopes::parse("read bogus").all_known());
}

TEST(Accounts, UsernameRules) {
  EXPECT_TRUE(is_valid_username("alice_01"));
  EXPECT_TRUE(is_valid_username("Alice"));
  EXPECT_FALSE(is_valid_username("al.ice"));
  EXPECT_FALSE(is_valid_username(""));
  EXPECT_FALSE(is_valid_username(std::string(31, 'a')));
}

TEST(Accounts, EmailRules) {
  EXPECT_TRUE(is_valid_email("a@example.org"));
  EXPECT_FALSE(is_valid_email("a%b@example.org"));
  EXPECT_FALSE(is_valid_email("noat"));
  EXPECT_FALSE(is_valid_email("a@b@c"));
}

TEST(OAuth, RedirectUris) {
  EXPECT_TRUE(is_acceptable_redirect_uri("urn:ietf:wg:oauth:2.0:oob"));
  EXPECT_TRUE(is_acceptable_redirect_uri("https://app.example/cb"));
  EXPECT_TRUE(is_acceptable_redirect_uri("oauth2redirect://tusky/"));
  EXPECT_TRUE(is_acceptable_redirect_uri("com.tapbots.Ivory.1:/request_token"));
  EXPECT_FALSE(is_acceptable_redirect_uri("javascript:alert(1)"));
  EXPECT_FALSE(is_acceptable_redirect_uri("JavaScript:alert(1)"));
  EXPECT_FALSE(is_acceptable_redirect_uri("data:text/html,x"));
  EXPECT_FALSE(is_acceptable_redirect_uri("https://a.example/cb#frag"));
  EXPECT_FALSE(is_acceptable_redirect_uri("http:/nohost"));
}

#include "core/visibility.h"

TEST(Visibility, MatrixOfVisibilityAndViewer) {
  Status s;
  s.account_id = 1;
  ViewerFacts author{1};
  ViewerFacts follower{2, true};
  ViewerFacts stranger{3};
  ViewerFacts mentioned{4, false, true};
  ViewerFacts anonymous{};
  ViewerFacts blocked{5, true, true, false, true};
  s.visibility = Visibility::public_;
  EXPECT_TRUE(may_view(s, stranger));
  EXPECT_TRUE(may_view(s, anonymous));
  EXPECT_FALSE(may_view(s, blocked));
  s.visibility = Visibility::private_;
  EXPECT_TRUE(may_view(s, author));
  EXPECT_TRUE(may_view(s, follower));
  EXPECT_TRUE(may_view(s, mentioned));
  EXPECT_FALSE(may_view(s, stranger));
  EXPECT_FALSE(may_view(s, anonymous));
  EXPECT_FALSE(may_view(s, blocked));
  s.visibility = Visibility::direct;
  EXPECT_TRUE(may_view(s, author));
  EXPECT_FALSE(may_view(s, follower));
  EXPECT_TRUE(may_view(s, mentioned));
  EXPECT_FALSE(may_view(s, anonymous));
  s.visibility = Visibility::public_;
  s.local_only = true;
  EXPECT_FALSE(may_view(s, anonymous));
  EXPECT_TRUE(may_view(s, stranger));
}

TEST(Visibility, RepliesToOthersStayOffPublicTimelines) {
  Status s;
  s.account_id = 1;
  EXPECT_TRUE(is_public_timeline_candidate(s));
  s.in_reply_to_account_id = 1;
  EXPECT_TRUE(is_public_timeline_candidate(s));
  s.in_reply_to_account_id = 2;
  EXPECT_FALSE(is_public_timeline_candidate(s));
}

TEST(Roles, PermissionsFollowMastodonsDefaultRoles) {
  EXPECT_EQ(permissions_of(Role::owner), 1u);
  EXPECT_EQ(permissions_of(Role::moderator), 1308u);
  EXPECT_EQ(permissions_of(Role::user), 65536u);
  EXPECT_TRUE(role_can(Role::owner, Permission::manage_roles));
  EXPECT_TRUE(role_can(Role::admin, Permission::manage_announcements));
  EXPECT_FALSE(role_can(Role::admin, Permission::administrator));
  EXPECT_TRUE(role_can(Role::moderator, Permission::manage_reports));
  EXPECT_TRUE(role_can(Role::moderator, Permission::manage_users));
  EXPECT_FALSE(role_can(Role::moderator, Permission::manage_announcements));
  EXPECT_FALSE(role_can(Role::moderator, Permission::manage_roles));
  EXPECT_FALSE(role_can(Role::moderator, Permission::manage_federation));
  EXPECT_FALSE(role_can(Role::user, Permission::view_audit_log));
  EXPECT_EQ(parse_role("owner"), Role::owner);
  EXPECT_EQ(role_name(Role::owner), "owner");
}

TEST(Roles, OnlyTheOwnerTouchesOwnersAndNobodyGrantsMoreThanTheyHave) {
  EXPECT_TRUE(may_change_role(Role::owner, Role::user, Role::owner));
  EXPECT_TRUE(may_change_role(Role::owner, Role::owner, Role::admin));
  EXPECT_FALSE(may_change_role(Role::admin, Role::user, Role::owner));
  EXPECT_FALSE(may_change_role(Role::admin, Role::owner, Role::user));
  EXPECT_TRUE(may_change_role(Role::admin, Role::user, Role::moderator));
  EXPECT_TRUE(may_change_role(Role::admin, Role::moderator, Role::admin));
  EXPECT_FALSE(may_change_role(Role::moderator, Role::user, Role::moderator));
  EXPECT_FALSE(may_change_role(Role::user, Role::user, Role::user));
}

TEST(Languages, KnownCodesOnlyExactly) {
  EXPECT_TRUE(is_known_language("en"));
  EXPECT_TRUE(is_known_language("fr"));
  EXPECT_TRUE(is_known_language("ast"));  // one of Mastodon's ISO 639-3 additions
  EXPECT_TRUE(is_known_language("zu"));
  EXPECT_FALSE(is_known_language("zz"));
  EXPECT_FALSE(is_known_language("FR"));
  EXPECT_FALSE(is_known_language("fr-CA"));
  EXPECT_FALSE(is_known_language(""));
  EXPECT_FALSE(is_known_language("english"));
}
