// Notifications: list (types[], exclude_types[], account_id, include_filtered, paging), show, dismiss, clear.
#include "api/auth.h"
#include "api/errors.h"
#include "api/respond.h"
#include "api/routes.h"
#include "services/notifications.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

awaitable<Response> list(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  store::NotificationFilter filter;
  for (auto t : req.param_all("types"))
    if (auto type = core::parse_notification_type(t)) filter.types.push_back(*type);
  for (auto t : req.param_all("exclude_types"))
    if (auto type = core::parse_notification_type(t)) filter.exclude_types.push_back(*type);
  // Only unknown types were asked for: nothing can match.
  if (!req.param_all("types").empty() && filter.types.empty()) co_return Response::json("[]");
  if (auto a = req.param("account_id"); a && !a->empty()) filter.from_account_id = core::parse_id(*a);
  filter.include_filtered = req.param_bool("include_filtered").value_or(false);  // notification requests
  auto page = parse_page(req, 40, 80);
  core::Id me = caller->user->account.id;
  std::vector<core::Filter> filters;
  auto views = co_await env.pool.run([&] {
    filters = viewer_filters(env, me);
    return services::list_notifications(env.deps, me, filter, page);
  });
  if (!views) co_return error_response(views.error());
  auto opts = json_options(*caller);
  opts.filters = &filters;
  opts.filter_context = "notifications";
  JsonOut o;
  o.begin_array();
  for (const auto& n : *views)
    if (!n.status || !hidden_by_filters(*n.status, opts)) write_notification(o, env, n, opts);
  o.end_array();
  Response r = Response::json(o.take());
  add_page_link(r, env, req, page, *views, [](const services::NotificationView& n) { return n.notification.id; });
  co_return r;
}

awaitable<Response> show(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  core::Id me = caller->user->account.id;
  auto n = co_await env.pool.run([&] { return services::get_notification(env.deps, me, *id); });
  if (!n) co_return error_response(n.error());
  JsonOut o;
  write_notification(o, env, *n, json_options(*caller));
  co_return Response::json(o.take());
}

awaitable<Response> dismiss(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  core::Id me = caller->user->account.id;
  auto st = co_await env.pool.run([&] { return services::dismiss_notification(env.deps, me, *id); });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

awaitable<Response> clear(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  core::Id me = caller->user->account.id;
  auto st = co_await env.pool.run([&] { return services::clear_notifications(env.deps, me); });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

}  // namespace

void register_notification_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/notifications", [e](Request& r) { return list(*e, r); });
  router.add(bh::verb::post, "/api/v1/notifications/clear", [e](Request& r) { return clear(*e, r); });
  router.add(bh::verb::get, "/api/v1/notifications/:id", [e](Request& r) { return show(*e, r); });
  router.add(bh::verb::post, "/api/v1/notifications/:id/dismiss", [e](Request& r) { return dismiss(*e, r); });
}

}  // namespace parloir::api
