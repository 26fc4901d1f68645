// Snowflake IDs as Mastodon makes them: (unix_ms << 16) | sequence, so IDs sort by creation time
// and can be turned back into a timestamp. Rendered to clients as decimal strings.
// SnowflakeGenerator is thread-safe (one atomic); one instance is owned by app/ and shared.
#pragma once

#include <atomic>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parloir::core {

using Id = std::int64_t;

class SnowflakeGenerator {
 public:
  // Returns a fresh ID for an object created at `unix_ms`. IDs from one generator are strictly
  // increasing even when the clock stalls or goes backwards (the sequence then borrows from the
  // next millisecond).
  Id next(std::int64_t unix_ms);

 private:
  std::atomic<std::int64_t> last_{0};
};

// The smallest ID that a snowflake for `unix_ms` can have (for "since this time" queries).
constexpr Id min_id_for_time(std::int64_t unix_ms) { return unix_ms << 16; }
// The creation time encoded in a snowflake.
constexpr std::int64_t id_time_ms(Id id) { return id >> 16; }

// The shard (0 ≤ result < `shards`) of a sharded in-memory map keyed by id. Ids must not be
// taken modulo a power of two directly: their low 16 bits are a sequence that is 0 for
// everything created alone in its millisecond, so `id % 32` put nearly every status and account
// in shard 0. Fibonacci hashing spreads them.
constexpr std::size_t shard_of(Id id, std::size_t shards) {
  return static_cast<std::size_t>((static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ull) >> 32) % shards;
}

// Parses a decimal ID from a client ("123"); nullopt unless it is 1-19 digits and fits.
std::optional<Id> parse_id(std::string_view text);

inline std::string id_string(Id id) { return std::to_string(id); }

// The decimal text of an id without allocating (a snowflake has 18–19 digits, more than a
// std::string holds inline): for serialisers that copy it straight into their output.
class IdText {
 public:
  explicit IdText(Id id) { size_ = static_cast<std::size_t>(std::to_chars(buf_, buf_ + sizeof buf_, id).ptr - buf_); }
  std::string_view view() const { return {buf_, size_}; }
  operator std::string_view() const { return view(); }  // NOLINT: implicit by design

 private:
  char buf_[20];
  std::size_t size_;
};

}  // namespace parloir::core
