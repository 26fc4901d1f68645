#include "api/rate_limit.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>

#include "api/auth.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

constexpr std::int64_t kSweepEveryMs = 60'000;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

RateLimitState state_of(std::int64_t count, std::int64_t window_end_ms, const RateLimitRule& rule) {
  RateLimitState st;
  st.allowed = count <= rule.limit;
  st.limit = rule.limit;
  st.remaining = std::max<std::int64_t>(0, rule.limit - count);
  st.reset_ms = window_end_ms;
  return st;
}

std::int64_t window_end(std::int64_t now_ms, const RateLimitRule& rule) {
  const std::int64_t period_ms = std::max<std::int64_t>(1, rule.period_s) * 1000;
  return (now_ms / period_ms + 1) * period_ms;
}

// A short stable digest of a token, so raw tokens are not kept as map keys.
std::string token_bucket(std::string_view token) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016zx", std::hash<std::string_view>{}(token));
  return buf;
}

struct Limits {
  RateLimitConfig config;
  RateLimiter limiter;
  explicit Limits(const RateLimitConfig& c) : config(c), limiter(c.max_entries) {}
};

Response too_many(const RateLimitState& st) {
  Response r = Response::error(429, "Too many requests");
  add_rate_limit_headers(r, st);
  return r;
}

awaitable<Response> limited(Limits& limits, RateLimitClass cls, const http::Handler& inner, Request& req) {
  const auto& cfg = limits.config;
  auto& rl = limits.limiter;
  const std::int64_t now = util::now_ms();
  const std::string token = bearer_token(req);
  const std::string ip = ip_bucket(req.remote_ip);
  const std::string owner = token.empty() ? "ip:" + ip : "tk:" + token_bucket(token);

  std::optional<RateLimitState> general;
  std::optional<RateLimitState> reject;
  if (cls.login) {
    auto st = rl.peek("login:" + ip, cfg.failed_logins, now);
    if (!st.allowed) reject = st;
  }
  if (!reject && cls.api) {
    if (!token.empty()) {
      auto bad = rl.peek("badtoken:" + ip, cfg.anonymous, now);
      if (!bad.allowed) reject = bad;
    }
    if (!reject) {
      general = rl.hit("api:" + owner, token.empty() ? cfg.anonymous : cfg.authenticated, now);
      if (!general->allowed) reject = general;
    }
  }
  if (!reject && cls.sign_up) {
    auto st = rl.hit("signup:" + ip, cfg.sign_ups, now);
    if (!st.allowed) reject = st;
  }
  if (!reject && cls.media) {
    auto st = rl.hit("media:" + owner, cfg.media, now);
    if (!st.allowed) reject = st;
  }
  if (!reject && cls.delete_) {
    auto st = rl.hit("delete:" + owner, cfg.deletes, now);
    if (!st.allowed) reject = st;
  }
  if (reject) co_return too_many(*reject);

  Response res = co_await inner(req);

  if (cls.login && (res.status == 400 || res.status == 401)) (void)rl.hit("login:" + ip, cfg.failed_logins, now);
  if (cls.api && !token.empty() && res.status == 401) (void)rl.hit("badtoken:" + ip, cfg.anonymous, now);
  if (general) add_rate_limit_headers(res, *general);
  co_return res;
}

}  // namespace

// ---- RateLimiter ------------------------------------------------------------------------------

RateLimiter::RateLimiter(std::size_t max_entries, std::size_t shards) {
  shards = std::max<std::size_t>(1, shards);
  per_shard_ = std::max<std::size_t>(1, max_entries / shards);
  for (std::size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

RateLimiter::Shard& RateLimiter::shard_for(std::string_view key) {
  return *shards_[std::hash<std::string_view>{}(key) % shards_.size()];
}

void RateLimiter::make_room(Shard& s, std::int64_t now_ms) {
  if (now_ms - s.last_sweep_ms >= kSweepEveryMs || s.map.size() >= per_shard_) {
    s.last_sweep_ms = now_ms;
    std::erase_if(s.map, [now_ms](const auto& kv) { return kv.second.window_end_ms <= now_ms; });
  }
  if (s.map.size() < per_shard_) return;
  // Still full of live windows: evict the oldest eighth at once (amortised O(1) per insert).
  std::vector<std::int64_t> ends;
  ends.reserve(s.map.size());
  for (const auto& kv : s.map) ends.push_back(kv.second.window_end_ms);
  const std::size_t drop = std::max<std::size_t>(1, ends.size() / 8);
  std::nth_element(ends.begin(), ends.begin() + static_cast<std::ptrdiff_t>(drop - 1), ends.end());
  const std::int64_t cutoff = ends[drop - 1];
  std::size_t dropped = 0;
  for (auto it = s.map.begin(); it != s.map.end() && dropped < drop;) {
    if (it->second.window_end_ms <= cutoff) {
      it = s.map.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
}

RateLimitState RateLimiter::hit(std::string_view key, const RateLimitRule& rule, std::int64_t now_ms) {
  Shard& s = shard_for(key);
  const std::int64_t end = window_end(now_ms, rule);
  std::lock_guard lock(s.mu);
  auto it = s.map.find(std::string(key));
  if (it == s.map.end()) {
    make_room(s, now_ms);
    it = s.map.emplace(std::string(key), Entry{end, 0}).first;
  } else if (now_ms - s.last_sweep_ms >= kSweepEveryMs) {
    s.last_sweep_ms = now_ms;
    std::erase_if(s.map, [now_ms, &key](const auto& kv) { return kv.second.window_end_ms <= now_ms && kv.first != key; });
  }
  Entry& e = it->second;
  if (e.window_end_ms <= now_ms || e.window_end_ms != end) e = Entry{end, 0};
  if (e.count <= rule.limit) ++e.count;  // why: saturates, so a flood cannot overflow it
  else e.count = rule.limit + 1;
  return state_of(e.count, e.window_end_ms, rule);
}

RateLimitState RateLimiter::peek(std::string_view key, const RateLimitRule& rule, std::int64_t now_ms) {
  Shard& s = shard_for(key);
  const std::int64_t end = window_end(now_ms, rule);
  std::lock_guard lock(s.mu);
  auto it = s.map.find(std::string(key));
  std::int64_t count = (it == s.map.end() || it->second.window_end_ms != end) ? 0 : it->second.count;
  // The next hit would make it count + 1.
  auto st = state_of(count, end, rule);
  st.allowed = count + 1 <= rule.limit;
  return st;
}

std::size_t RateLimiter::size() {
  std::size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s->mu);
    n += s->map.size();
  }
  return n;
}

// ---- classification, keys, headers ------------------------------------------------------------

RateLimitClass classify_route(http::beast_http::verb method, std::string_view pattern) {
  RateLimitClass c;
  c.api = starts_with(pattern, "/api/");
  c.sign_up = method == bh::verb::post && (pattern == "/api/v1/accounts" || pattern == "/auth/sign_up");
  c.media = method == bh::verb::post && (pattern == "/api/v1/media" || pattern == "/api/v2/media");
  c.delete_ = (method == bh::verb::delete_ && pattern == "/api/v1/statuses/:id") ||
              (method == bh::verb::post && pattern == "/api/v1/statuses/:id/unreblog");
  c.login = method == bh::verb::post &&
            (pattern == "/oauth/token" || pattern == "/oauth/authorize" || pattern == "/auth/edit" ||
             pattern == "/oauth/authorized_applications" || pattern == "/oauth/authorized_applications/:id");
  return c;
}

std::string ip_bucket(std::string_view remote_ip) {
  std::string ip(remote_ip);
  unsigned char v6[16];
  if (ip.find(':') == std::string::npos || inet_pton(AF_INET6, ip.c_str(), v6) != 1) return ip;
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(v6, v6 + 12, kMapped)) {
    char v4[INET_ADDRSTRLEN];
    if (inet_ntop(AF_INET, v6 + 12, v4, sizeof v4)) return v4;
  }
  std::fill(v6 + 8, v6 + 16, 0);
  char out[INET6_ADDRSTRLEN];
  if (!inet_ntop(AF_INET6, v6, out, sizeof out)) return ip;
  return std::string(out) + "/64";
}

void add_rate_limit_headers(Response& res, const RateLimitState& state) {
  res.with_header("X-RateLimit-Limit", std::to_string(state.limit));
  res.with_header("X-RateLimit-Remaining", std::to_string(state.remaining));
  res.with_header("X-RateLimit-Reset", util::format_datetime(state.reset_ms));
}

void apply_rate_limits(http::Router& router, const RateLimitConfig& config) {
  if (!config.enabled) return;
  auto limits = std::make_shared<Limits>(config);
  router.wrap_handlers([limits](const http::Route& route) -> http::Handler {
    const RateLimitClass cls = classify_route(route.method, route.pattern);
    if (!cls.any()) return route.handler;
    return [limits, cls, inner = route.handler](Request& req) { return limited(*limits, cls, inner, req); };
  });
}

}  // namespace parloir::api
