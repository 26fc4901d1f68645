// Notification filtering (Mastodon 4.3): GET/PATCH /api/v2/notifications/policy, the v1 policy
// (booleans), and the requests: GET /api/v1/notifications/requests (+ /:id), POST
// /:id/accept, /:id/dismiss, /accept and /dismiss (id[]), GET /merged.
#include "api/auth.h"
#include "api/errors.h"
#include "api/respond.h"
#include "api/routes.h"
#include "api/serializers/account.h"
#include "services/notification_policy.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

void write_policy_v2(JsonOut& o, const services::PolicyView& v) {
  const auto& p = v.policy;
  o.begin_object();
  o.field("for_not_following", core::policy_value_name(p.for_not_following));
  o.field("for_not_followers", core::policy_value_name(p.for_not_followers));
  o.field("for_new_accounts", core::policy_value_name(p.for_new_accounts));
  o.field("for_private_mentions", core::policy_value_name(p.for_private_mentions));
  o.field("for_limited_accounts", core::policy_value_name(p.for_limited_accounts));
  o.key("summary").begin_object();
  o.field("pending_requests_count", v.summary.requests).field("pending_notifications_count", v.summary.notifications);
  o.end_object();
  o.end_object();
}

// V1 NotificationPolicy: filter_* booleans (true when the v2 value is not accept).
void write_policy_v1(JsonOut& o, const services::PolicyView& v) {
  const auto& p = v.policy;
  auto on = [](core::PolicyValue x) { return x != core::PolicyValue::accept; };
  o.begin_object();
  o.field("filter_not_following", on(p.for_not_following));
  o.field("filter_not_followers", on(p.for_not_followers));
  o.field("filter_new_accounts", on(p.for_new_accounts));
  o.field("filter_private_mentions", on(p.for_private_mentions));
  o.key("summary").begin_object();
  o.field("pending_requests_count", v.summary.requests).field("pending_notifications_count", v.summary.notifications);
  o.end_object();
  o.end_object();
}

awaitable<Response> show_policy(const Env& env, Request& req, bool v2) {
  auto caller = co_await authenticate(env, req, "read:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  core::Id me = caller->user->account.id;
  auto v = co_await env.pool.run([&] { return services::get_notification_policy(env.deps, me); });
  if (!v) co_return error_response(v.error());
  JsonOut o;
  v2 ? write_policy_v2(o, *v) : write_policy_v1(o, *v);
  co_return Response::json(o.take());
}

// Reads one field: v2 takes accept|filter|drop, v1 a boolean (true = filter, false = accept).
// Returns false (and sets `error`) on an invalid value.
bool read_policy_field(const Request& req, std::string_view key, bool v2, std::optional<core::PolicyValue>& out,
                       std::string& error) {
  auto raw = req.param(key);
  if (!raw) return true;
  if (v2) {
    out = core::parse_policy_value(*raw);
    if (!out) error = std::string("Validation failed: ") + std::string(key) + " must be one of accept, filter, drop";
    return out.has_value();
  }
  bool invalid = false;
  auto b = req.param_bool(key, &invalid);
  if (invalid || !b) {
    error = std::string("Validation failed: ") + std::string(key) + " must be a boolean";
    return false;
  }
  out = *b ? core::PolicyValue::filter : core::PolicyValue::accept;
  return true;
}

awaitable<Response> update_policy(const Env& env, Request& req, bool v2) {
  auto caller = co_await authenticate(env, req, "write:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  services::PolicyChange change;
  std::string error;
  bool ok = v2 ? read_policy_field(req, "for_not_following", true, change.for_not_following, error) &&
                     read_policy_field(req, "for_not_followers", true, change.for_not_followers, error) &&
                     read_policy_field(req, "for_new_accounts", true, change.for_new_accounts, error) &&
                     read_policy_field(req, "for_private_mentions", true, change.for_private_mentions, error) &&
                     read_policy_field(req, "for_limited_accounts", true, change.for_limited_accounts, error)
               : read_policy_field(req, "filter_not_following", false, change.for_not_following, error) &&
                     read_policy_field(req, "filter_not_followers", false, change.for_not_followers, error) &&
                     read_policy_field(req, "filter_new_accounts", false, change.for_new_accounts, error) &&
                     read_policy_field(req, "filter_private_mentions", false, change.for_private_mentions, error);
  if (!ok) co_return Response::error(422, error);
  core::Id me = caller->user->account.id;
  auto v = co_await env.pool.run([&] { return services::update_notification_policy(env.deps, me, change); });
  if (!v) co_return error_response(v.error());
  JsonOut o;
  v2 ? write_policy_v2(o, *v) : write_policy_v1(o, *v);
  co_return Response::json(o.take());
}

void write_request(JsonOut& o, const Env& env, const services::RequestView& r, const StatusJsonOptions& opts) {
  o.begin_object();
  o.field("id", core::id_string(r.request.id));
  o.field("created_at", util::format_datetime(r.request.created_at));
  o.field("updated_at", util::format_datetime(r.request.updated_at));
  o.field("notifications_count", std::to_string(r.request.notifications_count));  // a string, as Mastodon
  o.key("account");
  write_account(o, env, r.from);
  if (r.last_status) {
    o.key("last_status");
    write_status(o, env, *r.last_status, opts);
  } else {
    o.field_null("last_status");
  }
  o.end_object();
}

awaitable<Response> list_requests(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  core::Id me = caller->user->account.id;
  auto page = parse_page(req, 40, 80);
  std::optional<core::Id> from;
  if (auto a = req.param("account_id"); a && !a->empty()) {
    from = core::parse_id(*a);
    if (!from) co_return Response::json("[]");
  }
  auto list = co_await env.pool.run([&] { return services::list_notification_requests(env.deps, me, from, page); });
  if (!list) co_return error_response(list.error());
  auto opts = json_options(*caller);
  JsonOut o;
  o.begin_array();
  for (const auto& r : *list) write_request(o, env, r, opts);
  o.end_array();
  Response r = Response::json(o.take());
  add_page_link(r, env, req, page, *list, [](const services::RequestView& v) { return v.request.id; });
  co_return r;
}

awaitable<Response> show_request(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  core::Id me = caller->user->account.id;
  auto r = co_await env.pool.run([&] { return services::get_notification_request(env.deps, me, *id); });
  if (!r) co_return error_response(r.error());
  JsonOut o;
  write_request(o, env, *r, json_options(*caller));
  co_return Response::json(o.take());
}

// One request by path id (strict: unknown → 404) or many by id[] (unknown ones ignored).
awaitable<Response> act(const Env& env, Request& req, bool accept, bool single) {
  auto caller = co_await authenticate(env, req, "write:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  std::vector<core::Id> ids;
  if (single) {
    auto id = path_id(req);
    if (!id) co_return not_found();
    ids.push_back(*id);
  } else {
    for (auto v : req.param_all("id"))
      if (auto id = core::parse_id(v)) ids.push_back(*id);
    if (ids.size() > 100) co_return Response::error(422, "Too many ids (at most 100)");
  }
  core::Id me = caller->user->account.id;
  auto st = co_await env.pool.run([&] {
    return accept ? services::accept_notification_requests(env.deps, me, ids, single)
                  : services::dismiss_notification_requests(env.deps, me, ids, single);
  });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

// Accepting merges synchronously, so the merge is always done by the time this is asked.
awaitable<Response> merged(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  co_return Response::json(R"({"merged":true})");
}

}  // namespace

void register_notification_request_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v2/notifications/policy", [e](Request& r) { return show_policy(*e, r, true); });
  router.add(bh::verb::patch, "/api/v2/notifications/policy", [e](Request& r) { return update_policy(*e, r, true); });
  router.add(bh::verb::put, "/api/v2/notifications/policy", [e](Request& r) { return update_policy(*e, r, true); });
  router.add(bh::verb::get, "/api/v1/notifications/policy", [e](Request& r) { return show_policy(*e, r, false); });
  router.add(bh::verb::patch, "/api/v1/notifications/policy", [e](Request& r) { return update_policy(*e, r, false); });
  router.add(bh::verb::put, "/api/v1/notifications/policy", [e](Request& r) { return update_policy(*e, r, false); });
  router.add(bh::verb::get, "/api/v1/notifications/requests", [e](Request& r) { return list_requests(*e, r); });
  router.add(bh::verb::get, "/api/v1/notifications/requests/merged", [e](Request& r) { return merged(*e, r); });
  router.add(bh::verb::post, "/api/v1/notifications/requests/accept", [e](Request& r) { return act(*e, r, true, false); });
  router.add(bh::verb::post, "/api/v1/notifications/requests/dismiss", [e](Request& r) { return act(*e, r, false, false); });
  router.add(bh::verb::get, "/api/v1/notifications/requests/:id", [e](Request& r) { return show_request(*e, r); });
  router.add(bh::verb::post, "/api/v1/notifications/requests/:id/accept", [e](Request& r) { return act(*e, r, true, true); });
  router.add(bh::verb::post, "/api/v1/notifications/requests/:id/dismiss", [e](Request& r) { return act(*e, r, false, true); });
}

}  // namespace parloir::api
