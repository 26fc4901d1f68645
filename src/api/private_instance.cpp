#include "api/private_instance.h"

#include "api/auth.h"
#include "api/errors.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

struct PublicRoute {
  bh::verb method;
  std::string_view pattern;
};

constexpr PublicRoute kPublicRoutes[] = {
    {bh::verb::get, "/health"},
    {bh::verb::get, "/api/v1/instance"},
    {bh::verb::get, "/api/v2/instance"},
    {bh::verb::get, "/api/v1/instance/rules"},
    {bh::verb::get, "/instance/thumbnail.png"},
    {bh::verb::get, "/.well-known/nodeinfo"},
    {bh::verb::get, "/nodeinfo/2.0"},
    {bh::verb::get, "/nodeinfo/2.1"},
    {bh::verb::get, "/.well-known/oauth-authorization-server"},
    {bh::verb::get, "/oauth/authorize"},
    {bh::verb::post, "/oauth/authorize"},
    {bh::verb::post, "/oauth/token"},
    {bh::verb::post, "/oauth/revoke"},
    {bh::verb::post, "/api/v1/apps"},
    {bh::verb::get, "/api/v1/apps/verify_credentials"},
    {bh::verb::post, "/api/v1/accounts"},
    {bh::verb::get, "/auth/sign_up"},
    {bh::verb::post, "/auth/sign_up"},
    {bh::verb::get, "/invite/:code"},
    // The web app's shell and hashed assets (api/web/app.h): it signs in through OAuth and reads
    // nothing but the API. The router's fallback (root files, app routes) is public too.
    {bh::verb::get, "/"},
    {bh::verb::get, "/assets/:file"},
    // Media files: capability URLs, checked by the route itself (services/media_urls.h).
    {bh::verb::get, "/system/:a/:b/:name"},
    // ActivityPub inboxes: every request is signature-checked and domain-gated by federation.
    {bh::verb::post, "/inbox"},
    {bh::verb::post, "/users/:username/inbox"},
};

awaitable<Response> guarded(const Env& env, const http::Handler& inner, Request& req) {
  auto ctx = co_await authenticate(env, req, "", Need::user);
  if (!ctx) {
    if (ctx.error().code == util::ErrorCode::unprocessable || bearer_token(req).empty())
      co_return Response::error(401, "This API requires an authenticated user");
    co_return error_response(ctx.error());
  }
  co_return co_await inner(req);
}

}  // namespace

bool public_on_private_instance(bh::verb method, std::string_view pattern) {
  for (const auto& r : kPublicRoutes)
    if (r.method == method && r.pattern == pattern) return true;
  return false;
}

void apply_private_instance(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.wrap_handlers([e](const http::Route& route) -> http::Handler {
    if (public_on_private_instance(route.method, route.pattern)) return route.handler;
    return [e, inner = route.handler](Request& req) { return guarded(*e, inner, req); };
  });
}

}  // namespace parloir::api
