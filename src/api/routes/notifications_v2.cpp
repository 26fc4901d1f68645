// Grouped notifications (Mastodon 4.3): GET /api/v2/notifications, /:group_key,
// /:group_key/accounts, /unread_count; POST /:group_key/dismiss; and GET
// /api/v1/notifications/unread_count. Response shape: {accounts, partial_accounts?, statuses,
// notification_groups} with every account and status once (Mastodon's
// DedupNotificationGroupSerializer).
#include <algorithm>
#include <unordered_set>

#include "api/auth.h"
#include "api/errors.h"
#include "api/respond.h"
#include "api/routes.h"
#include "api/serializers/account.h"
#include "core/notifications.h"
#include "services/notification_groups.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

enum class ExpandAccounts { full, partial_avatars };

// grouped_types[]: the groupable types named (unknown ones ignored); absent = Mastodon's default.
std::vector<core::NotificationType> grouped_types_param(const Request& req) {
  auto names = req.param_all("grouped_types");
  if (names.empty()) return core::default_grouped_types();
  std::vector<core::NotificationType> out;
  for (auto n : names)
    if (auto t = core::parse_notification_type(n); t && core::groupable(*t)) out.push_back(*t);
  return out;
}

// PartialAccountWithAvatar: {id, acct, locked, bot, url, avatar, avatar_static}.
void write_partial_account(JsonOut& o, const Env& env, const core::Account& a) {
  o.begin_object();
  o.field("id", core::id_string(a.id));
  o.field("acct", a.is_local() ? a.username : a.username + "@" + a.domain);
  o.field("locked", a.locked).field("bot", a.bot);
  o.field("url", account_url(env, a));
  std::string avatar = account_avatar(env, a);
  o.field("avatar", avatar).field("avatar_static", avatar);
  o.end_object();
}

void write_group(JsonOut& o, const services::NotificationGroupView& g) {
  o.begin_object();
  o.field("group_key", g.group_key);
  o.field("notifications_count", g.notifications_count);
  o.field("type", core::notification_type_name(g.latest.notification.type));
  // why: a string (Mastodon sends a number, but our ids are snowflakes beyond 2^53, which a
  // JavaScript client would round).
  o.field("most_recent_notification_id", core::id_string(g.most_recent_id));
  o.field("page_min_id", core::id_string(g.page_min_id));
  o.field("page_max_id", core::id_string(g.page_max_id));
  o.field("latest_page_notification_at", util::format_datetime(g.latest_page_at));
  o.key("sample_account_ids").begin_array();
  for (const auto& a : g.sample_accounts) o.str(core::id_string(a.id));
  o.end_array();
  if (g.latest.status) o.field("status_id", core::id_string(g.latest.status->status.id));
  o.end_object();
}

// The whole document for `groups` (already filtered by the caller's keyword filters).
std::string grouped_document(const Env& env, const std::vector<const services::NotificationGroupView*>& groups,
                             const StatusJsonOptions& opts, ExpandAccounts expand) {
  std::unordered_set<core::Id> full_seen, partial_seen, status_seen;
  std::vector<const core::Account*> full, partial;
  auto add_full = [&](const core::Account& a) {
    if (full_seen.insert(a.id).second) full.push_back(&a);
  };
  for (const auto* g : groups) {
    for (std::size_t i = 0; i < g->sample_accounts.size(); ++i) {
      if (expand == ExpandAccounts::full || i == 0)
        add_full(g->sample_accounts[i]);
      else if (partial_seen.insert(g->sample_accounts[i].id).second)
        partial.push_back(&g->sample_accounts[i]);
    }
    if (g->latest.status) add_full(g->latest.status->account);
  }
  JsonOut o;
  o.begin_object();
  o.key("accounts").begin_array();
  for (const auto* a : full) write_account(o, env, *a);
  o.end_array();
  if (expand == ExpandAccounts::partial_avatars) {
    o.key("partial_accounts").begin_array();
    for (const auto* a : partial)
      if (!full_seen.count(a->id)) write_partial_account(o, env, *a);
    o.end_array();
  }
  o.key("statuses").begin_array();
  for (const auto* g : groups)
    if (g->latest.status && status_seen.insert(g->latest.status->status.id).second)
      write_status(o, env, *g->latest.status, opts);
  o.end_array();
  o.key("notification_groups").begin_array();
  for (const auto* g : groups) write_group(o, *g);
  o.end_array();
  o.end_object();
  return o.take();
}

awaitable<Response> list(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  ExpandAccounts expand = ExpandAccounts::full;
  if (auto e = req.param("expand_accounts"); e && *e != "full") {
    if (*e != "partial_avatars")
      co_return Response::error(400, "Invalid value for 'expand_accounts', allowed values are 'full' and 'partial_avatars'");
    expand = ExpandAccounts::partial_avatars;
  }
  services::GroupedQuery q;
  for (auto t : req.param_all("types"))
    if (auto type = core::parse_notification_type(t)) q.filter.types.push_back(*type);
  for (auto t : req.param_all("exclude_types"))
    if (auto type = core::parse_notification_type(t)) q.filter.exclude_types.push_back(*type);
  if (auto a = req.param("account_id"); a && !a->empty()) q.filter.from_account_id = core::parse_id(*a);
  q.filter.include_filtered = req.param_bool("include_filtered").value_or(false);
  q.grouped_types = grouped_types_param(req);
  q.page = parse_page(req, 40, 80);
  const bool nothing = !req.param_all("types").empty() && q.filter.types.empty();  // only unknown types
  core::Id me = caller->user->account.id;
  std::vector<core::Filter> filters;
  util::Result<std::vector<services::NotificationGroupView>> groups = std::vector<services::NotificationGroupView>{};
  if (!nothing) {
    groups = co_await env.pool.run([&] {
      filters = viewer_filters(env, me);
      return services::list_notification_groups(env.deps, me, q);
    });
  }
  if (!groups) co_return error_response(groups.error());
  auto opts = json_options(*caller);
  opts.filters = &filters;
  opts.filter_context = "notifications";
  std::vector<const services::NotificationGroupView*> shown;
  for (const auto& g : *groups)
    if (!g.latest.status || !hidden_by_filters(*g.latest.status, opts)) shown.push_back(&g);
  Response r = Response::json(grouped_document(env, shown, opts, expand));
  // Link cursors: the page's representative notifications, as Mastodon's pagination_collection.
  if (!groups->empty())
    add_link(r, link_header(env, req, q.page, groups->size(), groups->front().latest.notification.id,
                            groups->back().latest.notification.id));
  co_return r;
}

std::string group_key_param(const Request& req) { return std::string(req.path_param("group_key")); }

awaitable<Response> show(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  core::Id me = caller->user->account.id;
  std::string key = group_key_param(req);
  auto g = co_await env.pool.run([&] { return services::get_notification_group(env.deps, me, key); });
  if (!g) co_return error_response(g.error());
  co_return Response::json(grouped_document(env, {&*g}, json_options(*caller), ExpandAccounts::full));
}

awaitable<Response> accounts(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  core::Id me = caller->user->account.id;
  std::string key = group_key_param(req);
  auto page = parse_page(req, 40, 80);
  auto list = co_await env.pool.run([&] { return services::notification_group_accounts(env.deps, me, key, page); });
  if (!list) co_return error_response(list.error());
  JsonOut o;
  o.begin_array();
  for (const auto& entry : *list) write_account(o, env, entry.second);
  o.end_array();
  Response r = Response::json(o.take());
  if (!list->empty())
    add_link(r, link_header(env, req, page, list->size(), list->front().first, list->back().first));
  co_return r;
}

awaitable<Response> dismiss(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  core::Id me = caller->user->account.id;
  std::string key = group_key_param(req);
  auto st = co_await env.pool.run([&] { return services::dismiss_notification_group(env.deps, me, key); });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

// limit: default 100, at most 1000 (Mastodon's DEFAULT/MAX_NOTIFICATIONS_COUNT_LIMIT).
int count_limit(const Request& req) {
  int limit = 100;
  if (auto l = req.param("limit"); l && !l->empty()) {
    auto v = core::parse_id(*l);
    limit = v ? static_cast<int>(std::clamp<core::Id>(*v, 1, 1000)) : 100;
  }
  return limit;
}

awaitable<Response> unread_count(const Env& env, Request& req, bool grouped) {
  auto caller = co_await authenticate(env, req, "read:notifications", Need::user);
  if (!caller) co_return error_response(caller.error());
  core::Id me = caller->user->account.id;
  const int limit = count_limit(req);
  auto types = grouped_types_param(req);
  store::NotificationFilter filter;
  for (auto t : req.param_all("types"))
    if (auto type = core::parse_notification_type(t)) filter.types.push_back(*type);
  for (auto t : req.param_all("exclude_types"))
    if (auto type = core::parse_notification_type(t)) filter.exclude_types.push_back(*type);
  if (auto a = req.param("account_id"); a && !a->empty()) filter.from_account_id = core::parse_id(*a);
  if (!req.param_all("types").empty() && filter.types.empty()) co_return Response::json(R"({"count":0})");
  auto n = co_await env.pool.run([&] {
    return grouped ? services::unread_notification_groups(env.deps, me, limit, filter, types)
                   : services::unread_notifications(env.deps, me, limit);
  });
  if (!n) co_return error_response(n.error());
  JsonOut o;
  o.begin_object().field("count", *n).end_object();
  co_return Response::json(o.take());
}

}  // namespace

void register_grouped_notification_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  // why: registered before the :group_key routes so "unread_count" and "policy" are not keys.
  router.add(bh::verb::get, "/api/v2/notifications/unread_count", [e](Request& r) { return unread_count(*e, r, true); });
  router.add(bh::verb::get, "/api/v1/notifications/unread_count", [e](Request& r) { return unread_count(*e, r, false); });
  router.add(bh::verb::get, "/api/v2/notifications", [e](Request& r) { return list(*e, r); });
  router.add(bh::verb::get, "/api/v2/notifications/:group_key", [e](Request& r) { return show(*e, r); });
  router.add(bh::verb::get, "/api/v2/notifications/:group_key/accounts", [e](Request& r) { return accounts(*e, r); });
  router.add(bh::verb::post, "/api/v2/notifications/:group_key/dismiss", [e](Request& r) { return dismiss(*e, r); });
}

}  // namespace parloir::api
