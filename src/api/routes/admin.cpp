// The Mastodon admin API: accounts (list v1/v2, show, approve, reject, action, enable,
// unsilence, unsuspend, unsensitive), reports (list, show, assign, unassign, resolve, reopen),
// email-domain blocks (list, show, create, delete; admins), and Parloir's own: invites (/api/v1/admin/invites) and the audit log
// (/api/v1/admin/audit_log), roles (/api/v1/admin/roles, /api/v1/admin/accounts/:id/role).
// Each route requires one permission of the caller's role (core/roles.h: manage_users,
// manage_reports, view_audit_log, manage_invites, manage_blocks, manage_roles) and the
// admin:read / admin:write scopes.
#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/pagination.h"
#include "api/routes.h"
#include "api/serializers/account.h"
#include "api/serializers/admin.h"
#include "api/staff.h"
#include "services/moderation.h"
#include "services/registrations.h"
#include "services/rules.h"
#include "util/strings.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

std::optional<store::ModerationStatus> parse_status(std::string_view s) {
  if (s.empty()) return store::ModerationStatus::any;
  if (s == "active") return store::ModerationStatus::active;
  if (s == "pending") return store::ModerationStatus::pending;
  if (s == "disabled") return store::ModerationStatus::disabled;
  if (s == "silenced") return store::ModerationStatus::silenced;
  if (s == "suspended") return store::ModerationStatus::suspended;
  return std::nullopt;
}

Response account_list_response(const Env& env, const Request& req, const core::PageRequest& page,
                               const std::vector<services::AdminAccount>& accounts) {
  JsonOut o;
  o.begin_array();
  for (const auto& a : accounts) write_admin_account(o, env, a);
  o.end_array();
  auto r = Response::json(o.take());
  add_page_link(r, env, req, page, accounts, [](const services::AdminAccount& a) { return a.login.account.id; });
  return r;
}

// v1: booleans local/remote/active/pending/disabled/silenced/suspended (and `status`, as
// Mastodon.py's admin_accounts_v1 sends it); v2: origin and status. Only local accounts exist
// in the admin view until federation lands: remote/origin=remote answer an empty list.
awaitable<Response> list_accounts(const Env& env, Request& req, bool v2) {
  auto ctx = co_await authenticate_staff(env, req, "admin:read:accounts", core::Permission::manage_users);
  if (!ctx) co_return error_response(ctx.error());
  std::string status(req.param("status").value_or(""));
  bool remote = false;
  if (v2) {
    remote = req.param("origin").value_or("") == "remote";
  } else {
    remote = req.param_bool("remote").value_or(false);
    for (const char* flag : {"active", "pending", "disabled", "silenced", "suspended"})
      if (req.param_bool(flag).value_or(false)) status = flag;
  }
  auto filter = parse_status(status);
  if (!filter) co_return Response::error(422, "Validation failed: Status is not included in the list");
  auto page = parse_page(req, 100, 200);
  std::string username(req.param("username").value_or(""));
  if (remote) co_return Response::json("[]");
  auto accounts = co_await env.pool.run(
      [&] { return services::admin_list_accounts(env.deps, *filter, username, page); });
  if (!accounts) co_return error_response(accounts.error());
  co_return account_list_response(env, req, page, *accounts);
}

awaitable<Response> show_account(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:read:accounts", core::Permission::manage_users);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  auto a = co_await env.pool.run([&] { return services::admin_get_account(env.deps, *id); });
  if (!a) co_return error_response(a.error());
  JsonOut o;
  write_admin_account(o, env, *a);
  co_return Response::json(o.take());
}

enum class AccountVerb { approve, reject, enable, unsilence, unsuspend, unsensitive };

awaitable<Response> account_verb(const Env& env, Request& req, AccountVerb verb) {
  auto ctx = co_await authenticate_staff(env, req, "admin:write:accounts", core::Permission::manage_users);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::Actor actor = ctx->user->account.id;
  auto a = co_await env.pool.run([&]() -> util::Result<services::AdminAccount> {
    switch (verb) {
      case AccountVerb::approve: return services::approve_account(env.deps, actor, *id);
      case AccountVerb::reject: return services::reject_account(env.deps, actor, *id);
      case AccountVerb::enable: return services::undo_account_action(env.deps, actor, *id, services::UndoAction::enable);
      case AccountVerb::unsilence:
        return services::undo_account_action(env.deps, actor, *id, services::UndoAction::unsilence);
      case AccountVerb::unsuspend:
        return services::undo_account_action(env.deps, actor, *id, services::UndoAction::unsuspend);
      case AccountVerb::unsensitive:
        return services::undo_account_action(env.deps, actor, *id, services::UndoAction::unsensitive);
    }
    return util::fail(util::ErrorCode::internal, "unknown verb");
  });
  if (!a) co_return error_response(a.error());
  JsonOut o;
  write_admin_account(o, env, *a);
  co_return Response::json(o.take());
}

// Parloir's own: POST /api/v1/admin/accounts/:id/role with role=owner|admin|moderator|user.
awaitable<Response> set_role(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:write:accounts", core::Permission::manage_roles);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  auto role = core::parse_role(req.param("role").value_or(""));
  if (!role) co_return Response::error(422, "Validation failed: Role is not included in the list");
  services::Actor actor = ctx->user->account.id;
  core::Role actor_role = ctx->user->user.role;
  auto a = co_await env.pool.run([&] { return services::change_role(env.deps, actor, actor_role, *id, *role); });
  if (!a) co_return error_response(a.error());
  JsonOut o;
  write_admin_account(o, env, *a);
  co_return Response::json(o.take());
}

// The four roles (Parloir's own; Mastodon has no such endpoint): GET /api/v1/admin/roles.
awaitable<Response> list_roles(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:read", core::Permission::view_dashboard);
  if (!ctx) co_return error_response(ctx.error());
  JsonOut o;
  o.begin_array();
  for (core::Role r : {core::Role::owner, core::Role::admin, core::Role::moderator, core::Role::user}) write_role(o, r);
  o.end_array();
  co_return Response::json(o.take());
}

awaitable<Response> account_action(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:write:accounts", core::Permission::manage_users);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  auto action = services::parse_account_action(req.param("type").value_or("none"));
  if (!action) co_return Response::error(422, "Validation failed: Type is not included in the list");
  std::optional<core::Id> report_id;
  if (auto r = req.param("report_id"); r && !r->empty()) {
    report_id = core::parse_id(*r);
    if (!report_id) co_return not_found();
  }
  std::string text(req.param("text").value_or(""));
  services::Actor actor = ctx->user->account.id;
  auto st = co_await env.pool.run(
      [&] { return services::moderate_account(env.deps, actor, *id, *action, report_id, text); });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

// Loads the accounts a report names (missing ones stay empty).
ReportAccounts report_accounts(const Env& env, const core::Report& r) {
  auto load = [&](std::optional<core::Id> id) -> std::optional<services::AdminAccount> {
    if (!id) return std::nullopt;
    auto a = services::admin_get_account(env.deps, *id);
    if (!a) return std::nullopt;
    return std::move(*a);
  };
  ReportAccounts out{load(r.account_id), load(r.target_account_id), load(r.assigned_account_id),
                     load(r.action_taken_by), {}};
  if (auto rules = services::rules_by_ids(env.deps, r.rule_ids)) out.rules = std::move(*rules);
  return out;
}

awaitable<Response> list_reports(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:read:reports", core::Permission::manage_reports);
  if (!ctx) co_return error_response(ctx.error());
  bool invalid = false;
  std::optional<bool> resolved = req.param_bool("resolved", &invalid).value_or(false);
  auto page = parse_page(req, 100, 200);
  std::string body;
  std::optional<core::Id> newest, oldest;
  std::size_t n = 0;
  auto st = co_await env.pool.run([&]() -> util::Status {
    auto reports = services::list_reports(env.deps, resolved, page);
    if (!reports) return util::fail(reports.error());
    JsonOut o;
    o.begin_array();
    for (const auto& r : *reports) write_admin_report(o, env, r, report_accounts(env, r));
    o.end_array();
    body = o.take();
    n = reports->size();
    if (n > 0) {
      newest = reports->front().id;
      oldest = reports->back().id;
    }
    return {};
  });
  if (!st) co_return error_response(st.error());
  auto r = Response::json(std::move(body));
  add_link(r, link_header(env, req, page, n, newest, oldest));
  co_return r;
}

enum class ReportVerb { show, assign_to_self, unassign, resolve, reopen };

awaitable<Response> report_verb(const Env& env, Request& req, ReportVerb verb) {
  auto ctx = co_await authenticate_staff(env, req, verb == ReportVerb::show ? "admin:read:reports" : "admin:write:reports",
                                         core::Permission::manage_reports);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::Actor actor = ctx->user->account.id;
  std::string body;
  auto st = co_await env.pool.run([&]() -> util::Status {
    util::Result<core::Report> r = util::fail(util::ErrorCode::internal, "unknown verb");
    switch (verb) {
      case ReportVerb::show: r = services::get_report(env.deps, *id); break;
      case ReportVerb::assign_to_self:
        r = services::act_on_report(env.deps, actor, *id, services::ReportAction::assign_to_self);
        break;
      case ReportVerb::unassign: r = services::act_on_report(env.deps, actor, *id, services::ReportAction::unassign); break;
      case ReportVerb::resolve: r = services::act_on_report(env.deps, actor, *id, services::ReportAction::resolve); break;
      case ReportVerb::reopen: r = services::act_on_report(env.deps, actor, *id, services::ReportAction::reopen); break;
    }
    if (!r) return util::fail(r.error());
    JsonOut o;
    write_admin_report(o, env, *r, report_accounts(env, *r));
    body = o.take();
    return {};
  });
  if (!st) co_return error_response(st.error());
  co_return Response::json(std::move(body));
}

awaitable<Response> audit_log(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:read", core::Permission::view_audit_log);
  if (!ctx) co_return error_response(ctx.error());
  auto page = parse_page(req, 100, 500);
  auto entries = co_await env.pool.run([&] { return services::audit_log(env.deps, page); });
  if (!entries) co_return error_response(entries.error());
  JsonOut o;
  o.begin_array();
  for (const auto& e : *entries) write_audit_entry(o, e);
  o.end_array();
  auto r = Response::json(o.take());
  add_page_link(r, env, req, page, *entries, [](const core::AuditEntry& e) { return e.id; });
  co_return r;
}

// max_uses and expires_in (seconds), each optional; 422 when not a number.
struct InviteInput {
  std::optional<std::int64_t> max_uses, expires_in;
};

util::Result<InviteInput> read_invite_input(const Request& req) {
  InviteInput in;
  if (auto v = req.param("max_uses"); v && !v->empty()) {
    if (!util::is_digits(*v) || v->size() > 9)
      return util::fail(util::ErrorCode::unprocessable, "Validation failed: Max uses is not a number");
    in.max_uses = std::stoll(std::string(*v));
  }
  if (auto v = req.param("expires_in"); v && !v->empty()) {
    if (!util::is_digits(*v) || v->size() > 10)
      return util::fail(util::ErrorCode::unprocessable, "Validation failed: Expires in is not a number of seconds");
    in.expires_in = std::stoll(std::string(*v));
  }
  return in;
}

constexpr StaffRoutes kInviteRoutes = staff_routes(core::Permission::manage_invites);

awaitable<Response> create_invite(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kInviteRoutes.write_new, read_invite_input,
      [&](const StaffCaller& c, const InviteInput& in) {
        return services::create_invite(env.deps, c.account_id, in.max_uses, in.expires_in);
      },
      [&](const core::Invite& invite) {
        JsonOut o;
        write_invite(o, env, invite);
        return Response::json(o.take());
      });
}

awaitable<Response> list_invites(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kInviteRoutes.read_all,
      [&](const StaffCaller&) { return services::list_invites(env.deps); },
      [&](const std::vector<core::Invite>& invites) {
        return json_array_response(invites, [&](JsonOut& o, const core::Invite& i) { write_invite(o, env, i); });
      });
}

awaitable<Response> delete_invite(const Env& env, Request& req) {
  co_return co_await staff_route(
      env, req, kInviteRoutes.write_one,
      [&](const StaffCaller& c) { return services::delete_invite(env.deps, c.account_id, c.id); }, empty_object);
}

awaitable<Response> list_email_domain_blocks(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:read:email_domain_blocks", core::Permission::manage_blocks);
  if (!ctx) co_return error_response(ctx.error());
  auto page = parse_page(req, 100, 200);
  auto blocks = co_await env.pool.run([&] { return services::list_email_domain_blocks(env.deps, page); });
  if (!blocks) co_return error_response(blocks.error());
  JsonOut o;
  o.begin_array();
  for (const auto& b : *blocks) write_email_domain_block(o, b);
  o.end_array();
  auto r = Response::json(o.take());
  add_page_link(r, env, req, page, *blocks, [](const core::EmailDomainBlock& b) { return b.id; });
  co_return r;
}

awaitable<Response> show_email_domain_block(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:read:email_domain_blocks", core::Permission::manage_blocks);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  auto b = co_await env.pool.run([&] { return services::get_email_domain_block(env.deps, *id); });
  if (!b) co_return error_response(b.error());
  JsonOut o;
  write_email_domain_block(o, *b);
  co_return Response::json(o.take());
}

awaitable<Response> create_email_domain_block(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:write:email_domain_blocks", core::Permission::manage_blocks);
  if (!ctx) co_return error_response(ctx.error());
  std::string domain(req.param("domain").value_or(""));
  services::Actor actor = ctx->user->account.id;
  auto b = co_await env.pool.run([&] { return services::block_email_domain(env.deps, actor, domain); });
  if (!b) co_return error_response(b.error());
  JsonOut o;
  write_email_domain_block(o, *b);
  co_return Response::json(o.take());
}

awaitable<Response> delete_email_domain_block(const Env& env, Request& req) {
  auto ctx = co_await authenticate_staff(env, req, "admin:write:email_domain_blocks", core::Permission::manage_blocks);
  if (!ctx) co_return error_response(ctx.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::Actor actor = ctx->user->account.id;
  auto st = co_await env.pool.run([&] { return services::unblock_email_domain(env.deps, actor, *id); });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

}  // namespace

void register_admin_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/admin/accounts", [e](Request& r) { return list_accounts(*e, r, false); });
  router.add(bh::verb::get, "/api/v2/admin/accounts", [e](Request& r) { return list_accounts(*e, r, true); });
  router.add(bh::verb::get, "/api/v1/admin/accounts/:id", [e](Request& r) { return show_account(*e, r); });
  router.add(bh::verb::post, "/api/v1/admin/accounts/:id/action", [e](Request& r) { return account_action(*e, r); });
  router.add(bh::verb::post, "/api/v1/admin/accounts/:id/role", [e](Request& r) { return set_role(*e, r); });
  router.add(bh::verb::get, "/api/v1/admin/roles", [e](Request& r) { return list_roles(*e, r); });
  const std::pair<const char*, AccountVerb> verbs[] = {
      {"approve", AccountVerb::approve},     {"reject", AccountVerb::reject},
      {"enable", AccountVerb::enable},       {"unsilence", AccountVerb::unsilence},
      {"unsuspend", AccountVerb::unsuspend}, {"unsensitive", AccountVerb::unsensitive}};
  for (const auto& [name, verb] : verbs) {
    AccountVerb v = verb;
    router.add(bh::verb::post, std::string("/api/v1/admin/accounts/:id/") + name,
               [e, v](Request& r) { return account_verb(*e, r, v); });
  }
  router.add(bh::verb::get, "/api/v1/admin/reports", [e](Request& r) { return list_reports(*e, r); });
  router.add(bh::verb::get, "/api/v1/admin/reports/:id", [e](Request& r) { return report_verb(*e, r, ReportVerb::show); });
  const std::pair<const char*, ReportVerb> report_verbs[] = {{"assign_to_self", ReportVerb::assign_to_self},
                                                             {"unassign", ReportVerb::unassign},
                                                             {"resolve", ReportVerb::resolve},
                                                             {"reopen", ReportVerb::reopen}};
  for (const auto& [name, verb] : report_verbs) {
    ReportVerb v = verb;
    router.add(bh::verb::post, std::string("/api/v1/admin/reports/:id/") + name,
               [e, v](Request& r) { return report_verb(*e, r, v); });
  }
  router.add(bh::verb::get, "/api/v1/admin/audit_log", [e](Request& r) { return audit_log(*e, r); });
  router.add(bh::verb::get, "/api/v1/admin/email_domain_blocks",
             [e](Request& r) { return list_email_domain_blocks(*e, r); });
  router.add(bh::verb::post, "/api/v1/admin/email_domain_blocks",
             [e](Request& r) { return create_email_domain_block(*e, r); });
  router.add(bh::verb::get, "/api/v1/admin/email_domain_blocks/:id",
             [e](Request& r) { return show_email_domain_block(*e, r); });
  router.add(bh::verb::delete_, "/api/v1/admin/email_domain_blocks/:id",
             [e](Request& r) { return delete_email_domain_block(*e, r); });
  router.add(bh::verb::get, "/api/v1/admin/invites", [e](Request& r) { return list_invites(*e, r); });
  router.add(bh::verb::post, "/api/v1/admin/invites", [e](Request& r) { return create_invite(*e, r); });
  router.add(bh::verb::delete_, "/api/v1/admin/invites/:id", [e](Request& r) { return delete_invite(*e, r); });
}

}  // namespace parloir::api
