#include "api/pagination.h"

#include <cstdlib>

#include "util/strings.h"

namespace parloir::api {

core::PageRequest parse_page(const http::Request& req, int default_limit, int max_limit) {
  core::PageRequest p;
  auto id = [&](const char* key) -> std::optional<core::Id> {
    auto v = req.param(key);
    if (!v || v->empty()) return std::nullopt;
    return core::parse_id(*v);
  };
  p.max_id = id("max_id");
  p.since_id = id("since_id");
  p.min_id = id("min_id");
  p.limit = default_limit;
  if (auto l = req.param("limit")) {
    long long n = std::atoll(std::string(*l).c_str());
    if (n < 0) n = -n;
    if (n > 0) p.limit = static_cast<int>(std::min<long long>(n, max_limit));
  }
  return p;
}

namespace {
// The request's own parameters (query), minus the cursors, re-encoded.
std::string kept_query(const http::Request& req) {
  std::string out;
  for (const auto& [k, v] : req.query.items()) {
    if (k == "max_id" || k == "since_id" || k == "min_id" || k == "access_token") continue;
    out += util::url_encode(k);
    out += '=';
    out += util::url_encode(v);
    out += '&';
  }
  return out;
}
}  // namespace

std::string link_header(const Env& env, const http::Request& req, const core::PageRequest& page, std::size_t returned,
                        std::optional<core::Id> newest, std::optional<core::Id> oldest) {
  if (returned == 0 || !newest || !oldest) return "";
  std::string base = env.base_url + req.path + "?" + kept_query(req);
  std::string link;
  if (returned >= static_cast<std::size_t>(page.limit))
    link = "<" + base + "max_id=" + std::to_string(*oldest) + ">; rel=\"next\", ";
  link += "<" + base + "min_id=" + std::to_string(*newest) + ">; rel=\"prev\"";
  return link;
}

void add_link(http::Response& response, const std::string& link) {
  if (!link.empty()) response.with_header("Link", link);
}

}  // namespace parloir::api
