// Parloir's admin API for instance rules (Mastodon manages them in its web admin only):
// GET/POST /api/v1/admin/rules, GET/PUT/DELETE /api/v1/admin/rules/:id. Needs the manage_rules
// permission (owner and admin) and the admin:read / admin:write scopes. Entities: Mastodon's
// Rule {id, text, hint} plus priority, created_at, updated_at (docs/api-coverage.md).
#include <charconv>

#include "api/json.h"
#include "api/routes.h"
#include "api/serializers/admin.h"
#include "api/staff.h"
#include "services/rules.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

// text, hint, priority as given; 422 when priority is not an integer.
util::Result<services::RuleInput> read_input(const Request& req) {
  services::RuleInput in;
  if (auto t = req.param("text")) in.text = std::string(*t);
  if (auto h = req.param("hint")) in.hint = std::string(*h);
  if (auto p = req.param("priority"); p && !p->empty()) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(p->data(), p->data() + p->size(), v);
    if (ec != std::errc() || end != p->data() + p->size() || v < -1000000 || v > 1000000)
      return util::fail(util::ErrorCode::unprocessable, "Validation failed: Priority is not a number");
    in.priority = v;
  }
  return in;
}

// read_input with the text required (empty when absent) for a new rule.
util::Result<services::RuleInput> read_new_rule(const Request& req) {
  auto in = read_input(req);
  if (in && !in->text) in->text = std::string();
  return in;
}

Response rule_response(const core::Rule& r) {
  JsonOut o;
  write_rule(o, r, true);
  return Response::json(o.take());
}

Response rule_list_response(const std::vector<core::Rule>& rules) {
  return json_array_response(rules, [](JsonOut& o, const core::Rule& r) { write_rule(o, r, true); });
}

constexpr StaffRoutes kRuleRoutes = staff_routes(core::Permission::manage_rules);

awaitable<Response> list(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kRuleRoutes.read_all, [&](const StaffCaller&) { return services::list_rules(env.deps); }, rule_list_response);
}

awaitable<Response> show(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kRuleRoutes.read_one, [&](const StaffCaller& c) { return services::get_rule(env.deps, c.id); }, rule_response);
}

awaitable<Response> create(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kRuleRoutes.write_new, read_new_rule,
      [&](const StaffCaller& c, const services::RuleInput& in) {
        return services::create_rule(env.deps, c.account_id, in);
      },
      rule_response);
}

awaitable<Response> update(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kRuleRoutes.write_one, read_input,
      [&](const StaffCaller& c, const services::RuleInput& in) {
        return services::update_rule(env.deps, c.account_id, c.id, in);
      },
      rule_response);
}

awaitable<Response> remove(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kRuleRoutes.write_one,
      [&](const StaffCaller& c) { return services::delete_rule(env.deps, c.account_id, c.id); }, empty_object);
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
