// Mapping from util::Error to Mastodon's HTTP errors ({"error": ...} with its status codes).
#pragma once

#include <optional>
#include <string_view>

#include "core/ids.h"
#include "http/request.h"
#include "util/result.h"

namespace parloir::api {

// bad_request 400, unauthorized 401, forbidden 403, not_found 404, conflict 409,
// payload_too_large 413, unprocessable 422, rate_limited 429, unavailable 503, internal 500.
// Internal errors show a generic message and log the detail.
unsigned http_status(util::ErrorCode code);
http::Response error_response(const util::Error& error);
// 404 {"error":"Record not found"} — also for entities the viewer may not see.
http::Response not_found();

// The path parameter `name` (default ":id") as an ID; nullopt when absent or not decimal
// (callers answer not_found()).
std::optional<core::Id> path_id(const http::Request& req, std::string_view name = "id");

}  // namespace parloir::api
