// Search: GET /api/v2/search ({accounts, statuses, hashtags}, all three keys always) and
// GET /api/v1/accounts/search ([Account]). Offset paging; limit 20/40 (v2) and 40/80 (accounts).
#include <algorithm>
#include <cstdlib>

#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/respond.h"
#include "api/routes.h"
#include "api/serializers/account.h"
#include "services/search.h"
#include "util/strings.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

int clamp_limit(const Request& req, int default_limit, int max_limit) {
  auto l = req.param("limit");
  if (!l || l->empty()) return default_limit;
  long long n = std::llabs(std::atoll(std::string(*l).c_str()));
  if (n == 0) return default_limit;
  return static_cast<int>(std::min<long long>(n, max_limit));
}

// Reads q/limit/offset/following/account_id into `q`; an error response when they are unusable.
std::optional<Response> read_query(const Request& req, const std::optional<services::TokenContext>& caller,
                                   services::SearchQuery& q, int default_limit, int max_limit) {
  q.q = std::string(util::trim(req.param("q").value_or("")));
  if (q.q.empty()) return Response::error(400, "param is missing or the value is empty: q");
  q.limit = clamp_limit(req, default_limit, max_limit);
  if (auto o = req.param("offset"); o && !o->empty()) q.offset = std::max(0, std::atoi(std::string(*o).c_str()));
  bool bad = false;
  q.following = req.param_bool("following", &bad).value_or(false);
  const bool resolve = req.param_bool("resolve", &bad).value_or(false);
  q.resolve = resolve;
  if (auto a = req.param("account_id"); a && !a->empty()) {
    q.account_id = core::parse_id(*a);
    if (!q.account_id) return not_found();
  }
  const bool signed_in = caller && caller->user;
  // why: as Mastodon's SearchController, anonymous searchers may neither page nor resolve.
  if (!signed_in && q.offset > 0)
    return Response::error(401, "Search queries pagination is not supported without authentication");
  if (!signed_in && resolve)
    return Response::error(401, "Search queries that resolve remote resources are not supported without authentication");
  return std::nullopt;
}

services::Viewer viewer_of(const std::optional<services::TokenContext>& c) {
  return services::Viewer{c && c->user ? std::optional(c->user->account.id) : std::nullopt};
}

awaitable<Response> search_v2(const Env& env, Request& req) {
  auto caller = co_await authenticate_optional(env, req);
  if (!caller) co_return error_response(caller.error());
  if (*caller && !(*caller)->token.scopes.covers("read:search"))
    co_return Response::error(403, "This action is outside the authorized scopes");
  services::SearchQuery q;
  if (auto bad = read_query(req, *caller, q, 20, 40)) co_return std::move(*bad);
  q.type = std::string(req.param("type").value_or(""));
  auto viewer = viewer_of(*caller);
  auto found = co_await env.pool.run([&] { return services::search(env.deps, viewer, q); });
  if (!found) co_return error_response(found.error());
  auto options = json_options(*caller);
  JsonOut o;
  o.begin_object();
  o.key("accounts").begin_array();
  for (const auto& a : found->accounts) write_account(o, env, a);
  o.end_array();
  o.key("statuses").begin_array();
  for (const auto& v : found->statuses) write_status(o, env, v, options);
  o.end_array();
  o.key("hashtags").begin_array();
  for (const auto& t : found->hashtags) {
    o.begin_object();
    o.field("name", t);
    o.field("url", env.base_url + "/tags/" + util::url_encode(t));
    o.empty_array("history");
    o.end_object();
  }
  o.end_array();
  o.end_object();
  co_return Response::json(o.take());
}

awaitable<Response> search_accounts(const Env& env, Request& req) {
  auto caller = co_await authenticate_optional(env, req);
  if (!caller) co_return error_response(caller.error());
  if (*caller && !(*caller)->token.scopes.covers("read:accounts"))
    co_return Response::error(403, "This action is outside the authorized scopes");
  services::SearchQuery q;
  if (auto bad = read_query(req, *caller, q, 40, 80)) co_return std::move(*bad);
  auto viewer = viewer_of(*caller);
  auto found = co_await env.pool.run([&] { return services::search_accounts(env.deps, viewer, q); });
  if (!found) co_return error_response(found.error());
  JsonOut o;
  o.begin_array();
  for (const auto& a : *found) write_account(o, env, a);
  o.end_array();
  co_return Response::json(o.take());
}

}  // namespace

void register_search_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v2/search", [e](Request& r) { return search_v2(*e, r); });
  router.add(bh::verb::get, "/api/v1/accounts/search", [e](Request& r) { return search_accounts(*e, r); });
}

}  // namespace parloir::api
