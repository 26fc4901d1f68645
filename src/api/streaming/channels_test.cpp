// Streaming channels: names, parameters, scopes and the wire format clients parse.
#include "api/streaming/channels.h"

#include <gtest/gtest.h>

namespace parloir::api::streaming {
namespace {

Subscription sub(std::string stream, std::string tag = "", std::string list = "", bool media = false) {
  std::string error;
  auto s = make_subscription(SubscriptionRequest{std::move(stream), std::move(tag), std::move(list), media}, &error);
  EXPECT_TRUE(s) << error;
  return s ? *s : Subscription{};
}

TEST(Channels, NamesParametersAndStreamArrays) {
  EXPECT_EQ(sub("user").stream_array, R"(["user"])");
  EXPECT_EQ(sub("public:local", "", "", true).channel, Channel::public_local_media);
  auto h = sub("hashtag", "#CamelCase");
  EXPECT_EQ(h.tag, "camelcase");
  EXPECT_EQ(h.stream_array, R"(["hashtag","#CamelCase"])");  // the tag exactly as sent
  EXPECT_EQ(sub("list", "", "123").stream_array, R"(["list","123"])");
  std::string error;
  EXPECT_FALSE(make_subscription({"bogus", "", "", false}, &error));
  EXPECT_EQ(error, "Unknown stream type");
  EXPECT_FALSE(make_subscription({"hashtag", "", "", false}, &error));
  EXPECT_FALSE(make_subscription({"list", "", "x1", false}, &error));
}

TEST(Channels, ScopesFollowMastodon) {
  auto notif = core::Scopes::parse("read:notifications");
  EXPECT_TRUE(scopes_allow(notif, Channel::user_notification));
  EXPECT_FALSE(scopes_allow(notif, Channel::public_all));
  EXPECT_TRUE(scopes_allow(core::Scopes::parse("read"), Channel::list));
  EXPECT_TRUE(scopes_allow(core::Scopes::parse("read:statuses"), Channel::hashtag_local));
  EXPECT_FALSE(scopes_allow(core::Scopes::parse("write follow"), Channel::user));
}

TEST(Channels, WireFormat) {
  std::string payload = R"({"id":"1","content":"<p>\"hi\"</p>"})";
  auto ws = ws_message(sub("hashtag", "Foo"), "update", &payload);
  EXPECT_EQ(*ws, R"({"stream":["hashtag","Foo"],"event":"update","payload":"{\"id\":\"1\",\"content\":\"<p>\\\"hi\\\"</p>\"}"})");
  EXPECT_EQ(*ws_message(sub("user"), "filters_changed", nullptr), R"({"stream":["user"],"event":"filters_changed"})");
  std::string id = "42";
  EXPECT_EQ(*sse_message("delete", &id), "event: delete\ndata: 42\n\n");
  EXPECT_EQ(*sse_message("filters_changed", nullptr), "event: filters_changed\ndata: null\n\n");
}

}  // namespace
}  // namespace parloir::api::streaming
