// The Mastodon admin API for federation domain lists: /api/v1/admin/domain_blocks (list, show,
// create, update, delete) and /api/v1/admin/domain_allows (list, show, create, delete). Needs
// the manage_federation permission and the admin:read|write:domain_blocks|domain_allows scopes.
// Parloir has one block level — Mastodon's "suspend": nothing is exchanged — so a block answers
// with severity "suspend", and asking for "silence" or "noop" is refused (422) rather than
// silently treated as something else. A missing severity means suspend.
#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/routes.h"
#include "services/domain_policies.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;
using services::DomainListKind;

namespace {

const char* scope_for(DomainListKind kind, bool write) {
  if (kind == DomainListKind::allow) return write ? "admin:write:domain_allows" : "admin:read:domain_allows";
  return write ? "admin:write:domain_blocks" : "admin:read:domain_blocks";
}

void write_entry(JsonOut& o, DomainListKind kind, const services::DomainEntry& e) {
  o.begin_object();
  o.field("id", std::to_string(e.id)).field("domain", e.domain).field("created_at", util::format_datetime(e.created_at));
  if (kind == DomainListKind::block) {
    o.field("severity", std::string("suspend")).field("reject_media", true).field("reject_reports", true);
    o.key("private_comment").null().key("public_comment").null();
    o.field("obfuscate", false);
  }
  o.end_object();
}

// Only "suspend" (or nothing) is a block Parloir can carry out.
std::optional<util::Error> unsupported_severity(const Request& req) {
  auto severity = req.param("severity");
  if (!severity || severity->empty() || *severity == "suspend") return std::nullopt;
  return util::Error{util::ErrorCode::unprocessable,
                     "Validation failed: Severity is not supported here (only suspend: Parloir blocks a domain "
                     "entirely)",
                     {}};
}

awaitable<Response> list_entries(const Env& env, Request& req, DomainListKind kind) {
  auto ctx = co_await authenticate_staff(env, req, scope_for(kind, false), core::Permission::manage_federation);
  if (!ctx) co_return error_response(ctx.error());
  auto entries = co_await env.pool.run([&] { return services::list_domain_entries(env.deps, kind); });
  if (!entries) co_return error_response(entries.error());
  JsonOut o;
  o.begin_array();
  for (const auto& e : *entries) write_entry(o, kind, e);
  o.end_array();
  co_return Response::json(o.take());
}

awaitable<Response> show_entry(const Env& env, Request& req, DomainListKind kind) {
  auto ctx = co_await authenticate_staff(env, req, scope_for(kind, false), core::Permission::manage_federation);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  auto entry = co_await env.pool.run([&] { return services::get_domain_entry(env.deps, kind, *id); });
  if (!entry) co_return error_response(entry.error());
  JsonOut o;
  write_entry(o, kind, *entry);
  co_return Response::json(o.take());
}

awaitable<Response> create_entry(const Env& env, Request& req, DomainListKind kind) {
  auto ctx = co_await authenticate_staff(env, req, scope_for(kind, true), core::Permission::manage_federation);
  if (!ctx) co_return error_response(ctx.error());
  if (kind == DomainListKind::block) {
    if (auto bad = unsupported_severity(req)) co_return error_response(*bad);
  }
  std::string domain(req.param("domain").value_or(""));
  services::Actor actor = ctx->user->account.id;
  auto entry = co_await env.pool.run([&] { return services::add_domain_entry(env.deps, actor, kind, domain); });
  if (!entry) co_return error_response(entry.error());
  JsonOut o;
  write_entry(o, kind, *entry);
  co_return Response::json(o.take());
}

// PUT /api/v1/admin/domain_blocks/:id: the only setting a Parloir block has is its existence,
// so an update validates the severity and returns the entry unchanged.
awaitable<Response> update_block(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, scope_for(DomainListKind::block, true),
                                         core::Permission::manage_federation);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  if (auto bad = unsupported_severity(req)) co_return error_response(*bad);
  auto entry = co_await env.pool.run([&] { return services::get_domain_entry(env.deps, DomainListKind::block, *id); });
  if (!entry) co_return error_response(entry.error());
  JsonOut o;
  write_entry(o, DomainListKind::block, *entry);
  co_return Response::json(o.take());
}

awaitable<Response> delete_entry(const Env& env, Request& req, DomainListKind kind) {
  auto ctx = co_await authenticate_staff(env, req, scope_for(kind, true), core::Permission::manage_federation);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::Actor actor = ctx->user->account.id;
  auto st = co_await env.pool.run([&] { return services::remove_domain_entry(env.deps, actor, kind, *id); });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

}  // namespace

void register_admin_domain_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  const std::pair<const char*, DomainListKind> lists[] = {{"/api/v1/admin/domain_blocks", DomainListKind::block},
                                                          {"/api/v1/admin/domain_allows", DomainListKind::allow}};
  for (const auto& [base, kind] : lists) {
    DomainListKind k = kind;
    std::string path(base), item = std::string(base) + "/:id";
    router.add(bh::verb::get, path, [e, k](Request& r) { return list_entries(*e, r, k); });
    router.add(bh::verb::post, path, [e, k](Request& r) { return create_entry(*e, r, k); });
    router.add(bh::verb::get, item, [e, k](Request& r) { return show_entry(*e, r, k); });
    router.add(bh::verb::delete_, item, [e, k](Request& r) { return delete_entry(*e, r, k); });
  }
  router.add(bh::verb::put, "/api/v1/admin/domain_blocks/:id", [e](Request& r) { return update_block(*e, r); });
}

}  // namespace parloir::api
