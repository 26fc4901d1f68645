#include "api/web/app.h"

#include "api/web/public_pages.h"
#include "http/gzip.h"
#include "util/strings.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True when an If-None-Match header value names `etag` (weak comparison, as RFC 9110 asks for
// If-None-Match) or is "*".
bool etag_matches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    std::size_t comma = header.find(',');
    std::string_view item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (item == "*") return true;
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == etag) return true;
  }
  return false;
}

bool accepts_html(const Request& req) {
  return util::to_lower(req.header("Accept")).find("text/html") != std::string::npos;
}

Response not_built(const Env& env, unsigned status = 200) {
  std::string html =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" +
      util::html_escape(instance_title(env)) +
      "</title></head><body><h1>" + util::html_escape(instance_title(env)) +
      "</h1><p>The web app is not built. Run <code>make build</code> (or set <code>web.root</code> to a built "
      "<code>web/dist</code>). Mastodon apps work meanwhile: the API is at this address.</p></body></html>";
  Response r = Response::html(std::move(html), status);
  r.with_header("Cache-Control", "no-cache");
  add_web_security_headers(env, r);
  return r;
}

Response serve_entry(const Env& env, const Request& req) {
  const WebAsset* index = env.web_assets ? env.web_assets->index() : nullptr;
  if (!index) return not_built(env);
  Response r = web_asset_response(env, req, *index);
  r.with_header("Vary", "Accept");
  return r;
}

awaitable<Response> serve_asset(const Env& env, Request& req) {
  const WebAsset* a = env.web_assets ? env.web_assets->find(req.path) : nullptr;
  if (!a) co_return Response::error(404, "Record not found");
  co_return web_asset_response(env, req, *a);
}

// Paths the app never owns: an unknown API, OAuth, federation or media path stays a 404 even
// for a browser.
bool server_path(std::string_view path) {
  for (std::string_view prefix : {"/api/", "/oauth/", "/.well-known/", "/nodeinfo/", "/system/", "/users/"})
    if (path.substr(0, prefix.size()) == prefix) return true;
  return false;
}

// True when the client asks for ActivityPub JSON (a peer resolving a profile or post URL).
bool wants_activity_json(const Request& req) {
  std::string a = util::to_lower(req.header("Accept"));
  return a.find("application/activity+json") != std::string::npos ||
         a.find("application/ld+json") != std::string::npos;
}

awaitable<Response> fallback(const Env& env, const http::Router& router, Request& req) {
  if (auto p = parse_public_path(req.path)) {
    if (p->kind != PublicPath::Kind::rss && wants_activity_json(req)) {
      // /@alice and /@alice/:id are also ActivityPub ids' aliases (Mastodon's url): hand the
      // request to the federation route of the same object (private-instance rules included).
      std::string target = "/users/" + p->username;
      if (p->kind == PublicPath::Kind::status) target += "/statuses/" + p->status_id;
      http::RouteMatch m = router.match(bh::verb::get, target);
      if (!m.route) co_return Response::error(404, "Record not found");
      req.path = std::move(target);
      req.path_params = std::move(m.params);
      co_return co_await m.route->handler(req);
    }
    co_return co_await serve_public_page(env, req, *p);
  }
  if (env.web_assets) {
    // A file at the build's root (favicon.ico, manifest.webmanifest, robots.txt…).
    if (const WebAsset* a = env.web_assets->find(req.path); a && req.path != "/index.html")
      co_return web_asset_response(env, req, *a);
  }
  if (accepts_html(req) && !server_path(req.path)) co_return serve_entry(env, req);
  co_return Response::error(404, "Record not found");
}

}  // namespace

std::string web_app_csp(const Env& env) {
  std::string media = "'self' data: blob:";
  if (!env.web_media_sources.empty()) media += " " + env.web_media_sources;
  std::string ws = env.streaming_url();
  return "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; manifest-src 'self'; "
         "connect-src 'self' " + ws + "; img-src " + media + "; media-src " + media +
         "; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";
}

void add_web_security_headers(const Env& env, Response& r) {
  r.with_header("Content-Security-Policy", web_app_csp(env));
  r.with_header("X-Content-Type-Options", "nosniff");
  r.with_header("Referrer-Policy", "same-origin");
  r.with_header("X-Frame-Options", "DENY");
}

Response web_asset_response(const Env& env, const Request& req, const WebAsset& a) {
  const bool gz = !a.gzip.empty() && http::accepts_gzip(req.header("Accept-Encoding"));
  const std::string& etag = gz ? a.gzip_etag : a.etag;
  Response r;
  r.content_type = a.content_type;
  if (etag_matches(req.header("If-None-Match"), etag)) {
    r.status = 304;
  } else {
    r.body.assign(gz ? a.gzip : a.body);
    if (gz) r.with_header("Content-Encoding", "gzip");
  }
  r.with_header("ETag", etag);
  r.with_header("Cache-Control", std::string(a.immutable ? kImmutable : "no-cache"));
  if (!a.gzip.empty()) r.with_header("Vary", "Accept-Encoding");
  if (a.content_type.rfind("text/html", 0) == 0) {
    add_web_security_headers(env, r);
  } else {
    r.with_header("X-Content-Type-Options", "nosniff");
  }
  return r;
}

void register_web_app_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/", [e](Request& req) -> awaitable<Response> { co_return serve_entry(*e, req); });
  router.add(bh::verb::get, "/assets/:file", [e](Request& req) { return serve_asset(*e, req); });
  const http::Router* r = &router;
  router.set_fallback([e, r](Request& req) { return fallback(*e, *r, req); });
}

}  // namespace parloir::api
