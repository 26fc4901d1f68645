// Serving the web app (web/dist) at `/`: the entry page, hashed assets, root files (favicon,
// manifest…) and the single-page app's own routes, with caching, ETags, gzip and the security
// headers (docs/configuration.md, [web]).
#pragma once

#include <utility>  // why: boost/asio/awaitable.hpp uses std::exchange without it (g++ 12)

#include <string>
#include <string_view>

#include "api/env.h"
#include "api/web/assets.h"
#include "http/router.h"

namespace parloir::api {

// Registers GET / and GET /assets/:file (both public on a private instance: the app must load
// so people can sign in; it reads data only through the API) and sets the router's fallback:
// a GET that matches no route is a root file of the build, else — when its Accept includes
// text/html — the app's entry page (the app routes itself), else 404 JSON. Without a build
// (env.web_assets null or without index.html) pages say the web app is not built.
void register_web_app_routes(http::Router& router, const Env& env);

// The Content-Security-Policy of the app's pages: scripts, styles, fonts and manifest from
// self only; connect-src self plus the instance's ws/wss streaming origin; images and media
// from self, data:, blob: and env.web_media_sources; no framing, no plugins, no <base>.
std::string web_app_csp(const Env& env);

// `asset` as a response: Content-Type, ETag, Cache-Control (immutable for /assets/, else
// no-cache), gzip when the request accepts it (Vary: Accept-Encoding), and 304 when
// If-None-Match names the current ETag. HTML also gets the app's security headers.
http::Response web_asset_response(const Env& env, const http::Request& req, const WebAsset& asset);

// The security headers of an HTML page of the app (CSP, nosniff, Referrer-Policy, no framing).
void add_web_security_headers(const Env& env, http::Response& r);

}  // namespace parloir::api
