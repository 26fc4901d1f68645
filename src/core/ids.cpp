#include "core/ids.h"

namespace parloir::core {

Id SnowflakeGenerator::next(std::int64_t unix_ms) {
  std::int64_t candidate = unix_ms << 16;
  std::int64_t prev = last_.load(std::memory_order_relaxed);
  while (true) {
    std::int64_t next = candidate > prev ? candidate : prev + 1;
    if (last_.compare_exchange_weak(prev, next, std::memory_order_relaxed)) return next;
  }
}

std::optional<Id> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<Id>(v);
}

}  // namespace parloir::core
