// Announcements: GET /api/v1/announcements (with_dismissed), dismiss, reactions (PUT/DELETE
// /api/v1/announcements/:id/reactions/:name), and Parloir's admin API in Mastodon style
// (/api/v1/admin/announcements: list, create, show, update, publish, unpublish, delete;
// admin only, scope admin:read / admin:write; docs/api-coverage.md).
#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/routes.h"
#include "api/serializers/admin.h"
#include "api/staff.h"
#include "services/announcements.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

awaitable<Response> list_announcements(const Env& env, Request& req) {
  auto ctx = co_await authenticate(env, req, "read", Need::user);
  if (!ctx) co_return error_response(ctx.error());
  bool invalid = false;
  bool with_dismissed = req.param_bool("with_dismissed", &invalid).value_or(false);
  core::Id me = ctx->user->account.id;
  auto list = co_await env.pool.run([&] { return services::active_announcements(env.deps, me, with_dismissed); });
  if (!list) co_return error_response(list.error());
  JsonOut o;
  o.begin_array();
  for (const auto& v : *list) write_announcement(o, v);
  o.end_array();
  co_return Response::json(o.take());
}

awaitable<Response> dismiss(const Env& env, Request& req) {
  auto ctx = co_await authenticate(env, req, "write:accounts", Need::user);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  core::Id me = ctx->user->account.id;
  auto st = co_await env.pool.run([&] { return services::dismiss_announcement(env.deps, me, *id); });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

awaitable<Response> reaction(const Env& env, Request& req, bool add) {
  auto ctx = co_await authenticate(env, req, "write:favourites", Need::user);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  std::string name(req.path_param("name"));
  core::Id me = ctx->user->account.id;
  auto st = co_await env.pool.run([&] {
    return add ? services::add_announcement_reaction(env.deps, me, *id, name)
               : services::remove_announcement_reaction(env.deps, me, *id, name);
  });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

// Reads text, starts_at, ends_at, all_day, published. A present but empty starts_at/ends_at
// clears it. 422 on a bad value.
util::Result<services::AnnouncementInput> read_input(const Request& req) {
  services::AnnouncementInput in;
  if (auto t = req.param("text")) in.text = std::string(*t);
  for (auto [key, slot] : {std::pair{"starts_at", &in.starts_at}, std::pair{"ends_at", &in.ends_at}}) {
    auto v = req.param(key);
    if (!v) continue;
    if (v->empty()) {
      *slot = std::optional<std::int64_t>{};
      continue;
    }
    auto t = util::parse_datetime(*v);
    if (!t)
      return util::fail(util::ErrorCode::unprocessable,
                        std::string("Validation failed: ") + key + " is not a valid datetime");
    *slot = std::optional<std::int64_t>(*t);
  }
  bool invalid = false;
  in.all_day = req.param_bool("all_day", &invalid);
  in.published = req.param_bool("published", &invalid);
  if (invalid)
    return util::fail(util::ErrorCode::unprocessable, "Validation failed: a boolean parameter has an invalid value");
  return in;
}

// read_input with the text required (empty when absent) for a new announcement.
util::Result<services::AnnouncementInput> read_new_announcement(const Request& req) {
  auto in = read_input(req);
  if (in && !in->text) in->text = std::string();
  return in;
}

Response admin_entity(const core::Announcement& a) {
  JsonOut o;
  write_announcement(o, core::AnnouncementView{a, false, {}}, true);
  return Response::json(o.take());
}

Response admin_entity_list(const std::vector<core::Announcement>& list) {
  return json_array_response(list, [](JsonOut& o, const core::Announcement& a) {
    write_announcement(o, core::AnnouncementView{a, false, {}}, true);
  });
}

constexpr StaffRoutes kAnnouncementRoutes = staff_routes(core::Permission::manage_announcements);

awaitable<Response> admin_list(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kAnnouncementRoutes.read_all, [&](const StaffCaller&) { return services::list_all_announcements(env.deps); },
      admin_entity_list);
}

awaitable<Response> admin_show(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kAnnouncementRoutes.read_one, [&](const StaffCaller& c) { return services::get_announcement(env.deps, c.id); },
      admin_entity);
}

awaitable<Response> admin_create(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kAnnouncementRoutes.write_new, read_new_announcement,
      [&](const StaffCaller& c, const services::AnnouncementInput& in) {
        return services::create_announcement(env.deps, c.account_id, in);
      },
      admin_entity);
}

// update (PUT, fields from the request), publish / unpublish (only `published`).
awaitable<Response> admin_update(const Env& env, Request& req, std::optional<bool> publish) {
  auto parse = [&](const Request& r) -> util::Result<services::AnnouncementInput> {
    if (!publish) return read_input(r);
    services::AnnouncementInput in;
    in.published = publish;
    return in;
  };
  co_return co_await staff_route(
      env, req, kAnnouncementRoutes.write_one, parse,
      [&](const StaffCaller& c, const services::AnnouncementInput& in) {
        return services::update_announcement(env.deps, c.account_id, c.id, in);
      },
      admin_entity);
}

awaitable<Response> admin_delete(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kAnnouncementRoutes.write_one,
      [&](const StaffCaller& c) { return services::delete_announcement(env.deps, c.account_id, c.id); },
      empty_object);
}

}  // namespace

void register_announcement_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/announcements", [e](Request& r) { return list_announcements(*e, r); });
  router.add(bh::verb::post, "/api/v1/announcements/:id/dismiss", [e](Request& r) { return dismiss(*e, r); });
  router.add(bh::verb::put, "/api/v1/announcements/:id/reactions/:name",
             [e](Request& r) { return reaction(*e, r, true); });
  router.add(bh::verb::delete_, "/api/v1/announcements/:id/reactions/:name",
             [e](Request& r) { return reaction(*e, r, false); });
  router.add(bh::verb::get, "/api/v1/admin/announcements", [e](Request& r) { return admin_list(*e, r); });
  router.add(bh::verb::post, "/api/v1/admin/announcements", [e](Request& r) { return admin_create(*e, r); });
  router.add(bh::verb::get, "/api/v1/admin/announcements/:id", [e](Request& r) { return admin_show(*e, r); });
  router.add(bh::verb::put, "/api/v1/admin/announcements/:id",
             [e](Request& r) { return admin_update(*e, r, std::nullopt); });
  router.add(bh::verb::post, "/api/v1/admin/announcements/:id/publish",
             [e](Request& r) { return admin_update(*e, r, true); });
  router.add(bh::verb::post, "/api/v1/admin/announcements/:id/unpublish",
             [e](Request& r) { return admin_update(*e, r, false); });
  router.add(bh::verb::delete_, "/api/v1/admin/announcements/:id", [e](Request& r) { return admin_delete(*e, r); });
}

}  // namespace parloir::api
