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
    // The account security pages: each POST needs the password or a signed form token.
    {bh::verb::get, "/auth/edit"},
    {bh::verb::post, "/auth/edit"},
    {bh::verb::get, "/oauth/authorized_applications"},
    {bh::verb::post, "/oauth/authorized_applications"},
    {bh::verb::post, "/oauth/authorized_applications/:id"},
    // The web app's shell and hashed assets (api/web/app.h): it signs in through OAuth and reads
    // nothing but the API. The router's fallback (root files, app routes) is public too.
    {bh::verb::get, "/"},
    {bh::verb::get, "/assets/:file"},
    // Media files: capability URLs, checked by the route itself (services/media_urls.h).
    {bh::verb::get, "/system/:a/:b/:name"},
    // ActivityPub inboxes: every request is signature-checked and domain-gated by federation.
    {bh::verb::post, "/inbox"},
    {bh::verb::post, "/users/:username/inbox"},
    // The instance actor: peers fetch its key to verify our signed requests.
    {bh::verb::get, "/actor"},
};

// ActivityPub documents a peer may fetch with an HTTP signature: a private instance forces
// authorized fetch on, so federation verifies the signature (and the domain) itself.
constexpr std::string_view kSignedFetchRoutes[] = {
    "/.well-known/webfinger",        "/users/:username",           "/users/:username/statuses/:id",
    "/users/:username/followers",    "/users/:username/following", "/users/:username/outbox",
    "/users/:username/collections/featured",
};

bool signed_fetch_route(bh::verb method, std::string_view pattern) {
  if (method != bh::verb::get) return false;
  for (auto p : kSignedFetchRoutes)
    if (p == pattern) return true;
  return false;
}

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
    if (signed_fetch_route(route.method, route.pattern))
      return [e, inner = route.handler](Request& req) {
        return req.header("Signature").empty() ? guarded(*e, inner, req) : inner(req);
      };
    return [e, inner = route.handler](Request& req) { return guarded(*e, inner, req); };
  });
}

}  // namespace parloir::api
