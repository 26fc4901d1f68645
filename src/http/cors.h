// CORS as Mastodon sends it (rack-cors in config/initializers/cors.rb): public API paths allow
// any origin and expose the pagination/rate-limit headers; OPTIONS preflight on them is answered
// by the server itself. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "http/request.h"

namespace parloir::http::detail {

// True for paths that carry CORS headers: /api/..., /oauth/token, /oauth/revoke,
// /.well-known/..., /nodeinfo/..., /health.
bool is_cors_path(std::string_view path);

// Appends the CORS response header lines ("Name: value\r\n") sent on every response to a CORS path.
void append_cors_headers(std::string& head);

// The 200 empty answer to an OPTIONS preflight. `requested_headers` is the client's
// Access-Control-Request-Headers (echoed when present, else a default list).
Response preflight_response(std::string_view requested_headers);

}  // namespace parloir::http::detail
