// Account sub-resources: statuses, followers, following, relationships, and the relationship
// verbs (follow, unfollow, block, mute, remove_from_followers, follow request decisions), plus
// the viewer's own blocks, mutes and follow requests lists.
#include "api/auth.h"
#include "api/errors.h"
#include "api/respond.h"
#include "api/routes.h"
#include "services/relationships.h"
#include "services/timelines.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

services::Viewer viewer_of(const std::optional<services::TokenContext>& c) {
  return services::Viewer{c && c->user ? std::optional(c->user->account.id) : std::nullopt};
}

Response relationship_response(const core::Relationship& r) {
  JsonOut o;
  write_relationship(o, r);
  return Response::json(o.take());
}

awaitable<Response> account_statuses(const Env& env, Request& req) {
  auto caller = co_await authenticate_optional(env, req);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  bool bad = false;
  store::AccountStatusFilter filter;
  filter.exclude_replies = req.param_bool("exclude_replies", &bad).value_or(false);
  filter.exclude_reblogs = req.param_bool("exclude_reblogs", &bad).value_or(false);
  filter.only_media = req.param_bool("only_media", &bad).value_or(false);
  filter.pinned = req.param_bool("pinned", &bad).value_or(false);
  filter.tagged = std::string(req.param("tagged").value_or(""));
  auto page = parse_page(req, 20, 40);
  auto viewer = viewer_of(*caller);
  std::vector<core::Filter> filters;
  auto views = co_await env.pool.run([&] {
    filters = viewer_filters(env, *caller);
    return services::account_statuses(env.deps, viewer, *id, filter, page);
  });
  if (!views) co_return error_response(views.error());
  auto opts = json_options(*caller);
  opts.filters = &filters;
  opts.filter_context = "account";
  co_return status_list(env, req, page, *views, opts);
}

awaitable<Response> account_list(const Env& env, Request& req, services::AccountList which) {
  bool own = which != services::AccountList::followers && which != services::AccountList::following;
  std::optional<services::TokenContext> caller;
  if (own) {
    const char* scope = which == services::AccountList::blocks ? "read:blocks"
                        : which == services::AccountList::mutes ? "read:mutes"
                                                                 : "read:follows";
    auto c = co_await authenticate(env, req, scope, Need::user);
    if (!c) co_return error_response(c.error());
    caller = std::move(*c);
  } else {
    auto c = co_await authenticate_optional(env, req);
    if (!c) co_return error_response(c.error());
    caller = std::move(*c);
  }
  std::optional<core::Id> id = own ? std::optional(caller->user->account.id) : path_id(req);
  if (!id) co_return not_found();
  auto page = parse_page(req, own && which != services::AccountList::follow_requests ? 40 : 40, 80);
  auto viewer = viewer_of(caller);
  auto accounts = co_await env.pool.run([&] { return services::list_accounts(env.deps, viewer, *id, which, page); });
  if (!accounts) co_return error_response(accounts.error());
  co_return api::account_list(env, req, page, *accounts);
}

awaitable<Response> follow(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:follows", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::FollowOptions opts;
  bool bad = false;
  opts.reblogs = req.param_bool("reblogs", &bad);
  opts.notify = req.param_bool("notify", &bad);
  const auto& me = *caller->user;
  auto rel = co_await env.pool.run([&] { return services::follow_account(env.deps, me, *id, opts); });
  if (!rel) co_return error_response(rel.error());
  co_return relationship_response(*rel);
}

awaitable<Response> mute(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:mutes", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  bool bad = false;
  bool notifications = req.param_bool("notifications", &bad).value_or(true);
  long long duration = 0;
  if (auto d = req.param("duration"); d && !d->empty()) duration = std::atoll(std::string(*d).c_str());
  if (duration < 0) co_return Response::error(422, "Validation failed: Duration must be positive");
  const auto& me = *caller->user;
  auto rel = co_await env.pool.run([&] { return services::mute_account(env.deps, me, *id, notifications, duration); });
  if (!rel) co_return error_response(rel.error());
  co_return relationship_response(*rel);
}

awaitable<Response> act(const Env& env, Request& req, services::RelationshipAction action, std::string_view scope,
                        std::string_view param) {
  auto caller = co_await authenticate(env, req, scope, Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = core::parse_id(req.path_param(param));
  if (!id) co_return not_found();
  const auto& me = *caller->user;
  auto rel = co_await env.pool.run([&] { return services::act_on_account(env.deps, me, *id, action); });
  if (!rel) co_return error_response(rel.error());
  co_return relationship_response(*rel);
}

awaitable<Response> relationships(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:follows", Need::user);
  if (!caller) co_return error_response(caller.error());
  std::vector<core::Id> ids;
  for (auto v : req.param_all("id"))
    if (auto id = core::parse_id(v)) ids.push_back(*id);
  if (ids.size() > 100) ids.resize(100);
  core::Id me = caller->user->account.id;
  auto rels = co_await env.pool.run([&] { return services::relationships(env.deps, me, ids); });
  if (!rels) co_return error_response(rels.error());
  JsonOut o;
  o.begin_array();
  for (const auto& r : *rels) write_relationship(o, r);
  o.end_array();
  co_return Response::json(o.take());
}

}  // namespace

void register_account_relation_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  using A = services::RelationshipAction;
  using L = services::AccountList;
  router.add(bh::verb::get, "/api/v1/accounts/relationships", [e](Request& r) { return relationships(*e, r); });
  router.add(bh::verb::get, "/api/v1/accounts/:id/statuses", [e](Request& r) { return account_statuses(*e, r); });
  router.add(bh::verb::get, "/api/v1/accounts/:id/followers", [e](Request& r) { return account_list(*e, r, L::followers); });
  router.add(bh::verb::get, "/api/v1/accounts/:id/following", [e](Request& r) { return account_list(*e, r, L::following); });
  router.add(bh::verb::get, "/api/v1/follow_requests", [e](Request& r) { return account_list(*e, r, L::follow_requests); });
  router.add(bh::verb::get, "/api/v1/blocks", [e](Request& r) { return account_list(*e, r, L::blocks); });
  router.add(bh::verb::get, "/api/v1/mutes", [e](Request& r) { return account_list(*e, r, L::mutes); });
  router.add(bh::verb::post, "/api/v1/accounts/:id/follow", [e](Request& r) { return follow(*e, r); });
  router.add(bh::verb::post, "/api/v1/accounts/:id/mute", [e](Request& r) { return mute(*e, r); });
  struct Verb {
    const char* path;
    A action;
    const char* scope;
  };
  static const Verb verbs[] = {
      {"/api/v1/accounts/:id/unfollow", A::unfollow, "write:follows"},
      {"/api/v1/accounts/:id/remove_from_followers", A::remove_from_followers, "write:follows"},
      {"/api/v1/accounts/:id/block", A::block, "write:blocks"},
      {"/api/v1/accounts/:id/unblock", A::unblock, "write:blocks"},
      {"/api/v1/accounts/:id/unmute", A::unmute, "write:mutes"},
      {"/api/v1/follow_requests/:id/authorize", A::authorize, "write:follows"},
      {"/api/v1/follow_requests/:id/reject", A::reject, "write:follows"},
  };
  for (const auto& v : verbs) {
    const Verb* vp = &v;
    router.add(bh::verb::post, v.path, [e, vp](Request& r) { return act(*e, r, vp->action, vp->scope, "id"); });
  }
}

}  // namespace parloir::api
