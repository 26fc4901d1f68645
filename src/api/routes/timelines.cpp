// Timelines: home, public (local/remote/only_media), tag; and the viewer's favourites and
// bookmarks lists.
#include "api/auth.h"
#include "api/errors.h"
#include "api/respond.h"
#include "api/routes.h"
#include "services/timelines.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

services::Viewer viewer_of(const std::optional<services::TokenContext>& c) {
  return services::Viewer{c && c->user ? std::optional(c->user->account.id) : std::nullopt};
}

awaitable<Response> home(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto page = parse_page(req, 20, 40);
  core::Id me = caller->user->account.id;
  std::vector<core::Filter> filters;
  auto views = co_await env.pool.run([&] {
    filters = viewer_filters(env, me);
    return services::home_timeline(env.deps, me, page);
  });
  if (!views) co_return error_response(views.error());
  auto opts = json_options(*caller);
  opts.filters = &filters;
  opts.filter_context = "home";
  co_return status_list(env, req, page, *views, opts);
}

awaitable<Response> public_timeline(const Env& env, Request& req) {
  auto caller = co_await authenticate_optional(env, req);
  if (!caller) co_return error_response(caller.error());
  bool bad = false;
  store::PublicFilter filter;
  filter.local = req.param_bool("local", &bad).value_or(false);
  filter.remote = req.param_bool("remote", &bad).value_or(false);
  filter.only_media = req.param_bool("only_media", &bad).value_or(false);
  auto page = parse_page(req, 20, 40);
  auto viewer = viewer_of(*caller);
  std::vector<core::Filter> filters;
  auto views = co_await env.pool.run([&] {
    filters = viewer_filters(env, *caller);
    return services::public_timeline(env.deps, viewer, filter, page);
  });
  if (!views) co_return error_response(views.error());
  auto opts = json_options(*caller);
  opts.filters = &filters;
  opts.filter_context = "public";
  co_return status_list(env, req, page, *views, opts);
}

awaitable<Response> tag_timeline(const Env& env, Request& req) {
  auto caller = co_await authenticate_optional(env, req);
  if (!caller) co_return error_response(caller.error());
  services::TagQuery q;
  q.any.push_back(std::string(req.path_param("tag")));
  for (auto t : req.param_all("any")) q.any.emplace_back(t);
  for (auto t : req.param_all("all")) q.all.emplace_back(t);
  for (auto t : req.param_all("none")) q.none.emplace_back(t);
  bool bad = false;
  q.local = req.param_bool("local", &bad).value_or(false);
  auto page = parse_page(req, 20, 40);
  auto viewer = viewer_of(*caller);
  std::vector<core::Filter> filters;
  auto views = co_await env.pool.run([&] {
    filters = viewer_filters(env, *caller);
    return services::tag_timeline(env.deps, viewer, q, page);
  });
  if (!views) co_return error_response(views.error());
  auto opts = json_options(*caller);
  opts.filters = &filters;
  opts.filter_context = "public";
  co_return status_list(env, req, page, *views, opts);
}

awaitable<Response> cursored(const Env& env, Request& req, bool favourites) {
  auto caller = co_await authenticate(env, req, favourites ? "read:favourites" : "read:bookmarks", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto page = parse_page(req, 20, 40);
  core::Id me = caller->user->account.id;
  auto result = co_await env.pool.run(
      [&] { return favourites ? services::favourites_of(env.deps, me, page) : services::bookmarks_of(env.deps, me, page); });
  if (!result) co_return error_response(result.error());
  co_return status_list(env, req, page, result->views, json_options(*caller), &result->cursors);
}

}  // namespace

void register_timeline_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/timelines/home", [e](Request& r) { return home(*e, r); });
  router.add(bh::verb::get, "/api/v1/timelines/public", [e](Request& r) { return public_timeline(*e, r); });
  router.add(bh::verb::get, "/api/v1/timelines/tag/:tag", [e](Request& r) { return tag_timeline(*e, r); });
  router.add(bh::verb::get, "/api/v1/favourites", [e](Request& r) { return cursored(*e, r, true); });
  router.add(bh::verb::get, "/api/v1/bookmarks", [e](Request& r) { return cursored(*e, r, false); });
}

}  // namespace parloir::api
