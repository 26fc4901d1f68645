// The federation routes: WebFinger, actor documents, Notes, inboxes and the actor collections.
// Documents are negotiated on Accept: ActivityPub types (and application/json) get JSON-LD;
// a browser (text/html) is redirected to the web profile / status page.
#include <utility>  // why: before Asio (g++ 12 + Boost 1.74 awaitable.hpp uses std::exchange)

#include "federation/documents.h"
#include "federation/federation.h"
#include "federation/fetch_auth.h"
#include "federation/json.h"
#include "federation/url.h"
#include "services/accounts.h"
#include "util/strings.h"

namespace parloir::federation {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

constexpr const char* kActivityJson = "application/activity+json; charset=utf-8";

// True when the client asks for ActivityPub JSON (or plain JSON) rather than HTML.
bool wants_activity_json(std::string_view accept) {
  std::string a = util::to_lower(accept);
  if (a.find("application/activity+json") != std::string::npos || a.find("application/ld+json") != std::string::npos)
    return true;
  if (a.find("text/html") != std::string::npos) return false;
  return a.find("application/json") != std::string::npos || a.empty() || a.find("*/*") != std::string::npos;
}

Response activity_json(std::string body) {
  Response r = Response::json(std::move(body));
  r.content_type = kActivityJson;
  r.with_header("Vary", "Accept");
  return r;
}

Response not_found() { return Response::error(404, "Record not found"); }

// The (local, unsuspended) account of a /users/:username route.
std::optional<core::Account> local_account(const Context& ctx, const Request& req) {
  auto a = services::find_local_account_by_username(ctx.deps, std::string(req.path_param("username")));
  if (!a || !*a || (*a)->suspended()) return std::nullopt;
  return **a;
}

Response collection(const std::string& id, std::int64_t total) {
  JsonWriter w;
  w.begin_object();
  w.field("@context", kActivityStreams).field("id", id).field("type", "OrderedCollection");
  w.key("totalItems").integer(total);
  w.key("orderedItems").begin_array().end_array();
  w.end_object();
  return activity_json(w.take());
}

}  // namespace

void Federation::register_routes(http::Router& router, http::BlockingPool& pool) {
  if (mode_ == Mode::off) return;
  Context& ctx = ctx_;
  Inbox& inbox = inbox_;
  KeyCache& keys = keys_;
  Resolver& resolver = resolver_;
  // Authorized fetch (fetch_auth.h): the refusal to answer with, if any. On the pool (key fetches).
  auto refused = [&ctx, &resolver](Request& req) -> std::optional<Response> {
    auto r = check_signed_fetch(ctx, resolver, req);
    if (!r) return std::nullopt;
    return Response::error(r->status, r->message);
  };

  router.add(bh::verb::get, "/actor", [&ctx, &pool, &keys](Request&) -> awaitable<Response> {
    auto doc = co_await pool.run([&]() -> std::optional<std::string> {
      auto k = keys.instance(ctx.deps);
      if (!k) return std::nullopt;
      return instance_actor_document(ctx, k->public_pem);
    });
    if (!doc) co_return Response::error(503, "Temporarily unavailable");
    co_return activity_json(std::move(*doc));
  });

  router.add(bh::verb::get, "/.well-known/webfinger", [&ctx, &pool, refused](Request& req) -> awaitable<Response> {
    std::string resource(req.query.get("resource").value_or(""));
    // The instance actor (acct:domain@domain, as Mastodon's): answered without a signature, like
    // /actor itself, so a peer verifying the key that signed our fetch (WebFinger round trip)
    // never needs a signature back from us (no recursion between two authorized-fetch servers).
    if (util::to_lower(resource) == "acct:" + ctx.settings.domain + "@" + ctx.settings.domain) {
      JsonWriter w;
      w.begin_object();
      w.field("subject", "acct:" + ctx.settings.domain + "@" + ctx.settings.domain);
      w.key("aliases").begin_array().str(ctx.instance_actor_uri()).end_array();
      w.key("links").begin_array();
      w.begin_object().field("rel", "self").field("type", "application/activity+json").field("href", ctx.instance_actor_uri()).end_object();
      w.end_array().end_object();
      Response r = Response::json(w.take());
      r.content_type = "application/jrd+json; charset=utf-8";
      co_return r;
    }
    if (ctx.settings.authorized_fetch)
      if (auto r = co_await pool.run([&] { return refused(req); })) co_return std::move(*r);
    std::string username;
    if (resource.rfind("acct:", 0) == 0) {
      std::string rest = resource.substr(5);
      if (!rest.empty() && rest[0] == '@') rest.erase(0, 1);
      std::size_t at = rest.find('@');
      if (at == std::string::npos) co_return not_found();
      std::string domain = util::to_lower(rest.substr(at + 1));
      std::string host = ctx.settings.domain.substr(0, ctx.settings.domain.rfind(':'));
      if (domain != ctx.settings.domain && domain != host) co_return not_found();
      username = rest.substr(0, at);
    } else if (resource.rfind(ctx.settings.base_url + "/users/", 0) == 0) {
      username = resource.substr(ctx.settings.base_url.size() + 7);
    } else if (resource.rfind(ctx.settings.base_url + "/@", 0) == 0) {
      username = resource.substr(ctx.settings.base_url.size() + 2);
    } else {
      co_return Response::error(400, "Unsupported resource");
    }
    auto account = co_await pool.run([&] { return services::find_local_account_by_username(ctx.deps, username); });
    if (!account || !*account || (*account)->suspended()) co_return not_found();
    const core::Account& a = **account;
    JsonWriter w;
    w.begin_object();
    w.field("subject", "acct:" + a.username + "@" + ctx.settings.domain);
    w.key("aliases").begin_array().str(ctx.actor_uri(a)).str(ctx.profile_url(a)).end_array();
    w.key("links").begin_array();
    w.begin_object().field("rel", "self").field("type", "application/activity+json").field("href", ctx.actor_uri(a)).end_object();
    w.begin_object()
        .field("rel", "http://webfinger.net/rel/profile-page")
        .field("type", "text/html")
        .field("href", ctx.profile_url(a))
        .end_object();
    w.end_array().end_object();
    Response r = Response::json(w.take());
    r.content_type = "application/jrd+json; charset=utf-8";
    r.with_header("Access-Control-Allow-Origin", "*");
    co_return r;
  });

  router.add(bh::verb::get, "/users/:username", [&ctx, &pool, &keys, refused](Request& req) -> awaitable<Response> {
    if (ctx.settings.authorized_fetch && wants_activity_json(req.header("Accept")))
      if (auto r = co_await pool.run([&] { return refused(req); })) co_return std::move(*r);
    auto doc = co_await pool.run([&]() -> std::optional<std::string> {
      auto a = local_account(ctx, req);
      if (!a) return std::nullopt;
      if (!wants_activity_json(req.header("Accept"))) return "redirect:" + ctx.profile_url(*a);
      auto k = keys.get(ctx.deps, a->id);
      if (!k) return std::nullopt;
      return actor_document(ctx, *a, k->public_pem);
    });
    if (!doc) co_return not_found();
    if (doc->rfind("redirect:", 0) == 0) co_return Response::redirect(doc->substr(9));
    co_return activity_json(std::move(*doc));
  });

  router.add(bh::verb::get, "/users/:username/statuses/:id", [&ctx, &pool, refused](Request& req) -> awaitable<Response> {
    if (ctx.settings.authorized_fetch && wants_activity_json(req.header("Accept")))
      if (auto r = co_await pool.run([&] { return refused(req); })) co_return std::move(*r);
    auto doc = co_await pool.run([&]() -> std::optional<std::string> {
      auto a = local_account(ctx, req);
      auto id = core::parse_id(req.path_param("id"));
      if (!a || !id) return std::nullopt;
      std::optional<std::string> out;
      (void)ctx.deps.store.read([&](store::Tx& tx) -> util::Status {
        auto s = tx.statuses().find(*id);
        if (!s || !*s) return {};
        const core::Status& st = **s;
        // why: only what anyone may see is served unauthenticated (no authorized fetch yet).
        if (st.account_id != a->id || st.is_reblog() || st.local_only ||
            (st.visibility != core::Visibility::public_ && st.visibility != core::Visibility::unlisted))
          return {};
        if (!wants_activity_json(req.header("Accept"))) {
          out = "redirect:" + ctx.profile_url(*a) + "/" + core::id_string(st.id);
          return {};
        }
        auto note = note_document(ctx, tx, *a, st, false);
        if (note) out = std::move(note->json);
        return {};
      });
      return out;
    });
    if (!doc) co_return not_found();
    if (doc->rfind("redirect:", 0) == 0) co_return Response::redirect(doc->substr(9));
    co_return activity_json(std::move(*doc));
  });

  auto counted = [&ctx, &pool, refused](const char* suffix, int which) {
    return [&ctx, &pool, refused, suffix, which](Request& req) -> awaitable<Response> {
      if (ctx.settings.authorized_fetch)
        if (auto r = co_await pool.run([&] { return refused(req); })) co_return std::move(*r);
      auto a = co_await pool.run([&] { return local_account(ctx, req); });
      if (!a) co_return not_found();
      std::int64_t total = which == 0 ? a->followers_count : which == 1 ? a->following_count
                           : which == 2 ? a->statuses_count : 0;
      if (a->hide_collections && which < 2) total = 0;
      co_return collection(ctx.actor_uri(*a) + suffix, total);
    };
  };
  router.add(bh::verb::get, "/users/:username/followers", counted("/followers", 0));
  router.add(bh::verb::get, "/users/:username/following", counted("/following", 1));
  router.add(bh::verb::get, "/users/:username/outbox", counted("/outbox", 2));
  router.add(bh::verb::get, "/users/:username/collections/featured", counted("/collections/featured", 3));

  auto receive = [&inbox, &pool, &ctx](Request& req) -> awaitable<Response> {
    if (req.path != "/inbox") {
      auto a = co_await pool.run([&] { return local_account(ctx, req); });
      if (!a) co_return not_found();
    }
    auto answer = co_await pool.run([&] { return inbox.receive(req); });
    if (answer.status >= 400) co_return Response::error(answer.status, answer.message);
    Response r;
    r.status = answer.status;
    r.content_type = "text/plain; charset=utf-8";
    co_return r;
  };
  http::RouteOptions inbox_options;
  inbox_options.max_body = 1024 * 1024;  // Mastodon's 1 MB inbox limit (413 beyond, chunked too)
  router.add(bh::verb::post, "/inbox", receive, inbox_options);
  router.add(bh::verb::post, "/users/:username/inbox", receive, inbox_options);
}

}  // namespace parloir::federation
