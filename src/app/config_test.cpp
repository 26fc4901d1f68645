#include "app/config.h"

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

using namespace parloir::app;

TEST(Config, DefaultsDeriveDomainAndListen) {
  auto c = load_config({}, {});
  ASSERT_TRUE(c) << c.error().public_message;
  EXPECT_EQ(c->domain, "localhost:8080");
  EXPECT_EQ(c->host, "localhost");
  EXPECT_EQ(c->listen_host, "127.0.0.1");
  EXPECT_EQ(c->listen_port, 8080);
  EXPECT_EQ(c->instance.max_characters, 500);
}

TEST(Config, EnvironmentOverridesFileAndFlagsOverrideEnvironment) {
  std::string path = ::testing::TempDir() + "/parloir_config_test.toml";
  {
    std::ofstream f(path);
    f << "[server]\nlisten = \"127.0.0.1:9000\"\nurl = \"https://social.example.org\"\n"
         "[instance]\nmax_characters = 1000\nlanguages = [\"fr\", \"en\"]\n";
  }
  ConfigFlags flags;
  flags.config_file = path;
  auto c = load_config(flags, {{"PARLOIR_SERVER_LISTEN", "127.0.0.1:9001"}});
  ASSERT_TRUE(c) << c.error().public_message;
  EXPECT_EQ(c->listen_port, 9001);
  EXPECT_EQ(c->domain, "social.example.org");
  EXPECT_EQ(c->instance.max_characters, 1000);
  ASSERT_EQ(c->instance.languages.size(), 2u);
  flags.listen = "127.0.0.1:9002";
  c = load_config(flags, {{"PARLOIR_SERVER_LISTEN", "127.0.0.1:9001"}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->listen_port, 9002);
  std::remove(path.c_str());
}

TEST(Config, BadValuesNameTheKey) {
  auto c = load_config({}, {{"PARLOIR_SERVER_LISTEN", "nonsense"}});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().public_message.find("server.listen"), std::string::npos);
  EXPECT_NE(c.error().public_message.find("PARLOIR_SERVER_LISTEN"), std::string::npos);
  c = load_config({}, {{"PARLOIR_INSTANCE_MAX_CHARACTERS", "-3"}});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().public_message.find("instance.max_characters"), std::string::npos);
  ConfigFlags flags;
  flags.url = "ftp://x";
  c = load_config(flags, {});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().public_message.find("server.url"), std::string::npos);
}

TEST(Config, UnknownFileKeyIsRefused) {
  std::string path = ::testing::TempDir() + "/parloir_config_bad.toml";
  {
    std::ofstream f(path);
    f << "[server]\nlisen = \"x\"\n";
  }
  ConfigFlags flags;
  flags.config_file = path;
  auto c = load_config(flags, {});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().public_message.find("server.lisen"), std::string::npos);
  std::remove(path.c_str());
}

TEST(Config, RateLimitsAndScheduling) {
  auto d = load_config({}, {});
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->rate_limits.enabled);
  EXPECT_EQ(d->rate_limits.anonymous, 300);
  EXPECT_EQ(d->rate_limits.period_s, 300);
  EXPECT_EQ(d->rate_limits.sign_ups.limit, 5);
  EXPECT_EQ(d->rate_limits.sign_ups.period_s, 1800);
  EXPECT_EQ(d->instance.min_schedule_seconds, 300);
  std::string path = ::testing::TempDir() + "/parloir_config_rl_test.toml";
  {
    std::ofstream f(path);
    f << "[rate_limits]\nenabled = false\nanonymous = 7\nperiod = \"2s\"\nmedia_period = \"1h\"\n";
  }
  ConfigFlags flags;
  flags.config_file = path;
  auto c = load_config(flags, {{"PARLOIR_RATE_LIMITS_AUTHENTICATED", "9"},
                               {"PARLOIR_INSTANCE_MIN_SCHEDULE_SECONDS", "2"}});
  ASSERT_TRUE(c) << c.error().public_message;
  EXPECT_FALSE(c->rate_limits.enabled);
  EXPECT_EQ(c->rate_limits.anonymous, 7);
  EXPECT_EQ(c->rate_limits.authenticated, 9);
  EXPECT_EQ(c->rate_limits.period_s, 2);
  EXPECT_EQ(c->rate_limits.media.period_s, 3600);
  EXPECT_EQ(c->instance.min_schedule_seconds, 2);
  std::remove(path.c_str());
  auto bad = load_config({}, {{"PARLOIR_RATE_LIMITS_ENABLED", "maybe"}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().public_message.find("rate_limits.enabled"), std::string::npos);
  EXPECT_FALSE(load_config({}, {{"PARLOIR_RATE_LIMITS_ANONYMOUS", "0"}}));
}

TEST(Config, OrganisationControls) {
  std::string path = ::testing::TempDir() + "/parloir_config_org_test.toml";
  {
    std::ofstream f(path);
    f << "[instance]\nregistrations = \"invite\"\nprivate = true\n"
         "email_domain_allowlist = [\"Corp.Example\", \"school.example\"]\ndefault_follows = [\"news\"]\n";
  }
  ConfigFlags flags;
  flags.config_file = path;
  auto c = load_config(flags, {{"PARLOIR_INSTANCE_EMAIL_DOMAIN_DENYLIST", " spam.example , ,x.example"},
                               {"PARLOIR_INSTANCE_LOCAL_ONLY_DEFAULT", "yes"}});
  ASSERT_TRUE(c) << c.error().public_message;
  EXPECT_EQ(c->instance.registrations, "invite");
  EXPECT_TRUE(c->instance.private_instance);
  EXPECT_EQ(c->instance.email_domain_allowlist, (std::vector<std::string>{"corp.example", "school.example"}));
  EXPECT_EQ(c->instance.email_domain_denylist, (std::vector<std::string>{"spam.example", "x.example"}));
  EXPECT_EQ(c->instance.default_follows, std::vector<std::string>{"news"});
  EXPECT_TRUE(c->instance.local_only_default);
  EXPECT_EQ(c->instance.min_expires_in, 60);
  auto bad = load_config({}, {{"PARLOIR_INSTANCE_EMAIL_DOMAIN_ALLOWLIST", "user@corp.example"}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().public_message.find("instance.email_domain_allowlist"), std::string::npos);
  bad = load_config({}, {{"PARLOIR_INSTANCE_MIN_EXPIRES_IN", "100"}, {"PARLOIR_INSTANCE_MAX_EXPIRES_IN", "50"}});
  ASSERT_FALSE(bad);
  std::remove(path.c_str());
}

TEST(Config, MediaLimits) {
  auto d = load_config({}, {});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->media.image_size_limit, 16 * 1024 * 1024);
  EXPECT_EQ(d->media.video_size_limit, 99 * 1024 * 1024);
  EXPECT_EQ(d->media.image_matrix_limit, 33177600);
  EXPECT_EQ(d->media.processing_slots, 2);
  EXPECT_EQ(d->media.unattached_ttl_s, 24 * 3600);
  EXPECT_EQ(d->media_path(), d->storage.data_dir + "/media");
  auto c = load_config({}, {{"PARLOIR_MEDIA_IMAGE_SIZE_LIMIT", "200000"},
                            {"PARLOIR_MEDIA_PROCESSING_SLOTS", "3"},
                            {"PARLOIR_MEDIA_UNATTACHED_TTL", "2s"}});
  ASSERT_TRUE(c) << c.error().public_message;
  EXPECT_EQ(c->media.image_size_limit, 200000);
  EXPECT_EQ(c->media.processing_slots, 3);
  EXPECT_EQ(c->media.unattached_ttl_s, 2);
  auto bad = load_config({}, {{"PARLOIR_MEDIA_IMAGE_SIZE_LIMIT", "12"}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().public_message.find("media.image_size_limit"), std::string::npos);
  EXPECT_FALSE(load_config({}, {{"PARLOIR_MEDIA_PROCESSING_SLOTS", "0"}}));
}
