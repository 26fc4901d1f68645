// OAuth 2 for Mastodon clients: POST /api/v1/apps, GET /api/v1/apps/verify_credentials,
// POST /oauth/token, POST /oauth/revoke. The sign-in and consent pages are in oauth_pages.cpp.
#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/respond.h"
#include "api/routes.h"
#include "services/oauth.h"
#include "util/strings.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

void write_application(JsonOut& o, const core::Application& app, bool with_credentials) {
  o.begin_object();
  o.field("id", core::id_string(app.id));
  o.field("name", app.name);
  o.key("website").str_or_null(app.website);
  o.key("scopes").begin_array();
  for (const auto& s : app.scopes.items()) o.str(s);
  o.end_array();
  o.key("redirect_uris").begin_array();
  for (const auto& u : app.redirect_uris) o.str(u);
  o.end_array();
  o.field("redirect_uri", util::join(app.redirect_uris, "\n"));
  if (with_credentials) {
    o.field("client_id", app.client_id);
    o.field("client_secret", app.client_secret);
    o.field("client_secret_expires_at", 0);
  }
  o.end_object();
}

Response oauth_failure(const services::OAuthFailure& f) {
  unsigned status = f.error == "invalid_client" ? 401 : f.error == "server_error" ? 500 : 400;
  return Response::oauth_error(status, f.error, f.description);
}

awaitable<Response> create_app(const Env& env, Request& req) {
  services::NewApplication in;
  in.name = std::string(req.param("client_name").value_or(""));
  in.website = std::string(req.param("website").value_or(""));
  in.scopes = std::string(req.param("scopes").value_or(""));
  // redirect_uris: one string (maybe newline/space separated), or an array.
  for (auto v : req.param_all("redirect_uris"))
    for (auto& u : util::split_whitespace(v)) in.redirect_uris.push_back(u);
  if (in.name.empty()) co_return Response::error(422, "Validation failed: Application name can't be blank");
  auto app = co_await env.pool.run([&] { return services::register_application(env.deps, in); });
  if (!app) co_return error_response(app.error());
  JsonOut o;
  write_application(o, *app, true);
  co_return Response::json(o.take());
}

awaitable<Response> verify_app(const Env& env, Request& req) {
  auto ctx = co_await authenticate(env, req, "", Need::any_token);
  if (!ctx) co_return error_response(ctx.error());
  JsonOut o;
  write_application(o, ctx->app, false);
  co_return Response::json(o.take());
}

// Client credentials from HTTP Basic (RFC 6749 §2.3.1) or the body.
void client_credentials(const Request& req, std::string& id, std::string& secret) {
  id = std::string(req.param("client_id").value_or(""));
  secret = std::string(req.param("client_secret").value_or(""));
  std::string_view auth = req.header("Authorization");
  if (auth.size() > 6 && util::to_lower(auth.substr(0, 6)) == "basic ") {
    if (auto decoded = util::base64_decode(util::trim(auth.substr(6)))) {
      auto colon = decoded->find(':');
      if (colon != std::string::npos) {
        id = util::url_decode(decoded->substr(0, colon));
        secret = util::url_decode(decoded->substr(colon + 1));
      }
    }
  }
}

awaitable<Response> token(const Env& env, Request& req) {
  services::TokenRequest in;
  client_credentials(req, in.client_id, in.client_secret);
  in.grant_type = std::string(req.param("grant_type").value_or(""));
  in.code = std::string(req.param("code").value_or(""));
  in.redirect_uri = std::string(req.param("redirect_uri").value_or(""));
  in.code_verifier = std::string(req.param("code_verifier").value_or(""));
  in.scope = std::string(req.param("scope").value_or(req.param("scopes").value_or("")));
  in.username = std::string(req.param("username").value_or(""));
  in.password = std::string(req.param("password").value_or(""));
  auto issued = co_await env.pool.run([&] { return services::grant_token(env.deps, in); });
  if (!issued) co_return oauth_failure(issued.error());
  co_return token_response(*issued);
}

awaitable<Response> revoke(const Env& env, Request& req) {
  std::string id, secret;
  client_credentials(req, id, secret);
  std::string tok(req.param("token").value_or(""));
  auto done = co_await env.pool.run([&] { return services::revoke_token(env.deps, id, secret, tok); });
  if (!done) co_return oauth_failure(done.error());
  co_return Response::json("{}");
}

}  // namespace

void register_oauth_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::post, "/api/v1/apps", [e](Request& r) { return create_app(*e, r); });
  router.add(bh::verb::get, "/api/v1/apps/verify_credentials", [e](Request& r) { return verify_app(*e, r); });
  router.add(bh::verb::post, "/oauth/token", [e](Request& r) { return token(*e, r); });
  router.add(bh::verb::post, "/oauth/revoke", [e](Request& r) { return revoke(*e, r); });
}

}  // namespace parloir::api
