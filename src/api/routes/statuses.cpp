// Statuses: create, show, show many, delete, edit, source, history, context, and the
// interactions (favourite, reblog, bookmark, pin, mute) with reblogged_by/favourited_by.
#include <algorithm>

#include "api/auth.h"
#include "api/errors.h"
#include "api/poll_params.h"
#include "api/respond.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "api/serializers/account.h"
#include "api/serializers/media.h"
#include "services/statuses.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

// media_ids[] (form, multipart, JSON): false when one is not an id. Empty values are skipped.
bool parse_media_ids(const Request& req, std::vector<core::Id>& out) {
  for (auto v : req.param_all("media_ids")) {
    if (v.empty()) continue;
    auto id = core::parse_id(v);
    if (!id) return false;
    out.push_back(*id);
  }
  return true;
}

// media_attributes[][id|description|focus] as form/JSON flattening gives them:
// media_attributes[N][id] (JSON arrays of objects, indexed form) or media_attributes[][id].
std::vector<services::MediaAttributeEdit> parse_media_attributes(const Request& req) {
  std::vector<services::MediaAttributeEdit> out;
  auto text = [&](const std::string& key) -> std::optional<std::string> {
    auto v = req.param(key);
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
  };
  for (int i = 0; i < 8; ++i) {
    std::string prefix = "media_attributes[" + std::to_string(i) + "]";
    auto id = req.param(prefix + "[id]");
    if (!id) continue;
    auto parsed = core::parse_id(*id);
    if (!parsed) continue;
    out.push_back({*parsed, text(prefix + "[description]"), text(prefix + "[focus]")});
  }
  if (out.empty()) {
    auto ids = req.param_all("media_attributes[][id]");
    auto descriptions = req.param_all("media_attributes[][description]");
    auto focuses = req.param_all("media_attributes[][focus]");
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto parsed = core::parse_id(ids[i]);
      if (!parsed) continue;
      services::MediaAttributeEdit e{*parsed, std::nullopt, std::nullopt};
      if (i < descriptions.size()) e.description = std::string(descriptions[i]);
      if (i < focuses.size()) e.focus = std::string(focuses[i]);
      out.push_back(std::move(e));
    }
  }
  return out;
}

awaitable<Response> create_status(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  services::PostStatusInput in;
  in.text = std::string(req.param("status").value_or(""));
  in.spoiler_text = std::string(req.param("spoiler_text").value_or(""));
  bool bad = false;
  in.sensitive = req.param_bool("sensitive", &bad).value_or(false);
  in.language = std::string(req.param("language").value_or(""));
  in.local_only = env.deps.settings.local_only_default;  // instance.local_only_default
  if (auto v = req.param("expires_in"); v && !v->empty()) {
    if (!util::is_digits(*v) || v->size() > 10)
      co_return Response::error(422, "Validation failed: Expires in is not a number of seconds");
    in.expires_in_s = std::stoll(std::string(*v));
  }
  if (auto v = req.param("visibility"); v && !v->empty()) {
    if (*v == "local") {
      in.local_only = true;
    } else {
      in.visibility = core::parse_visibility(*v);
      if (!in.visibility) co_return Response::error(422, "Validation failed: Visibility is not included in the list");
    }
  }
  if (auto lo = req.param_bool("local_only", &bad)) in.local_only = *lo;
  if (auto r = req.param("in_reply_to_id"); r && !r->empty()) {
    in.in_reply_to_id = core::parse_id(*r);
    if (!in.in_reply_to_id) co_return not_found();
  }
  if (!parse_media_ids(req, in.media_ids)) co_return Response::error(422, "Validation failed: Media ids are invalid");
  auto poll = poll_from_params(req);
  if (!poll) co_return error_response(poll.error());
  in.poll = std::move(*poll);
  in.application_id = caller->app.id;
  in.idempotency_key = std::string(req.header("Idempotency-Key").substr(0, 256));
  if (auto at = req.param("scheduled_at"); at && !at->empty()) {
    // why: a scheduled status stores no expiry yet; refusing beats silently dropping it.
    if (in.expires_in_s)
      co_return Response::error(422, "Validation failed: Expires in cannot be combined with scheduled_at");
    // why: scheduled statuses do not carry attachments yet; dropping them silently would lose
    // what the user sent.
    if (!in.media_ids.empty())
      co_return Response::error(422, "Validation failed: Media attachments on scheduled statuses are not supported yet");
    std::string when(*at);
    co_return co_await create_scheduled_status(env, *caller, in, when);
  }
  const auto& author = *caller->user;
  auto view = co_await env.pool.run([&] { return services::post_status(env.deps, author, in); });
  if (!view) co_return error_response(view.error());
  co_return status_response(env, *view, json_options(*caller));
}

awaitable<Response> show_status(const Env& env, Request& req) {
  auto caller = co_await authenticate_optional(env, req);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::Viewer viewer{*caller && (*caller)->user ? std::optional((*caller)->user->account.id) : std::nullopt};
  auto view = co_await env.pool.run([&] { return services::get_status(env.deps, viewer, *id); });
  if (!view) co_return error_response(view.error());
  co_return status_response(env, *view, json_options(*caller));
}

awaitable<Response> show_statuses(const Env& env, Request& req) {
  auto caller = co_await authenticate_optional(env, req);
  if (!caller) co_return error_response(caller.error());
  std::vector<core::Id> ids;
  for (auto v : req.param_all("id"))
    if (auto id = core::parse_id(v)) ids.push_back(*id);
  if (ids.size() > 40) ids.resize(40);
  services::Viewer viewer{*caller && (*caller)->user ? std::optional((*caller)->user->account.id) : std::nullopt};
  auto views = co_await env.pool.run([&] { return services::get_statuses(env.deps, viewer, ids); });
  if (!views) co_return error_response(views.error());
  JsonOut o;
  o.begin_array();
  for (const auto& v : *views) write_status(o, env, v, json_options(*caller));
  o.end_array();
  co_return Response::json(o.take());
}

awaitable<Response> delete_status(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const auto& author = *caller->user;
  auto view = co_await env.pool.run([&] { return services::delete_status(env.deps, author, *id); });
  if (!view) co_return error_response(view.error());
  auto opts = json_options(*caller);
  opts.with_source = true;
  co_return status_response(env, *view, opts);
}

awaitable<Response> edit_status(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::EditStatusInput in;
  in.text = std::string(req.param("status").value_or(""));
  in.spoiler_text = std::string(req.param("spoiler_text").value_or(""));
  bool bad = false;
  in.sensitive = req.param_bool("sensitive", &bad);
  if (auto l = req.param("language")) in.language = std::string(*l);
  std::vector<core::Id> media_ids;
  if (!parse_media_ids(req, media_ids)) co_return Response::error(422, "Validation failed: Media ids are invalid");
  if (!media_ids.empty()) in.media_ids = std::move(media_ids);
  in.media_attributes = parse_media_attributes(req);
  auto poll = poll_from_params(req);
  if (!poll) co_return error_response(poll.error());
  in.poll = std::move(*poll);
  const auto& author = *caller->user;
  auto view = co_await env.pool.run([&] { return services::edit_status(env.deps, author, *id, in); });
  if (!view) co_return error_response(view.error());
  co_return status_response(env, *view, json_options(*caller));
}

awaitable<Response> status_source(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::Viewer viewer{caller->user->account.id};
  auto view = co_await env.pool.run([&] { return services::get_status(env.deps, viewer, *id); });
  if (!view || view->status.account_id != caller->user->account.id) co_return not_found();
  JsonOut o;
  o.begin_object().field("id", core::id_string(view->status.id)).field("text", view->status.text)
      .field("spoiler_text", view->status.spoiler_text).end_object();
  co_return Response::json(o.take());
}

awaitable<Response> status_history(const Env& env, Request& req) {
  auto caller = co_await authenticate_optional(env, req);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::Viewer viewer{*caller && (*caller)->user ? std::optional((*caller)->user->account.id) : std::nullopt};
  core::Account author;
  std::vector<core::MediaAttachment> media;
  auto edits = co_await env.pool.run([&] { return services::get_history(env.deps, viewer, *id, &author, &media); });
  if (!edits) co_return error_response(edits.error());
  JsonOut o;
  o.begin_array();
  for (const auto& e : *edits) {
    o.begin_object().field("content", e.content).field("spoiler_text", e.spoiler_text).field("sensitive", e.sensitive)
        .field("created_at", util::format_datetime(e.created_at));
    o.key("account");
    write_account(o, env, author);
    o.key("poll");
    if (e.poll_options) {
      o.begin_object().key("options").begin_array();
      for (const auto& title : *e.poll_options) o.begin_object().field("title", title).end_object();
      o.end_array().end_object();
    } else {
      o.null();
    }
    o.key("media_attachments").begin_array();
    if (e.media)
      for (const auto& em : *e.media) {
        auto it = std::find_if(media.begin(), media.end(), [&](const core::MediaAttachment& m) { return m.id == em.id; });
        if (it == media.end()) continue;
        core::MediaAttachment shown = *it;  // as this version showed it
        shown.description = em.description;
        write_media_attachment(o, env, shown);
      }
    o.end_array();
    o.empty_array("emojis").end_object();
  }
  o.end_array();
  co_return Response::json(o.take());
}

awaitable<Response> status_context(const Env& env, Request& req) {
  auto caller = co_await authenticate_optional(env, req);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::Viewer viewer{*caller && (*caller)->user ? std::optional((*caller)->user->account.id) : std::nullopt};
  std::vector<core::Filter> filters;
  auto ctx = co_await env.pool.run([&] {
    filters = viewer_filters(env, *caller);
    return services::get_context(env.deps, viewer, *id);
  });
  if (!ctx) co_return error_response(ctx.error());
  auto opts = json_options(*caller);
  opts.filters = &filters;
  opts.filter_context = "thread";
  JsonOut o;
  o.begin_object().key("ancestors").begin_array();
  for (const auto& v : ctx->ancestors)
    if (!hidden_by_filters(v, opts)) write_status(o, env, v, opts);
  o.end_array().key("descendants").begin_array();
  for (const auto& v : ctx->descendants)
    if (!hidden_by_filters(v, opts)) write_status(o, env, v, opts);
  o.end_array().end_object();
  co_return Response::json(o.take());
}

awaitable<Response> interaction(const Env& env, Request& req, services::Interaction what, std::string_view scope) {
  auto caller = co_await authenticate(env, req, scope, Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const auto& me = *caller->user;
  auto view = co_await env.pool.run([&] { return services::interact(env.deps, me, *id, what); });
  if (!view) co_return error_response(view.error());
  co_return status_response(env, *view, json_options(*caller));
}

awaitable<Response> reblog(const Env& env, Request& req, bool undo) {
  auto caller = co_await authenticate(env, req, "write:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  std::optional<core::Visibility> visibility;
  if (auto v = req.param("visibility"); v && !v->empty()) visibility = core::parse_visibility(*v);
  const auto& me = *caller->user;
  auto view = co_await env.pool.run([&] {
    return undo ? services::unreblog_status(env.deps, me, *id) : services::reblog_status(env.deps, me, *id, visibility);
  });
  if (!view) co_return error_response(view.error());
  co_return status_response(env, *view, json_options(*caller));
}

awaitable<Response> who(const Env& env, Request& req, bool favourites) {
  auto caller = co_await authenticate_optional(env, req);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  services::Viewer viewer{*caller && (*caller)->user ? std::optional((*caller)->user->account.id) : std::nullopt};
  auto page = parse_page(req, 40, 80);
  auto accounts = co_await env.pool.run([&] {
    return favourites ? services::favourited_by(env.deps, viewer, *id, page)
                      : services::reblogged_by(env.deps, viewer, *id, page);
  });
  if (!accounts) co_return error_response(accounts.error());
  co_return account_list(env, req, page, *accounts);
}

}  // namespace

void register_status_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  using I = services::Interaction;
  router.add(bh::verb::post, "/api/v1/statuses", [e](Request& r) { return create_status(*e, r); });
  router.add(bh::verb::get, "/api/v1/statuses", [e](Request& r) { return show_statuses(*e, r); });
  router.add(bh::verb::get, "/api/v1/statuses/:id", [e](Request& r) { return show_status(*e, r); });
  router.add(bh::verb::delete_, "/api/v1/statuses/:id", [e](Request& r) { return delete_status(*e, r); });
  router.add(bh::verb::put, "/api/v1/statuses/:id", [e](Request& r) { return edit_status(*e, r); });
  router.add(bh::verb::get, "/api/v1/statuses/:id/source", [e](Request& r) { return status_source(*e, r); });
  router.add(bh::verb::get, "/api/v1/statuses/:id/history", [e](Request& r) { return status_history(*e, r); });
  router.add(bh::verb::get, "/api/v1/statuses/:id/context", [e](Request& r) { return status_context(*e, r); });
  struct Verb {
    const char* path;
    I what;
    const char* scope;
  };
  static const Verb verbs[] = {
      {"/favourite", I::favourite, "write:favourites"}, {"/unfavourite", I::unfavourite, "write:favourites"},
      {"/bookmark", I::bookmark, "write:bookmarks"},    {"/unbookmark", I::unbookmark, "write:bookmarks"},
      {"/pin", I::pin, "write:accounts"},               {"/unpin", I::unpin, "write:accounts"},
      {"/mute", I::mute, "write:mutes"},                {"/unmute", I::unmute, "write:mutes"},
  };
  for (const auto& v : verbs) {
    const Verb* vp = &v;
    router.add(bh::verb::post, std::string("/api/v1/statuses/:id") + v.path,
               [e, vp](Request& r) { return interaction(*e, r, vp->what, vp->scope); });
  }
  router.add(bh::verb::post, "/api/v1/statuses/:id/reblog", [e](Request& r) { return reblog(*e, r, false); });
  router.add(bh::verb::post, "/api/v1/statuses/:id/unreblog", [e](Request& r) { return reblog(*e, r, true); });
  router.add(bh::verb::get, "/api/v1/statuses/:id/favourited_by", [e](Request& r) { return who(*e, r, true); });
  router.add(bh::verb::get, "/api/v1/statuses/:id/reblogged_by", [e](Request& r) { return who(*e, r, false); });
}

}  // namespace parloir::api
