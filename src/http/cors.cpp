#include "http/cors.h"

namespace parloir::http::detail {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// `/oauth/token` or `/oauth/token/...`, not `/oauth/tokens`.
bool is_path_or_below(std::string_view path, std::string_view base) {
  return starts_with(path, base) && (path.size() == base.size() || path[base.size()] == '/');
}

}  // namespace

bool is_cors_path(std::string_view path) {
  return starts_with(path, "/api/") || is_path_or_below(path, "/oauth/token") ||
         is_path_or_below(path, "/oauth/revoke") || starts_with(path, "/.well-known/") ||
         starts_with(path, "/nodeinfo/") || is_path_or_below(path, "/health");
}

void append_cors_headers(std::string& head) {
  head +=
      "Access-Control-Allow-Origin: *\r\n"
      "Access-Control-Expose-Headers: Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, "
      "X-Request-Id, Idempotency-Key\r\n";
}

Response preflight_response(std::string_view requested_headers) {
  Response r;
  r.status = 200;
  r.content_type.clear();
  r.headers.emplace_back("Access-Control-Allow-Methods", "POST, PUT, DELETE, GET, PATCH, OPTIONS");
  // why: the request header value has already been validated by the parser (no CR/LF).
  r.headers.emplace_back("Access-Control-Allow-Headers",
                         requested_headers.empty()
                             ? std::string("Authorization, Content-Type, Idempotency-Key, Accept, X-Requested-With")
                             : std::string(requested_headers));
  r.headers.emplace_back("Access-Control-Max-Age", "7200");
  return r;
}

}  // namespace parloir::http::detail
