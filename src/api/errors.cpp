#include "api/errors.h"

#include <spdlog/spdlog.h>

namespace parloir::api {

unsigned http_status(util::ErrorCode code) {
  using util::ErrorCode;
  switch (code) {
    case ErrorCode::bad_request: return 400;
    case ErrorCode::unauthorized: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::payload_too_large: return 413;
    case ErrorCode::unprocessable: return 422;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::internal: break;
  }
  return 500;
}

http::Response error_response(const util::Error& error) {
  unsigned status = http_status(error.code);
  if (status >= 500) {
    spdlog::error("internal error: {} ({})", error.public_message, error.detail);
    return http::Response::error(status, status == 503 ? "Service temporarily unavailable" : "Internal server error");
  }
  if (!error.detail.empty()) spdlog::debug("{}: {}", error.public_message, error.detail);
  return http::Response::error(status, error.public_message);
}

http::Response not_found() { return http::Response::error(404, "Record not found"); }

std::optional<core::Id> path_id(const http::Request& req, std::string_view name) {
  return core::parse_id(req.path_param(name));
}

}  // namespace parloir::api
