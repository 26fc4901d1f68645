// The pure rules of organisation controls: email-domain lists and reaction names.
#include <gtest/gtest.h>

#include "services/announcements.h"
#include "services/registrations.h"

namespace parloir::services {
namespace {

TEST(EmailDomains, AllowlistAdmitsDomainAndSubdomainsOnly) {
  Settings s;
  s.email_domain_allowlist = {"corp.example"};
  EXPECT_TRUE(check_email_domain(s, "a@corp.example"));
  EXPECT_TRUE(check_email_domain(s, "a@Mail.Corp.Example"));
  EXPECT_FALSE(check_email_domain(s, "a@evilcorp.example"));
  EXPECT_FALSE(check_email_domain(s, "a@corp.example.evil"));
  auto refused = check_email_domain(s, "a@gmail.example");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().public_message,
            "Validation failed: Email domain is not allowed on this server (gmail.example)");
}

TEST(EmailDomains, DenylistWinsAndEmptyListsAdmitAll) {
  Settings s;
  EXPECT_TRUE(check_email_domain(s, "a@anything.example"));
  s.email_domain_denylist = {"spam.example"};
  EXPECT_FALSE(check_email_domain(s, "a@spam.example"));
  EXPECT_FALSE(check_email_domain(s, "a@x.spam.example"));
  EXPECT_TRUE(check_email_domain(s, "a@notspam.example"));
}

TEST(ReactionNames, UnicodeEmojiOnly) {
  EXPECT_TRUE(is_emoji_name("👍"));
  EXPECT_TRUE(is_emoji_name("👍🏽"));
  EXPECT_TRUE(is_emoji_name("❤️"));
  EXPECT_TRUE(is_emoji_name("1️⃣"));
  EXPECT_FALSE(is_emoji_name(""));
  EXPECT_FALSE(is_emoji_name("thumbsup"));
  EXPECT_FALSE(is_emoji_name(":blobcat:"));
  EXPECT_FALSE(is_emoji_name("👍 "));
  EXPECT_FALSE(is_emoji_name("\xff"));
}

}  // namespace
}  // namespace parloir::services
