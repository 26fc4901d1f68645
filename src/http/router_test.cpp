#include <utility>  // before Asio (g++ 12)

#include "http/router.h"

#include <gtest/gtest.h>

namespace parloir::http {
namespace {

using beast_http::verb;

boost::asio::awaitable<Response> ok(Request&) { co_return Response::json("{}"); }

Router make_router() {
  Router r;
  r.add(verb::get, "/api/v1/accounts/:id", ok);
  r.add(verb::get, "/api/v1/accounts/verify_credentials", ok);
  r.add(verb::post, "/api/v1/accounts/:id/follow", ok);
  r.add(verb::get, "/api/v1/statuses/:id/context", ok);
  r.add(verb::delete_, "/api/v1/statuses/:id", ok);
  r.add(verb::get, "/api/v1/instance", ok);
  r.add(verb::get, "/", ok);
  return r;
}

TEST(Router, CapturesParameters) {
  Router r = make_router();
  auto m = r.match(verb::post, "/api/v1/accounts/123/follow");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/accounts/:id/follow");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "123");
}

TEST(Router, LiteralSegmentsWinOverParameters) {
  Router r = make_router();
  auto m = r.match(verb::get, "/api/v1/accounts/verify_credentials");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/accounts/verify_credentials");
  EXPECT_TRUE(m.params.empty());
  auto p = r.match(verb::get, "/api/v1/accounts/99");
  ASSERT_NE(p.route, nullptr);
  EXPECT_EQ(p.route->pattern, "/api/v1/accounts/:id");
}

TEST(Router, BacktracksFromLiteralToParameter) {
  Router r;
  r.add(verb::get, "/a/literal", ok);
  r.add(verb::get, "/a/:x/tail", ok);
  auto m = r.match(verb::get, "/a/literal/tail");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/a/:x/tail");
  EXPECT_EQ(m.params[0].second, "literal");
}

TEST(Router, ToleratesOneTrailingSlash) {
  Router r = make_router();
  EXPECT_NE(r.match(verb::get, "/api/v1/instance/").route, nullptr);
  EXPECT_EQ(r.match(verb::get, "/api/v1/instance//").route, nullptr);
  EXPECT_NE(r.match(verb::get, "/").route, nullptr);
  EXPECT_EQ(r.match(verb::get, "").route, nullptr);
  EXPECT_EQ(r.match(verb::get, "/api/v1/accounts//follow").route, nullptr);
}

TEST(Router, ReportsKnownPathWithOtherMethod) {
  Router r = make_router();
  auto m = r.match(verb::get, "/api/v1/statuses/5");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_exists);
  auto n = r.match(verb::get, "/api/v1/nothing");
  EXPECT_EQ(n.route, nullptr);
  EXPECT_FALSE(n.path_exists);
  auto o = r.match(verb::get, "/api/v1/accounts/1/follow/extra");
  EXPECT_FALSE(o.path_exists);
}

TEST(Router, RejectsDuplicateAndConflictingPatterns) {
  Router r = make_router();
  EXPECT_THROW(r.add(verb::get, "/api/v1/instance", ok), std::invalid_argument);
  EXPECT_THROW(r.add(verb::get, "/api/v1/accounts/:other/x", ok), std::invalid_argument);
}

}  // namespace
}  // namespace parloir::http
