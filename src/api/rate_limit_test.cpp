#include "api/rate_limit.h"

#include <utility>  // why: before Asio (g++ 12)

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "util/time.h"

namespace parloir::api {
namespace {

namespace bh = boost::beast::http;

TEST(RateLimiter, CountsWithinAWindowAndResetsAtItsEnd) {
  RateLimiter rl(1000);
  RateLimitRule rule{3, 10};
  const std::int64_t t0 = 1'700'000'000'000;  // a multiple of 10 s
  auto a = rl.hit("k", rule, t0 + 1);
  EXPECT_TRUE(a.allowed);
  EXPECT_EQ(a.limit, 3);
  EXPECT_EQ(a.remaining, 2);
  EXPECT_EQ(a.reset_ms, t0 + 10'000);
  EXPECT_TRUE(rl.hit("k", rule, t0 + 2).allowed);
  auto c = rl.hit("k", rule, t0 + 3);
  EXPECT_TRUE(c.allowed);
  EXPECT_EQ(c.remaining, 0);
  EXPECT_FALSE(rl.peek("k", rule, t0 + 4).allowed);
  auto d = rl.hit("k", rule, t0 + 4);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
  // Another key is independent.
  EXPECT_TRUE(rl.hit("other", rule, t0 + 5).allowed);
  // The next window starts afresh.
  auto e = rl.hit("k", rule, t0 + 10'000);
  EXPECT_TRUE(e.allowed);
  EXPECT_EQ(e.remaining, 2);
  EXPECT_EQ(e.reset_ms, t0 + 20'000);
}

TEST(RateLimiter, PeekDoesNotCount) {
  RateLimiter rl(1000);
  RateLimitRule rule{1, 60};
  const std::int64_t now = 1'700'000'000'000;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(rl.peek("k", rule, now).allowed);
  EXPECT_TRUE(rl.hit("k", rule, now).allowed);
  EXPECT_FALSE(rl.peek("k", rule, now).allowed);
}

TEST(RateLimiter, SaturatesUnderAFlood) {
  RateLimiter rl(1000);
  RateLimitRule rule{2, 60};
  RateLimitState st;
  for (int i = 0; i < 10000; ++i) st = rl.hit("k", rule, 1'700'000'000'000);
  EXPECT_FALSE(st.allowed);
  EXPECT_EQ(st.remaining, 0);
}

TEST(RateLimiter, StaysBoundedWithManyKeys) {
  RateLimiter rl(64, 4);
  RateLimitRule rule{5, 300};
  for (int i = 0; i < 10000; ++i) rl.hit("key" + std::to_string(i), rule, 1'700'000'000'000 + i);
  EXPECT_LE(rl.size(), 64u);
  EXPECT_GT(rl.size(), 0u);
}

TEST(RateLimiter, SweepsExpiredWindows) {
  RateLimiter rl(1000, 1);
  RateLimitRule rule{5, 1};
  for (int i = 0; i < 100; ++i) rl.hit("key" + std::to_string(i), rule, 1'700'000'000'000);
  EXPECT_EQ(rl.size(), 100u);
  rl.hit("late", rule, 1'700'000'000'000 + 120'000);
  EXPECT_EQ(rl.size(), 1u);
}

TEST(RateLimit, ClassifiesRoutes) {
  EXPECT_TRUE(classify_route(bh::verb::get, "/api/v1/timelines/home").api);
  EXPECT_FALSE(classify_route(bh::verb::get, "/health").any());
  EXPECT_FALSE(classify_route(bh::verb::get, "/oauth/authorize").any());
  EXPECT_TRUE(classify_route(bh::verb::post, "/api/v1/accounts").sign_up);
  EXPECT_FALSE(classify_route(bh::verb::get, "/api/v1/accounts/:id").sign_up);
  EXPECT_TRUE(classify_route(bh::verb::post, "/api/v2/media").media);
  EXPECT_TRUE(classify_route(bh::verb::delete_, "/api/v1/statuses/:id").delete_);
  EXPECT_TRUE(classify_route(bh::verb::post, "/api/v1/statuses/:id/unreblog").delete_);
  EXPECT_FALSE(classify_route(bh::verb::get, "/api/v1/statuses/:id").delete_);
  auto login = classify_route(bh::verb::post, "/oauth/token");
  EXPECT_TRUE(login.login);
  EXPECT_FALSE(login.api);
  EXPECT_TRUE(classify_route(bh::verb::post, "/oauth/authorize").login);
}

TEST(RateLimit, GroupsIpv6By64) {
  EXPECT_EQ(ip_bucket("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(ip_bucket("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(ip_bucket("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(ip_bucket("2001:db8:1:2:ffff::1"), ip_bucket("2001:db8:1:2::9"));
  EXPECT_NE(ip_bucket("2001:db8:1:2::1"), ip_bucket("2001:db8:1:3::1"));
  EXPECT_EQ(ip_bucket("not an ip"), "not an ip");
}

// Runs a route of `router` as the session would and returns its response.
http::Response call(http::Router& router, bh::verb method, const std::string& path, const std::string& ip,
                    const std::string& token = "") {
  auto m = router.match(method, path);
  EXPECT_NE(m.route, nullptr);
  http::Request req;
  req.raw.method(method);
  req.raw.target(path);
  req.path = path;
  req.remote_ip = ip;
  if (!token.empty()) req.raw.set(bh::field::authorization, "Bearer " + token);
  boost::asio::io_context ioc;
  auto fut = boost::asio::co_spawn(ioc, m.route->handler(req), boost::asio::use_future);
  ioc.run();
  return fut.get();
}

std::string header(const http::Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

http::Handler answer(unsigned status) {
  return [status](http::Request&) -> boost::asio::awaitable<http::Response> {
    co_return http::Response::json("{}", status);
  };
}

TEST(RateLimit, WrapsRoutesWithHeadersAnd429) {
  http::Router router;
  router.add(bh::verb::get, "/api/v1/x", answer(200));
  router.add(bh::verb::get, "/health", answer(200));
  router.add(bh::verb::post, "/oauth/token", answer(400));
  router.add(bh::verb::post, "/api/v1/accounts", answer(200));
  RateLimitConfig cfg;
  cfg.anonymous = {3, 300};
  cfg.authenticated = {5, 300};
  cfg.failed_logins = {2, 300};
  cfg.sign_ups = {1, 1800};
  apply_rate_limits(router, cfg);

  auto r1 = call(router, bh::verb::get, "/api/v1/x", "10.0.0.1");
  EXPECT_EQ(r1.status, 200u);
  EXPECT_EQ(header(r1, "X-RateLimit-Limit"), "3");
  EXPECT_EQ(header(r1, "X-RateLimit-Remaining"), "2");
  auto reset = util::parse_datetime(header(r1, "X-RateLimit-Reset"));
  ASSERT_TRUE(reset);
  EXPECT_GT(*reset, util::now_ms());
  call(router, bh::verb::get, "/api/v1/x", "10.0.0.1");
  call(router, bh::verb::get, "/api/v1/x", "10.0.0.1");
  auto over = call(router, bh::verb::get, "/api/v1/x", "10.0.0.1");
  EXPECT_EQ(over.status, 429u);
  EXPECT_EQ(over.body, R"({"error":"Too many requests"})");
  EXPECT_EQ(header(over, "X-RateLimit-Remaining"), "0");
  // Other IPs and tokens have their own budgets; non-API routes carry no headers.
  EXPECT_EQ(call(router, bh::verb::get, "/api/v1/x", "10.0.0.2").status, 200u);
  auto tok = call(router, bh::verb::get, "/api/v1/x", "10.0.0.1", "sometoken");
  EXPECT_EQ(tok.status, 200u);
  EXPECT_EQ(header(tok, "X-RateLimit-Limit"), "5");
  auto health = call(router, bh::verb::get, "/health", "10.0.0.1");
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(header(health, "X-RateLimit-Limit"), "");

  // Failed logins: two allowed, then 429 before the handler runs.
  EXPECT_EQ(call(router, bh::verb::post, "/oauth/token", "10.0.0.3").status, 400u);
  EXPECT_EQ(call(router, bh::verb::post, "/oauth/token", "10.0.0.3").status, 400u);
  EXPECT_EQ(call(router, bh::verb::post, "/oauth/token", "10.0.0.3").status, 429u);

  // Sign-ups: one per window per IP.
  EXPECT_EQ(call(router, bh::verb::post, "/api/v1/accounts", "10.0.0.4").status, 200u);
  EXPECT_EQ(call(router, bh::verb::post, "/api/v1/accounts", "10.0.0.4").status, 429u);
}

TEST(RateLimit, InvalidTokensSpendTheIpBudget) {
  http::Router router;
  router.add(bh::verb::get, "/api/v1/x", answer(401));
  RateLimitConfig cfg;
  cfg.anonymous = {2, 300};
  apply_rate_limits(router, cfg);
  EXPECT_EQ(call(router, bh::verb::get, "/api/v1/x", "10.0.0.9", "random1").status, 401u);
  EXPECT_EQ(call(router, bh::verb::get, "/api/v1/x", "10.0.0.9", "random2").status, 401u);
  EXPECT_EQ(call(router, bh::verb::get, "/api/v1/x", "10.0.0.9", "random3").status, 429u);
}

TEST(RateLimit, DisabledLeavesRoutesAlone) {
  http::Router router;
  router.add(bh::verb::get, "/api/v1/x", answer(200));
  RateLimitConfig cfg;
  cfg.enabled = false;
  cfg.anonymous = {1, 300};
  apply_rate_limits(router, cfg);
  for (int i = 0; i < 5; ++i) {
    auto r = call(router, bh::verb::get, "/api/v1/x", "10.0.0.1");
    EXPECT_EQ(r.status, 200u);
    EXPECT_TRUE(r.headers.empty());
  }
}

}  // namespace
}  // namespace parloir::api
