#include "http/router.h"

#include <stdexcept>

#include <boost/container/small_vector.hpp>

namespace parloir::http {

// One path segment level of the route tree. Literal children are few per node, so a vector
// scanned linearly beats a map here.
struct Router::Node {
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> literals;
  std::unique_ptr<Node> param;  // ":name" child
  std::string param_name;
  std::vector<const Route*> routes;  // routes ending at this node, one per method
};

namespace {

// Splits "/a/b/" into segments "a", "b" (one trailing slash ignored; "/" has no segments).
template <class F>
bool for_each_segment(std::string_view path, F&& f) {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return true;
  for (;;) {
    std::size_t slash = path.find('/');
    if (!f(path.substr(0, slash))) return false;
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

void Router::add(beast_http::verb method, std::string pattern, Handler handler, RouteOptions options) {
  if (!root_) root_ = std::make_shared<Node>();
  Node* node = root_.get();
  bool ok = for_each_segment(pattern, [&](std::string_view seg) {
    if (seg.empty()) return false;
    if (seg.front() == ':') {
      std::string name(seg.substr(1));
      if (!node->param) {
        node->param = std::make_unique<Node>();
        node->param_name = name;
      } else if (node->param_name != name) {
        return false;  // one parameter name per position keeps matches unambiguous
      }
      node = node->param.get();
      return true;
    }
    for (auto& [lit, child] : node->literals) {
      if (lit == seg) {
        node = child.get();
        return true;
      }
    }
    node->literals.emplace_back(std::string(seg), std::make_unique<Node>());
    node = node->literals.back().second.get();
    return true;
  });
  if (!ok) throw std::invalid_argument("router: bad pattern " + pattern);
  for (const Route* r : node->routes)
    if (r->method == method) throw std::invalid_argument("router: duplicate route " + pattern);
  routes_.push_back(std::make_unique<Route>(Route{method, std::move(pattern), std::move(handler), options}));
  node->routes.push_back(routes_.back().get());
}

void Router::wrap_handlers(const std::function<Handler(const Route&)>& wrap) {
  for (auto& r : routes_) r->handler = wrap(*r);
}

// why: most paths have few segments; inline storage keeps match() free of allocations
// except for the captured parameters it returns.
using Segments = boost::container::small_vector<std::string_view, 12>;

struct Router::Search {
  const Segments& segs;
  beast_http::verb method;
  bool path_exists = false;
  boost::container::small_vector<std::pair<std::string_view, std::string_view>, 4> captured;  // name, value
};

// Depth-first: literal child first, then the parameter child, so literals win. Returns the
// route for `method`, noting in s.path_exists any node that matched the whole path.
const Route* Router::find(const Node* node, std::size_t i, Search& s) {
  if (i == s.segs.size()) {
    if (node->routes.empty()) return nullptr;
    for (const Route* r : node->routes)
      if (r->method == s.method) return r;
    s.path_exists = true;
    return nullptr;
  }
  std::string_view seg = s.segs[i];
  for (const auto& [lit, child] : node->literals) {
    if (lit == seg) {
      if (const Route* r = find(child.get(), i + 1, s)) return r;
      break;
    }
  }
  if (node->param && !seg.empty()) {
    s.captured.emplace_back(node->param_name, seg);
    if (const Route* r = find(node->param.get(), i + 1, s)) return r;
    s.captured.pop_back();
  }
  return nullptr;
}

RouteMatch Router::match(beast_http::verb method, std::string_view path) const {
  RouteMatch out;
  if (!root_) return out;
  Segments segs;
  if (!for_each_segment(path, [&](std::string_view seg) {
        segs.push_back(seg);
        return true;
      }))
    return out;
  Search s{segs, method, false, {}};
  out.route = find(root_.get(), 0, s);
  out.path_exists = s.path_exists;
  if (out.route) {
    out.path_exists = true;
    out.params.reserve(s.captured.size());
    for (auto [name, value] : s.captured) out.params.emplace_back(std::string(name), std::string(value));
  }
  return out;
}

void Router::add_stream(StreamKind kind, std::string path, StreamRouteHandler handler) {
  streams_.push_back(StreamRoute{kind, std::move(path), std::move(handler)});
}

const StreamRoute* Router::match_stream(StreamKind kind, std::string_view path) const {
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  for (const auto& r : streams_)
    if (r.kind == kind && r.path == path) return &r;
  return nullptr;
}

}  // namespace parloir::http
