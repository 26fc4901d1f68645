// Lists: GET/POST /api/v1/lists, GET/PUT/DELETE /api/v1/lists/:id,
// GET/POST/DELETE /api/v1/lists/:id/accounts, GET /api/v1/accounts/:id/lists,
// GET /api/v1/timelines/list/:list_id. Lists are private to their owner (404 for anyone else).
#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/respond.h"
#include "api/routes.h"
#include "services/lists.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

void write_list(JsonOut& o, const core::List& l) {
  o.begin_object();
  o.field("id", core::id_string(l.id));
  o.field("title", l.title);
  o.field("replies_policy", core::replies_policy_name(l.replies_policy));
  o.field("exclusive", l.exclusive);
  o.end_object();
}

Response list_response(const core::List& l) {
  JsonOut o;
  write_list(o, l);
  return Response::json(o.take());
}

Response lists_response(const std::vector<core::List>& lists) {
  JsonOut o;
  o.begin_array();
  for (const auto& l : lists) write_list(o, l);
  o.end_array();
  return Response::json(o.take());
}

// Reads title / replies_policy / exclusive; an error response when one is malformed.
std::optional<Response> read_input(const Request& req, services::ListInput& in) {
  if (auto t = req.param("title")) in.title = std::string(*t);
  if (auto p = req.param("replies_policy"); p && !p->empty()) {
    in.replies_policy = core::parse_replies_policy(*p);
    if (!in.replies_policy)
      return Response::error(422, "Validation failed: Replies policy is not included in the list");
  }
  bool bad = false;
  in.exclusive = req.param_bool("exclusive", &bad);
  if (bad) return Response::error(422, "Validation failed: Exclusive is not a boolean");
  return std::nullopt;
}

awaitable<Response> index(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:lists", Need::user);
  if (!caller) co_return error_response(caller.error());
  core::Id me = caller->user->account.id;
  auto lists = co_await env.pool.run([&] { return services::lists_of(env.deps, me); });
  if (!lists) co_return error_response(lists.error());
  co_return lists_response(*lists);
}

awaitable<Response> create(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:lists", Need::user);
  if (!caller) co_return error_response(caller.error());
  services::ListInput in;
  if (auto bad = read_input(req, in)) co_return std::move(*bad);
  if (!in.title) co_return Response::error(400, "param is missing or the value is empty: title");
  core::Id me = caller->user->account.id;
  auto list = co_await env.pool.run([&] { return services::create_list(env.deps, me, in); });
  if (!list) co_return error_response(list.error());
  co_return list_response(*list);
}

awaitable<Response> show(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:lists", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  core::Id me = caller->user->account.id;
  auto list = co_await env.pool.run([&] { return services::get_list(env.deps, me, *id); });
  if (!list) co_return error_response(list.error());
  co_return list_response(*list);
}

awaitable<Response> update(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:lists", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::ListInput in;
  if (auto bad = read_input(req, in)) co_return std::move(*bad);
  core::Id me = caller->user->account.id;
  auto list = co_await env.pool.run([&] { return services::update_list(env.deps, me, *id, in); });
  if (!list) co_return error_response(list.error());
  co_return list_response(*list);
}

awaitable<Response> destroy(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:lists", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  core::Id me = caller->user->account.id;
  auto done = co_await env.pool.run([&] { return services::delete_list(env.deps, me, *id); });
  if (!done) co_return error_response(done.error());
  co_return Response::json("{}");
}

awaitable<Response> members(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:lists", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  auto page = parse_page(req, 40, 80);
  core::Id me = caller->user->account.id;
  auto accounts = co_await env.pool.run([&] { return services::list_members(env.deps, me, *id, page); });
  if (!accounts) co_return error_response(accounts.error());
  co_return account_list(env, req, page, *accounts);
}

awaitable<Response> change_members(const Env& env, Request& req, bool add) {
  auto caller = co_await authenticate(env, req, "write:lists", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  std::vector<core::Id> ids;
  for (auto v : req.param_all("account_ids")) {
    auto a = core::parse_id(v);
    if (!a) co_return not_found();
    ids.push_back(*a);
  }
  if (ids.empty()) co_return Response::error(400, "param is missing or the value is empty: account_ids");
  core::Id me = caller->user->account.id;
  auto done = co_await env.pool.run([&] {
    return add ? services::add_list_members(env.deps, me, *id, ids) : services::remove_list_members(env.deps, me, *id, ids);
  });
  if (!done) co_return error_response(done.error());
  co_return Response::json("{}");
}

awaitable<Response> account_lists(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:lists", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  core::Id me = caller->user->account.id;
  auto lists = co_await env.pool.run([&] { return services::lists_containing(env.deps, me, *id); });
  if (!lists) co_return error_response(lists.error());
  co_return lists_response(*lists);
}

awaitable<Response> timeline(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:lists", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = core::parse_id(req.path_param("list_id"));
  if (!id) co_return not_found();
  auto page = parse_page(req, 20, 40);
  core::Id me = caller->user->account.id;
  auto views = co_await env.pool.run([&] { return services::list_timeline(env.deps, me, *id, page); });
  if (!views) co_return error_response(views.error());
  co_return status_list(env, req, page, *views, json_options(*caller));
}

}  // namespace

void register_list_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/lists", [e](Request& r) { return index(*e, r); });
  router.add(bh::verb::post, "/api/v1/lists", [e](Request& r) { return create(*e, r); });
  router.add(bh::verb::get, "/api/v1/lists/:id", [e](Request& r) { return show(*e, r); });
  router.add(bh::verb::put, "/api/v1/lists/:id", [e](Request& r) { return update(*e, r); });
  router.add(bh::verb::delete_, "/api/v1/lists/:id", [e](Request& r) { return destroy(*e, r); });
  router.add(bh::verb::get, "/api/v1/lists/:id/accounts", [e](Request& r) { return members(*e, r); });
  router.add(bh::verb::post, "/api/v1/lists/:id/accounts", [e](Request& r) { return change_members(*e, r, true); });
  router.add(bh::verb::delete_, "/api/v1/lists/:id/accounts", [e](Request& r) { return change_members(*e, r, false); });
  router.add(bh::verb::get, "/api/v1/accounts/:id/lists", [e](Request& r) { return account_lists(*e, r); });
  router.add(bh::verb::get, "/api/v1/timelines/list/:list_id", [e](Request& r) { return timeline(*e, r); });
}

}  // namespace parloir::api
