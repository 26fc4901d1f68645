// Parloir's admin API for the instance settings (Mastodon changes them in its web admin only):
// GET /api/v1/admin/settings (any staff role: view_dashboard, scope admin:read) and
// PATCH|PUT /api/v1/admin/settings (manage_settings: admins and the owner, scope admin:write).
// PATCH takes any subset of the keys of services/instance_settings.h as JSON or form fields and
// applies all of them or none (422 {"error"} names the first refused one). Both answer
// {title, short_description, description, contact_email, contact_account, registrations,
// default_language, languages, defaults: {the configuration's values}} (docs/api-coverage.md).
#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/routes.h"
#include "api/staff.h"
#include "services/instance_settings.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

void write_values(JsonOut& o, const services::InstanceSettingValues& v) {
  for (std::string_view key : services::instance_setting_keys()) o.field(key, *v.get(key));
}

Response settings_response(const Env& env, const services::InstanceSettingValues& v) {
  JsonOut o;
  o.begin_object();
  write_values(o, v);
  o.key("languages").begin_array();
  for (const auto& l : v.languages) o.str(l);
  o.end_array();
  o.key("defaults").begin_object();
  if (env.deps.instance_settings != nullptr) write_values(o, env.deps.instance_settings->defaults());
  o.end_object();
  o.end_object();
  return Response::json(o.take());
}

awaitable<Response> show(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:read", core::Permission::view_dashboard);
  if (!ctx) co_return error_response(ctx.error());
  co_return settings_response(env, *services::instance_settings(env.deps));
}

awaitable<Response> update(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, staff_routes(core::Permission::manage_settings).write_new,
      [&](const StaffCaller& c) { return services::update_instance_settings(env.deps, c.account_id, req.body.items()); },
      [&](const auto& updated) { return settings_response(env, *updated); });
}

}  // namespace

void register_admin_setting_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/admin/settings", [e](Request& r) { return show(*e, r); });
  router.add(bh::verb::patch, "/api/v1/admin/settings", [e](Request& r) { return update(*e, r); });
  router.add(bh::verb::put, "/api/v1/admin/settings", [e](Request& r) { return update(*e, r); });
}

}  // namespace parloir::api
