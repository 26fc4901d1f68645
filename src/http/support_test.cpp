#include "http/access_log.h"
#include "http/cors.h"
#include "http/decode.h"

#include <gtest/gtest.h>

namespace parloir::http::detail {
namespace {

TEST(Cors, AppliesToMastodonPublicPaths) {
  EXPECT_TRUE(is_cors_path("/api/v1/statuses"));
  EXPECT_TRUE(is_cors_path("/oauth/token"));
  EXPECT_TRUE(is_cors_path("/oauth/revoke"));
  EXPECT_TRUE(is_cors_path("/.well-known/webfinger"));
  EXPECT_TRUE(is_cors_path("/nodeinfo/2.0"));
  EXPECT_TRUE(is_cors_path("/health"));
  EXPECT_FALSE(is_cors_path("/oauth/authorize"));
  EXPECT_FALSE(is_cors_path("/oauth/tokens"));
  EXPECT_FALSE(is_cors_path("/users/alice"));
  EXPECT_FALSE(is_cors_path("/api"));
}

TEST(AccessLog, RedactsQueriesCarryingAccessTokens) {
  bool redacted = false;
  EXPECT_EQ(loggable_target("/api/v1/streaming?stream=user&access_token=SECRET", &redacted), "/api/v1/streaming");
  EXPECT_TRUE(redacted);
  EXPECT_EQ(loggable_target("/api/v1/timelines/home?limit=5", &redacted), "/api/v1/timelines/home?limit=5");
  EXPECT_FALSE(redacted);
}

TEST(DecodeTarget, DecodesPathAndSplitsQuery) {
  std::string path, query;
  ASSERT_TRUE(decode_target("/tags/caf%C3%A9?x=%20", path, query));
  EXPECT_EQ(path, "/tags/caf\xc3\xa9");
  EXPECT_EQ(query, "x=%20");
  ASSERT_TRUE(decode_target("http://example.com/a+b", path, query));
  EXPECT_EQ(path, "/a+b");
  EXPECT_EQ(query, "");
  EXPECT_FALSE(decode_target("/a%00b", path, query));
  EXPECT_FALSE(decode_target("/a%2", path, query));
  EXPECT_FALSE(decode_target("/a%g1", path, query));
  EXPECT_FALSE(decode_target("*", path, query));
  EXPECT_FALSE(decode_target("", path, query));
}

}  // namespace
}  // namespace parloir::http::detail
