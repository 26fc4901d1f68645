// Parloir's admin API for instance rules (Mastodon manages them in its web admin only):
// GET/POST /api/v1/admin/rules, GET/PUT/DELETE /api/v1/admin/rules/:id. Needs the manage_rules
// permission (owner and admin) and the admin:read / admin:write scopes. Entities: Mastodon's
// Rule {id, text, hint} plus priority, created_at, updated_at (docs/api-coverage.md).
#include <charconv>

#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/routes.h"
#include "api/serializers/admin.h"
#include "services/rules.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

// text, hint, priority as given; false (with `error`) when priority is not an integer.
bool read_input(const Request& req, services::RuleInput& in, std::string& error) {
  if (auto t = req.param("text")) in.text = std::string(*t);
  if (auto h = req.param("hint")) in.hint = std::string(*h);
  if (auto p = req.param("priority"); p && !p->empty()) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(p->data(), p->data() + p->size(), v);
    if (ec != std::errc() || end != p->data() + p->size() || v < -1000000 || v > 1000000) {
      error = "Validation failed: Priority is not a number";
      return false;
    }
    in.priority = v;
  }
  return true;
}

Response rule_response(const core::Rule& r) {
  JsonOut o;
  write_rule(o, r, true);
  return Response::json(o.take());
}

awaitable<Response> list(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:read", core::Permission::manage_rules);
  if (!ctx) co_return error_response(ctx.error());
  auto rules = co_await env.pool.run([&] { return services::list_rules(env.deps); });
  if (!rules) co_return error_response(rules.error());
  JsonOut o;
  o.begin_array();
  for (const auto& r : *rules) write_rule(o, r, true);
  o.end_array();
  co_return Response::json(o.take());
}

awaitable<Response> show(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:read", core::Permission::manage_rules);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  auto rule = co_await env.pool.run([&] { return services::get_rule(env.deps, *id); });
  if (!rule) co_return error_response(rule.error());
  co_return rule_response(*rule);
}

awaitable<Response> create(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:write", core::Permission::manage_rules);
  if (!ctx) co_return error_response(ctx.error());
  services::RuleInput in;
  std::string error;
  if (!read_input(req, in, error)) co_return Response::error(422, error);
  if (!in.text) in.text = std::string();
  services::Actor actor = ctx->user->account.id;
  auto rule = co_await env.pool.run([&] { return services::create_rule(env.deps, actor, in); });
  if (!rule) co_return error_response(rule.error());
  co_return rule_response(*rule);
}

awaitable<Response> update(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:write", core::Permission::manage_rules);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::RuleInput in;
  std::string error;
  if (!read_input(req, in, error)) co_return Response::error(422, error);
  services::Actor actor = ctx->user->account.id;
  auto rule = co_await env.pool.run([&] { return services::update_rule(env.deps, actor, *id, in); });
  if (!rule) co_return error_response(rule.error());
  co_return rule_response(*rule);
}

awaitable<Response> remove(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:write", core::Permission::manage_rules);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::Actor actor = ctx->user->account.id;
  auto st = co_await env.pool.run([&] { return services::delete_rule(env.deps, actor, *id); });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

}  // namespace

void register_admin_rule_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/admin/rules", [e](Request& r) { return list(*e, r); });
  router.add(bh::verb::post, "/api/v1/admin/rules", [e](Request& r) { return create(*e, r); });
  router.add(bh::verb::get, "/api/v1/admin/rules/:id", [e](Request& r) { return show(*e, r); });
  router.add(bh::verb::put, "/api/v1/admin/rules/:id", [e](Request& r) { return update(*e, r); });
  router.add(bh::verb::patch, "/api/v1/admin/rules/:id", [e](Request& r) { return update(*e, r); });
  router.add(bh::verb::delete_, "/api/v1/admin/rules/:id", [e](Request& r) { return remove(*e, r); });
}

}  // namespace parloir::api
