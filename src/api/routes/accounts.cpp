// Accounts: verify_credentials, sign-up (POST /api/v1/accounts), GET /api/v1/accounts/:id,
// GET /api/v1/accounts/lookup.
#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/respond.h"
#include "api/routes.h"
#include "api/serializers/account.h"
#include "services/accounts.h"
#include "services/profile.h"
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
  core::Id me = ctx->user->account.id;
  auto creds = co_await env.pool.run([&] { return services::load_credentials(env.deps, me); });
  if (!creds) co_return error_response(creds.error());
  JsonOut o;
  write_credential_account(o, env, creds->account, creds->user, creds->follow_requests_count);
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
  in.invite_code = std::string(req.param("invite_code").value_or(""));
  auto caller = std::move(*ctx);
  auto issued = co_await env.pool.run([&] { return services::sign_up(env.deps, caller, in); });
  if (!issued) co_return error_response(issued.error());
  co_return token_response(*issued);
}

awaitable<Response> show_account(const Env& env, Request& req) {
  auto viewer = co_await authenticate_optional(env, req);
  if (!viewer) co_return error_response(viewer.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  auto account = co_await env.pool.run([&] { return services::find_account(env.deps, *id); });
  if (!account) co_return error_response(account.error());
  if (!*account || (*account)->suspended()) co_return not_found();
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
    if (domain != env.domain) co_return not_found();
    acct.resize(at);
  }
  auto account =
      co_await env.pool.run([&] { return services::find_local_account_by_username(env.deps, acct); });
  if (!account) co_return error_response(account.error());
  if (!*account || (*account)->suspended()) co_return not_found();
  JsonOut o;
  write_account(o, env, **account);
  co_return Response::json(o.take());
}

awaitable<Response> update_credentials(const Env& env, Request& req) {
  auto ctx = co_await authenticate(env, req, "write:accounts", Need::user);
  if (!ctx) co_return error_response(ctx.error());
  services::ProfileUpdate u;
  auto text = [&](const char* key) -> std::optional<std::string> {
    auto v = req.param(key);
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
  };
  bool bad = false;
  u.display_name = text("display_name");
  u.note = text("note");
  u.locked = req.param_bool("locked", &bad);
  u.bot = req.param_bool("bot", &bad);
  u.discoverable = req.param_bool("discoverable", &bad);
  u.hide_collections = req.param_bool("hide_collections", &bad);
  u.indexable = req.param_bool("indexable", &bad);
  if (auto p = req.param("source[privacy]"); p && !p->empty()) {
    u.privacy = core::parse_visibility(*p);
    if (!u.privacy) co_return Response::error(422, "Validation failed: Privacy is not included in the list");
  }
  u.sensitive = req.param_bool("source[sensitive]", &bad);
  u.language = text("source[language]");
  // fields_attributes[N][name|value] (form, multipart and flattened JSON alike).
  std::vector<std::pair<std::string, std::string>> fields;
  bool any_field = false;
  for (int i = 0; i < 16; ++i) {
    std::string prefix = "fields_attributes[" + std::to_string(i) + "]";
    auto name = req.param(prefix + "[name]");
    auto value = req.param(prefix + "[value]");
    if (!name && !value) continue;
    any_field = true;
    fields.emplace_back(std::string(name.value_or("")), std::string(value.value_or("")));
  }
  if (any_field) u.fields = std::move(fields);
  if (bad) co_return Response::error(422, "Validation failed: a boolean parameter has an invalid value");
  for (const auto& f : req.files) {
    if (f.field == "avatar") u.avatar = f.data;
    if (f.field == "header") u.header = f.data;
  }
  const auto& me = *ctx->user;
  auto updated = co_await env.pool.run([&] { return services::update_profile(env.deps, me, u); });
  if (!updated) co_return error_response(updated.error());
  JsonOut o;
  write_credential_account(o, env, updated->account, updated->user);
  co_return Response::json(o.take());
}

awaitable<Response> preferences(const Env& env, Request& req) {
  auto ctx = co_await authenticate(env, req, "read:accounts", Need::user);
  if (!ctx) co_return error_response(ctx.error());
  const auto& u = ctx->user->user;
  JsonOut o;
  o.begin_object();
  o.field("posting:default:visibility", core::visibility_name(u.default_privacy));
  o.field("posting:default:sensitive", u.default_sensitive);
  o.key("posting:default:language").str_or_null(u.default_language);
  o.field("posting:default:quote_policy", "public");
  o.field("reading:expand:media", "default");
  o.field("reading:expand:spoilers", false);
  o.end_object();
  co_return Response::json(o.take());
}

// Collections this instance has none of yet, answered as Mastodon does when they are empty.
awaitable<Response> empty_list(const Env& env, Request& req, std::string_view scope) {
  auto ctx = co_await authenticate(env, req, scope, Need::user);
  if (!ctx) co_return error_response(ctx.error());
  co_return Response::json("[]");
}

}  // namespace

void register_account_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/accounts/verify_credentials", [e](Request& r) { return verify_credentials(*e, r); });
  router.add(bh::verb::post, "/api/v1/accounts", [e](Request& r) { return sign_up(*e, r); });
  router.add(bh::verb::patch, "/api/v1/accounts/update_credentials",
             [e](Request& r) { return update_credentials(*e, r); }, http::RouteOptions{env.media_body_limit});
  router.add(bh::verb::get, "/api/v1/preferences", [e](Request& r) { return preferences(*e, r); });
  router.add(bh::verb::get, "/api/v1/custom_emojis", [](Request&) -> awaitable<Response> { co_return Response::json("[]"); });
  router.add(bh::verb::get, "/api/v1/endorsements", [e](Request& r) { return empty_list(*e, r, "read:accounts"); });
  router.add(bh::verb::get, "/api/v1/featured_tags", [e](Request& r) { return empty_list(*e, r, "read:accounts"); });
  router.add(bh::verb::get, "/api/v1/accounts/:id/featured_tags",
             [](Request&) -> awaitable<Response> { co_return Response::json("[]"); });
  router.add(bh::verb::get, "/api/v1/accounts/:id/endorsements",
             [](Request&) -> awaitable<Response> { co_return Response::json("[]"); });
  router.add(bh::verb::get, "/api/v1/accounts/lookup", [e](Request& r) { return lookup_account(*e, r); });
  router.add(bh::verb::get, "/api/v1/accounts/:id", [e](Request& r) { return show_account(*e, r); });
}

}  // namespace parloir::api
