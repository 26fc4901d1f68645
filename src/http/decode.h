// Request decoding done by the session before a handler runs: the request target into
// Request::path/query_string/query, and the body into Request::body/files by Content-Type.
// Pure functions on a Request owned by the caller; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/request.h"

namespace parloir::http::detail {

// Splits an origin-form target ("/a%20b?x=1") into the percent-decoded path and the raw query.
// An absolute-form target ("http://host/a") is reduced to its path first. Returns false (-> 400)
// when the target is not a path, has an invalid %-escape, or decodes to a NUL byte.
bool decode_target(std::string_view target, std::string& path, std::string& query_string);

// Decodes req.raw.body() into req.body / req.files according to Content-Type:
// application/json (flattened; empty body allowed), application/x-www-form-urlencoded and
// multipart/form-data (its raw body is then released to save memory). Other types are left raw.
// Returns the client-safe error message when the body is malformed (-> 400), nullopt otherwise.
std::optional<std::string_view> decode_body(Request& req);

}  // namespace parloir::http::detail
