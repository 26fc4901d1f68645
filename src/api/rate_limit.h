// Rate limiting of the API, with Mastodon's throttles and headers (mastodon-api.md §6.8,
// security.md "Rate limits"): fixed-window counters kept in memory, applied to every route by
// wrapping its handler at registration (register_routes → apply_rate_limits).
//
//   general   every /api/ request: per token (authenticated, 300 / 5 min) or per IP
//             (anonymous, 300 / 5 min). Its state is sent on every /api/ response as
//             X-RateLimit-Limit / -Remaining / -Reset (ISO 8601, the end of the window).
//   sign_ups  POST /api/v1/accounts per IP (5 / 30 min)
//   media     POST /api/v1/media, /api/v2/media per token (30 / 30 min)
//   deletes   DELETE /api/v1/statuses/:id and POST …/unreblog per token (30 / 30 min)
//   logins    failed POST /oauth/token, /oauth/authorize and the account security pages
//             (/auth/edit, /oauth/authorized_applications[/:id]; answered 400/401) per IP
//             (25 / 5 min); once over, every such request gets 429 until the window ends.
// A request over any limit gets 429 {"error":"Too many requests"} with that throttle's headers.
// Requests with a bearer token that turns out invalid (401) also count against the IP's
// anonymous budget, and when it is spent they get 429 before the token is looked up, so random
// tokens cannot buy fresh budgets. IPv6 clients are grouped by /64 (as Mastodon does).
#pragma once

#include <utility>  // why: boost/asio/awaitable.hpp uses std::exchange without it (g++ 12)

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/router.h"

namespace parloir::api {

struct RateLimitRule {
  std::int64_t limit = 300;
  std::int64_t period_s = 300;
};

struct RateLimitConfig {
  bool enabled = true;
  RateLimitRule authenticated{300, 300};
  RateLimitRule anonymous{300, 300};
  RateLimitRule sign_ups{5, 1800};
  RateLimitRule media{30, 1800};
  RateLimitRule deletes{30, 1800};
  RateLimitRule failed_logins{25, 300};
  std::size_t max_entries = 200000;  // counters kept in memory, all throttles together
};

// The state of one counter after a hit (or a peek).
struct RateLimitState {
  bool allowed = true;        // count ≤ limit
  std::int64_t limit = 0;
  std::int64_t remaining = 0;  // max(0, limit - count)
  std::int64_t reset_ms = 0;   // end of the current window (unix ms)
};

// Fixed-window counters keyed by string, windows aligned on multiples of the period since the
// epoch (as Rack::Attack). Sharded: each shard has its own mutex and map, at most
// max_entries / shards keys; expired windows are swept from a shard at most once a minute, and
// when a shard is still full the oldest window is evicted (memory stays bounded whatever the
// number of clients). Thread-safe.
class RateLimiter {
 public:
  explicit RateLimiter(std::size_t max_entries = 200000, std::size_t shards = 16);

  // Counts one request on `key` under `rule` at `now_ms` and returns the state after it.
  RateLimitState hit(std::string_view key, const RateLimitRule& rule, std::int64_t now_ms);
  // The state without counting (allowed = the next hit would still be allowed).
  RateLimitState peek(std::string_view key, const RateLimitRule& rule, std::int64_t now_ms);
  // Number of live counters (tests).
  std::size_t size();

 private:
  struct Entry {
    std::int64_t window_end_ms = 0;
    std::int64_t count = 0;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Entry> map;  // guarded by mu
    std::int64_t last_sweep_ms = 0;              // guarded by mu
  };
  Shard& shard_for(std::string_view key);
  void make_room(Shard& s, std::int64_t now_ms);  // s.mu held

  std::vector<std::unique_ptr<Shard>> shards_;
  std::size_t per_shard_;
};

// What a route is subject to, from its method and pattern.
struct RateLimitClass {
  bool api = false;      // /api/…: the general limit and the headers
  bool sign_up = false;
  bool media = false;
  bool delete_ = false;
  bool login = false;
  bool any() const { return api || sign_up || media || delete_ || login; }
};
RateLimitClass classify_route(http::beast_http::verb method, std::string_view pattern);

// The counter key of a peer address: IPv4 as is (also when IPv4-mapped), IPv6 as its /64.
std::string ip_bucket(std::string_view remote_ip);

// The three headers for `state` (X-RateLimit-Reset as an ISO 8601 datetime).
void add_rate_limit_headers(http::Response& res, const RateLimitState& state);

// Wraps every route of `router` with the throttles above (nothing when !config.enabled).
// Call after all routes are registered; the limiter lives as long as the router's handlers.
void apply_rate_limits(http::Router& router, const RateLimitConfig& config);

}  // namespace parloir::api
