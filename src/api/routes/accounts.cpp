// Accounts: verify_credentials, sign-up (POST /api/v1/accounts), GET /api/v1/accounts/:id,
// GET /api/v1/accounts/lookup.
#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/routes.h"
#include "api/serializers/account.h"
#include "services/accounts.h"
#include "services/registrations.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

awaitable<Response> verify_credentials(const Env& env, Request& req) {
  auto ctx = co_await authenticate(env, req, "read:accounts", Need::user, "profile");
  if (!ctx) co_return error_response(ctx.error());
  JsonOut o;
  write_credential_account(o, env, ctx->user->account, ctx->user->user);
  co_return Response::json(o.take());
}

awaitable<Response> sign_up(const Env& env, Request& req) {
  auto ctx = co_await authenticate(env, req, "write:accounts", Need::any_token);
  if (!ctx) co_return error_response(ctx.error());
  services::SignUp in;
  in.username = std::string(req.param("username").value_or(""));
  in.email = std::string(req.param("email").value_or(""));
  in.password = std::string(req.param("password").value_or(""));
  bool invalid = false;
  in.agreement = req.param_bool("agreement", &invalid).value_or(false);
  in.locale = std::string(req.param("locale").value_or(""));
  in.reason = std::string(req.param("reason").value_or(""));
  auto caller = std::move(*ctx);
  auto issued = co_await env.pool.run([&] { return services::sign_up(env.deps, caller, in); });
  if (!issued) co_return error_response(issued.error());
  JsonOut o;
  o.begin_object();
  o.field("access_token", issued->access_token);
  o.field("token_type", "Bearer");
  o.field("scope", issued->scopes.to_string());
  o.field("created_at", issued->created_at / 1000);
  o.end_object();
  co_return Response::json(o.take());
}

awaitable<Response> show_account(const Env& env, Request& req) {
  auto viewer = co_await authenticate_optional(env, req);
  if (!viewer) co_return error_response(viewer.error());
  auto id = core::parse_id(req.path_param("id"));
  if (!id) co_return Response::error(404, "Record not found");
  auto account = co_await env.pool.run([&] { return services::find_account(env.deps, *id); });
  if (!account) co_return error_response(account.error());
  if (!*account || (*account)->suspended()) co_return Response::error(404, "Record not found");
  JsonOut o;
  write_account(o, env, **account);
  co_return Response::json(o.take());
}

awaitable<Response> lookup_account(const Env& env, Request& req) {
  auto viewer = co_await authenticate_optional(env, req);
  if (!viewer) co_return error_response(viewer.error());
  std::string acct(req.param("acct").value_or(""));
  if (!acct.empty() && acct.front() == '@') acct.erase(0, 1);
  auto at = acct.find('@');
  if (at != std::string::npos) {
    std::string domain = acct.substr(at + 1);
    if (domain != env.domain) co_return Response::error(404, "Record not found");
    acct.resize(at);
  }
  auto account =
      co_await env.pool.run([&] { return services::find_local_account_by_username(env.deps, acct); });
  if (!account) co_return error_response(account.error());
  if (!*account || (*account)->suspended()) co_return Response::error(404, "Record not found");
  JsonOut o;
  write_account(o, env, **account);
  co_return Response::json(o.take());
}

}  // namespace

void register_account_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/accounts/verify_credentials", [e](Request& r) { return verify_credentials(*e, r); });
  router.add(bh::verb::post, "/api/v1/accounts", [e](Request& r) { return sign_up(*e, r); });
  router.add(bh::verb::get, "/api/v1/accounts/lookup", [e](Request& r) { return lookup_account(*e, r); });
  router.add(bh::verb::get, "/api/v1/accounts/:id", [e](Request& r) { return show_account(*e, r); });
}

}  // namespace parloir::api
