// Result<T> and Error: how every module reports expected failures.
// Error carries a client-safe public message and a log-only detail; the HTTP status a code maps
// to is decided only in api/ (see api/errors.h). Value types, no shared state.
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace parloir::util {

enum class ErrorCode {
  bad_request,     // malformed input (400)
  unauthorized,    // missing/invalid credentials (401)
  forbidden,       // authenticated but not allowed (403)
  not_found,       // absent or not visible to the viewer (404)
  conflict,        // state conflict, e.g. duplicate (409)
  payload_too_large,  // (413)
  unprocessable,   // validation failed (422)
  rate_limited,    // (429)
  unavailable,     // dependency down (503)
  internal,        // bug or I/O failure (500)
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string public_message;  // safe to show a client
  std::string detail;          // logs only
};

template <class T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string public_message, std::string detail = {}) {
  return tl::unexpected<Error>(Error{code, std::move(public_message), std::move(detail)});
}

inline tl::unexpected<Error> fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

}  // namespace parloir::util
