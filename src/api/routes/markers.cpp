// Markers: GET /api/v1/markers?timeline[]=home&timeline[]=notifications and POST /api/v1/markers
// (form `home[last_read_id]=…` or JSON {"home":{"last_read_id":"…"}}, which the params layer
// flattens to the same keys). Both answer {timeline: Marker} with only the requested/saved keys.
#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/routes.h"
#include "services/markers.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

Response markers_response(const std::vector<core::Marker>& markers) {
  JsonOut o;
  o.begin_object();
  for (const auto& m : markers) {
    o.key(m.timeline).begin_object();
    o.field("last_read_id", core::id_string(m.last_read_id));
    o.field("version", m.version);
    o.field("updated_at", util::format_datetime(m.updated_at));
    o.end_object();
  }
  o.end_object();
  return Response::json(o.take());
}

awaitable<Response> get_markers(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  std::vector<std::string> timelines;
  for (auto t : req.param_all("timeline")) timelines.emplace_back(t);
  core::Id me = caller->user->account.id;
  auto markers = co_await env.pool.run([&] { return services::get_markers(env.deps, me, timelines); });
  if (!markers) co_return error_response(markers.error());
  co_return markers_response(*markers);
}

awaitable<Response> save_markers(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  std::vector<std::pair<std::string, core::Id>> positions;
  for (const char* timeline : {"home", "notifications"}) {
    auto v = req.param(std::string(timeline) + "[last_read_id]");
    if (!v) continue;
    auto id = core::parse_id(*v);
    if (!id) co_return Response::error(422, "Validation failed: Last read ID is not a valid ID");
    positions.emplace_back(timeline, *id);
  }
  if (positions.empty()) co_return Response::error(400, "param is missing or the value is empty: home or notifications");
  core::Id me = caller->user->account.id;
  auto saved = co_await env.pool.run([&] { return services::save_markers(env.deps, me, positions); });
  if (!saved) co_return error_response(saved.error());
  co_return markers_response(*saved);
}

}  // namespace

void register_marker_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/markers", [e](Request& r) { return get_markers(*e, r); });
  router.add(bh::verb::post, "/api/v1/markers", [e](Request& r) { return save_markers(*e, r); });
}

}  // namespace parloir::api
