// One access-log line per request, written to util::access_logger() (an async spdlog logger):
//   <ip> "<METHOD> <target> HTTP/1.x" <status> <bytes> <micros>us
// The query string is replaced by "?…" when it carries an access_token, so bearer tokens given
// in the URL (streaming API) never reach the log. Thread-safe (spdlog locks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <spdlog/logger.h>

namespace parloir::http::detail {

// The target as logged: unchanged, or path + "?…" when the query mentions access_token.
std::string_view loggable_target(std::string_view target, bool* redacted);

void write_access_log(spdlog::logger& log, std::string_view ip, std::string_view method, std::string_view target,
                      unsigned version, unsigned status, std::size_t bytes, std::int64_t micros);

}  // namespace parloir::http::detail
