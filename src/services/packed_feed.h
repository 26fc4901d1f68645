// PackedFeed: a home feed's status ids (strictly decreasing) in about 4 bytes each instead of 8.
// A snowflake id is (unix_ms << 16) | sequence; each id is stored as two varints (LEB128): how
// many ms newer than the previous (older) id it is (the oldest: its ms) and its sequence
// (usually 0: 1 byte). Stored oldest first, so a push (the newest) appends a few bytes; read
// newest first by walking back from the end (a LEB128 varint ends at a byte below 0x80).
// Used by HomeFeeds (services/home_feeds.h), which holds 10,000 feeds × 400 ids (issue 4: RSS).
// Not thread-safe (HomeFeeds guards each one with its shard's mutex).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/ids.h"

namespace parloir::services {

class PackedFeed {
 public:
  PackedFeed() = default;
  // `ids` must be strictly decreasing and positive.
  explicit PackedFeed(const std::vector<core::Id>& ids) { assign(ids); }

  // Replaces the content; `ids` strictly decreasing and positive.
  void assign(const std::vector<core::Id>& ids);
  // The ids, newest first.
  std::vector<core::Id> ids() const;
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // The newest id; the feed must not be empty.
  core::Id front() const;
  // Adds `id` (positive) if absent, keeping the order; appends a few bytes when newer than
  // front(), else decodes and re-encodes the feed.
  void insert(core::Id id);
  // Keeps the newest `n` ids (moves the kept bytes: call it once per many pushes).
  void truncate(std::size_t n);

  // Calls visit(id) for each id, newest first, until it returns false.
  template <class Visit>
  void for_each(Visit&& visit) const {
    const std::uint8_t* begin = bytes_.data();
    const std::uint8_t* p = begin + bytes_.size();
    std::uint64_t ms = static_cast<std::uint64_t>(newest_) >> 16;
    for (std::size_t i = 0; i < count_; ++i) {
      std::uint64_t seq = read_back(begin, p), delta = read_back(begin, p);
      if (!visit(static_cast<core::Id>((ms << 16) | seq))) return;
      ms -= delta;
    }
  }

 private:
  // The varint ending just before `p` (moved back to its first byte).
  static std::uint64_t read_back(const std::uint8_t* begin, const std::uint8_t*& p) {
    const std::uint8_t* q = p - 1;
    while (q > begin && (q[-1] & 0x80)) --q;
    p = q;
    return read(q);
  }
  static std::uint64_t read(const std::uint8_t*& p) {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      std::uint8_t b = *p++;
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
  }
  static void write(std::vector<std::uint8_t>& out, std::uint64_t v);

  std::vector<std::uint8_t> bytes_;  // oldest first
  core::Id newest_ = 0;
  std::uint32_t count_ = 0;
};

}  // namespace parloir::services
