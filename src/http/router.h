// Router: maps (method, path) to a handler coroutine, with ":name" path parameters and a
// trailing slash tolerated ("/api/v1/instance/" matches "/api/v1/instance").
// Build it once at start-up (add() is not thread-safe); match() is const and thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>
#include <utility>  // why: before Asio; g++ 12 + Boost 1.74 awaitable.hpp uses std::exchange

#include <boost/asio/awaitable.hpp>

#include "http/request.h"
#include "http/stream.h"

namespace parloir::http {

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

struct RouteOptions {
  std::size_t max_body = 0;  // 0 = the server's default JSON/form body limit (1 MiB)
};

struct Route {
  beast_http::verb method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
};

struct RouteMatch {
  const Route* route = nullptr;  // null when nothing matched
  bool path_exists = false;      // some route has this path with another method (-> 405)
  std::vector<std::pair<std::string, std::string>> params;
};

// A long-lived stream endpoint (http/stream.h), matched by exact path (trailing slash
// tolerated): a WebSocket route takes only upgrade requests; an event-stream route takes GETs.
struct StreamRoute {
  StreamKind kind;
  std::string path;
  StreamRouteHandler handler;
};

class Router {
 public:
  void add_stream(StreamKind kind, std::string path, StreamRouteHandler handler);
  // The stream route of `kind` for `path`, or null.
  const StreamRoute* match_stream(StreamKind kind, std::string_view path) const;

  // pattern: "/api/v1/accounts/:id/follow". Segments starting with ':' capture one segment.
  // Literal segments win over parameters when both could match.
  void add(beast_http::verb method, std::string pattern, Handler handler, RouteOptions options = {});
  RouteMatch match(beast_http::verb method, std::string_view path) const;
  // Replaces every registered route's handler by wrap(route) (e.g. rate limiting around all
  // routes). Start-up only, after the routes are added; not thread-safe.
  void wrap_handlers(const std::function<Handler(const Route&)>& wrap);
  // The handler for a GET (or HEAD) that matches no route and no other method of any route:
  // the web app's files and pages (api/web/). Without one such requests get 404. Not touched by
  // wrap_handlers, so it must apply its own access rules. Start-up only.
  // Its pattern, for logs and `parloir routes`, is "*".
  void set_fallback(Handler handler) {
    fallback_ = std::make_unique<Route>(Route{beast_http::verb::get, "*", std::move(handler), {}});
  }
  const Route* fallback() const { return fallback_.get(); }
  // Every registered route, in registration order (for `parloir routes` and route-walking tests).
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  struct Node;
  struct Search;
  static const Route* find(const Node* node, std::size_t i, Search& s);

  std::shared_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<StreamRoute> streams_;
  std::unique_ptr<Route> fallback_;
};

}  // namespace parloir::http
