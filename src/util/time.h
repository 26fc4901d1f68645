// Time helpers: wall-clock milliseconds and Mastodon's datetime format
// (YYYY-MM-DDTHH:MM:SS.sssZ, always UTC, always milliseconds). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parloir::util {

// Milliseconds since the Unix epoch, from the system clock.
std::int64_t now_ms();

// 1700000000123 -> "2023-11-14T22:13:20.123Z".
std::string format_datetime(std::int64_t unix_ms);

// 1700000000123 -> "2023-11-14" (Mastodon's `last_status_at`).
std::string format_date(std::int64_t unix_ms);

// Parses ISO 8601 "YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm]"; nullopt when malformed.
std::optional<std::int64_t> parse_datetime(std::string_view text);

// Parses a duration like "30s", "15m", "24h", "7d" or a bare number of seconds; nullopt when malformed.
std::optional<std::int64_t> parse_duration_seconds(std::string_view text);

}  // namespace parloir::util
