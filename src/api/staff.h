// One staff-only admin route end to end, so each handler says only what differs: which scope and
// permission it needs, how it reads its input, which service it calls and how it renders the result.
//
//   awaitable<Response> show(const Env& env, Request& req) {
//     co_return co_await staff_route(env, req, staff_routes(core::Permission::manage_rules).read_one,
//         [&](const StaffCaller& c) { return services::get_rule(env.deps, c.id); }, rule_response);
//   }
//
// Lambdas passed inside `co_await` must capture by reference only (g++ 12 coroutine bug, see
// http/blocking_pool.h).
#pragma once

#include <utility>  // why: boost/asio/awaitable.hpp uses std::exchange without it (g++ 12)

#include <string_view>
#include <type_traits>

#include <boost/asio/awaitable.hpp>

#include "api/auth.h"
#include "api/env.h"
#include "api/errors.h"
#include "api/json.h"
#include "core/roles.h"
#include "http/request.h"
#include "services/oauth.h"
#include "util/result.h"

namespace parloir::api {

inline constexpr bool with_path_id = true;

// What a staff-only route requires of its caller.
struct StaffRoute {
  std::string_view scope;       // OAuth scope, e.g. "admin:read" / "admin:write"
  core::Permission permission;  // the caller's role must hold it (core/roles.h)
  bool path_id = false;         // the route has an `:id` path parameter (use `with_path_id`)
};

// The four usual routes of a staff resource needing `permission`: admin:read on the list and on
// one entity (`:id`), admin:write on create and on one entity (update, delete).
struct StaffRoutes {
  StaffRoute read_all, read_one, write_new, write_one;
};
constexpr StaffRoutes staff_routes(core::Permission permission) {
  return {{"admin:read", permission},
          {"admin:read", permission, with_path_id},
          {"admin:write", permission},
          {"admin:write", permission, with_path_id}};
}

// A caller who passed a StaffRoute's checks.
struct StaffCaller {
  services::TokenContext ctx;  // always has a user (Need::user)
  core::Id account_id = 0;     // the caller's account: the actor written to the audit log
  core::Id id = 0;             // the `:id` path parameter; 0 unless StaffRoute::path_id
};

// authenticate_staff(route.scope, route.permission) — 401 / 403 / 422 as it answers — then, when
// route.path_id, the `:id` path parameter: not_found ("Record not found") when it is not an id.
// Runs the token lookup on the blocking pool.
boost::asio::awaitable<util::Result<StaffCaller>> staff_caller(const Env& env, const http::Request& req,
                                                               const StaffRoute& route);

// 200 `{}`: the answer of a staff route whose work returns util::Status (deletes).
http::Response empty_object(const util::Status&);

// 200 with the JSON array of `items`, each written by `write(o, item)`.
template <class Items, class Write>
http::Response json_array_response(const Items& items, Write write) {
  JsonOut o;
  o.begin_array();
  for (const auto& item : items) write(o, item);
  o.end_array();
  return http::Response::json(o.take());
}

// Renders `result` (util::Result<T> or util::Status) with `render(value)` (`render(status)` for
// util::Status), or answers error_response(error).
template <class R, class Render>
http::Response render_result(const R& result, Render& render) {
  if (!result) return error_response(result.error());
  if constexpr (std::is_void_v<typename R::value_type>) {
    return render(result);
  } else {
    return render(*result);
  }
}

// staff_caller(route) → `work(caller)` on the blocking pool → render_result(result, render).
// `work` returns util::Result<T> or util::Status; any error answers through error_response.
template <class Work, class Render>
boost::asio::awaitable<http::Response> staff_route(const Env& env, http::Request& req, StaffRoute route, Work work,
                                                   Render render) {
  auto caller = co_await staff_caller(env, req, route);
  if (!caller) co_return error_response(caller.error());
  auto result = co_await env.pool.run([&] { return work(*caller); });
  co_return render_result(result, render);
}

// The same with input read from the request on the I/O thread, after the caller's checks and
// before the pool: `parse(req)` returns util::Result<Input> (an error answers at once, e.g. 422),
// then `work(caller, input)` runs on the pool.
template <class Parse, class Work, class Render>
boost::asio::awaitable<http::Response> staff_route(const Env& env, http::Request& req, StaffRoute route, Parse parse,
                                                   Work work, Render render) {
  auto caller = co_await staff_caller(env, req, route);
  if (!caller) co_return error_response(caller.error());
  auto input = parse(std::as_const(req));
  if (!input) co_return error_response(input.error());
  auto result = co_await env.pool.run([&] { return work(*caller, *input); });
  co_return render_result(result, render);
}

}  // namespace parloir::api
