// Public pages of a (non-private) instance, server-rendered so a link shared by email or chat
// shows the post: /@username (profile and recent public statuses), /@username/:id (one
// status), /@username.rss (public statuses as RSS 2.0). Each page carries OpenGraph and Twitter
// meta, <link rel="alternate" type="application/activity+json"> and a link into the app.
// Only public and unlisted statuses appear (never private, direct or local-only ones; RSS:
// public only); suspended or unknown accounts are 404. On a private instance the pages
// redirect to the app's sign-in (/) and RSS answers 401: nothing is rendered.
#pragma once

#include <utility>  // why: boost/asio/awaitable.hpp uses std::exchange without it (g++ 12)

#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "api/env.h"
#include "http/request.h"

namespace parloir::api {

// What a /@… path names.
struct PublicPath {
  enum class Kind { profile, status, rss } kind = Kind::profile;
  std::string username;
  std::string status_id;  // Kind::status
};

// Parses "/@alice", "/@alice/123", "/@alice.rss" (a trailing slash tolerated); nullopt for
// anything else (remote "@alice@domain" handles included: those are the app's business).
std::optional<PublicPath> parse_public_path(std::string_view path);

// Renders the page (GET or HEAD). Blocking work runs on env.pool.
boost::asio::awaitable<http::Response> serve_public_page(const Env& env, http::Request& req, const PublicPath& p);

}  // namespace parloir::api
