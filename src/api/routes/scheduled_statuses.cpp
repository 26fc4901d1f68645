// Scheduled statuses: GET /api/v1/scheduled_statuses (paged), GET/PUT/DELETE
// /api/v1/scheduled_statuses/:id, and the scheduling half of POST /api/v1/statuses.
#include "api/auth.h"
#include "api/errors.h"
#include "api/pagination.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "api/serializers/scheduled_status.h"
#include "services/scheduled_statuses.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

std::optional<std::int64_t> parse_scheduled_at(std::string_view text) { return util::parse_datetime(text); }

awaitable<Response> create_scheduled_status(const Env& env, const services::TokenContext& caller,
                                            const services::PostStatusInput& in, std::string_view scheduled_at) {
  auto when = parse_scheduled_at(scheduled_at);
  if (!when) co_return Response::error(422, "Validation failed: Scheduled at is not a valid date");
  if (!caller.user) co_return Response::error(422, "This method requires an authenticated user");
  services::PostStatusInput input = in;
  input.application_id = caller.app.id;
  const auto& author = *caller.user;
  const std::int64_t at = *when;
  auto s = co_await env.pool.run([&] { return services::schedule_status(env.deps, author, input, at); });
  if (!s) co_return error_response(s.error());
  co_return scheduled_status_response(env, *s);
}

namespace {

awaitable<Response> list_scheduled(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto page = parse_page(req, 20, 40);
  const core::Id me = caller->user->account.id;
  auto items = co_await env.pool.run([&] { return services::list_scheduled_statuses(env.deps, me, page); });
  if (!items) co_return error_response(items.error());
  JsonOut o;
  o.begin_array();
  for (const auto& s : *items) write_scheduled_status(o, env, s);
  o.end_array();
  Response r = Response::json(o.take());
  if (!items->empty())
    add_link(r, link_header(env, req, page, items->size(), items->front().id, items->back().id));
  co_return r;
}

awaitable<Response> show_scheduled(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const core::Id me = caller->user->account.id;
  auto s = co_await env.pool.run([&] { return services::get_scheduled_status(env.deps, me, *id); });
  if (!s) co_return error_response(s.error());
  co_return scheduled_status_response(env, *s);
}

awaitable<Response> update_scheduled(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const core::Id me = caller->user->account.id;
  auto text = req.param("scheduled_at");
  if (!text || text->empty()) {
    // Nothing to change: answer the current state (Mastodon ignores an absent scheduled_at).
    auto s = co_await env.pool.run([&] { return services::get_scheduled_status(env.deps, me, *id); });
    if (!s) co_return error_response(s.error());
    co_return scheduled_status_response(env, *s);
  }
  auto when = parse_scheduled_at(*text);
  if (!when) co_return Response::error(422, "Validation failed: Scheduled at is not a valid date");
  const std::int64_t at = *when;
  auto s = co_await env.pool.run([&] { return services::reschedule_status(env.deps, me, *id, at); });
  if (!s) co_return error_response(s.error());
  co_return scheduled_status_response(env, *s);
}

awaitable<Response> delete_scheduled(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const core::Id me = caller->user->account.id;
  auto st = co_await env.pool.run([&] { return services::cancel_scheduled_status(env.deps, me, *id); });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

}  // namespace

void register_scheduled_status_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/scheduled_statuses", [e](Request& r) { return list_scheduled(*e, r); });
  router.add(bh::verb::get, "/api/v1/scheduled_statuses/:id", [e](Request& r) { return show_scheduled(*e, r); });
  router.add(bh::verb::put, "/api/v1/scheduled_statuses/:id", [e](Request& r) { return update_scheduled(*e, r); });
  router.add(bh::verb::delete_, "/api/v1/scheduled_statuses/:id", [e](Request& r) { return delete_scheduled(*e, r); });
}

}  // namespace parloir::api
