#include "api/auth.h"


namespace parloir::api {

using util::ErrorCode;
using util::fail;

std::string bearer_token(const http::Request& req) {
  std::string_view h = req.header("Authorization");
  if (h.size() > 7 && (h.substr(0, 7) == "Bearer " || h.substr(0, 7) == "bearer ")) {
    std::string_view t = h.substr(7);
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    return std::string(t);
  }
  if (auto q = req.query.get("access_token")) return std::string(*q);
  return {};
}

boost::asio::awaitable<util::Result<services::TokenContext>> authenticate(const Env& env, const http::Request& req,
                                                                         std::string_view scope, Need need,
                                                                         std::string_view alt_scope) {
  std::string token = bearer_token(req);
  if (token.empty()) co_return fail(ErrorCode::unauthorized, "The access token is invalid");
  util::Result<services::TokenContext> ctx = fail(ErrorCode::unauthorized, "The access token is invalid");
  if (auto cached = services::cached_bearer(env.deps, token))
    ctx = std::move(*cached);
  else
    ctx = co_await env.pool.run([&] { return services::authenticate_bearer(env.deps, token); });
  if (!ctx) co_return fail(ctx.error());
  if (!scope.empty()) {
    bool ok = ctx->token.scopes.covers(scope) || (!alt_scope.empty() && ctx->token.scopes.covers(alt_scope));
    if (!ok) co_return fail(ErrorCode::forbidden, "This action is outside the authorized scopes");
  }
  if (need == Need::user && !ctx->user)
    co_return fail(ErrorCode::unprocessable, "This method requires an authenticated user");
  co_return std::move(*ctx);
}

boost::asio::awaitable<util::Result<std::optional<services::TokenContext>>> authenticate_optional(
    const Env& env, const http::Request& req) {
  std::string token = bearer_token(req);
  if (token.empty()) co_return std::optional<services::TokenContext>{};
  if (auto cached = services::cached_bearer(env.deps, token)) co_return std::move(cached);
  auto ctx = co_await env.pool.run([&] { return services::authenticate_bearer(env.deps, token); });
  if (!ctx) co_return fail(ctx.error());
  co_return std::optional<services::TokenContext>(std::move(*ctx));
}

boost::asio::awaitable<util::Result<services::TokenContext>> authenticate_staff(const Env& env, const http::Request& req,
                                                                               std::string_view scope,
                                                                               core::Permission need) {
  auto ctx = co_await authenticate(env, req, scope, Need::user);
  if (!ctx) co_return ctx;
  if (!core::role_can(ctx->user->user.role, need)) co_return fail(ErrorCode::forbidden, "This action is not allowed");
  co_return ctx;
}

boost::asio::awaitable<util::Result<services::TokenContext>> authenticate_staff(const Env& env, const http::Request& req,
                                                                               std::string_view scope, Staff need) {
  return authenticate_staff(env, req, scope,
                            need == Staff::moderator ? core::Permission::view_dashboard : core::Permission::manage_settings);
}

}  // namespace parloir::api
