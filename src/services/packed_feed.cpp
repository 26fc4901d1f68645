#include "services/packed_feed.h"

#include <algorithm>

namespace parloir::services {

namespace {
constexpr std::uint64_t kSeqMask = 0xffff;
// why: growing by this much at a time keeps a feed's slack small (vector doubling would
// reserve up to twice its size) while reallocating once per ~16 pushes.
constexpr std::size_t kGrowth = 64;

// Writes `v` as a varint at `out`; returns its length (at most 10).
std::size_t put(std::uint8_t* out, std::uint64_t v) {
  std::size_t n = 0;
  while (v >= 0x80) {
    out[n++] = static_cast<std::uint8_t>(v | 0x80);
    v >>= 7;
  }
  out[n++] = static_cast<std::uint8_t>(v);
  return n;
}

}  // namespace

void PackedFeed::write(std::vector<std::uint8_t>& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}

void PackedFeed::assign(const std::vector<core::Id>& ids) {
  std::vector<std::uint8_t> out;
  out.reserve(ids.size() * 5 + 8);
  std::uint64_t prev_ms = 0;
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {  // oldest first
    auto id = static_cast<std::uint64_t>(*it);
    std::uint64_t ms = id >> 16;
    write(out, ms - prev_ms);  // the oldest: prev_ms = 0, its ms
    write(out, id & kSeqMask);
    prev_ms = ms;
  }
  out.shrink_to_fit();
  bytes_ = std::move(out);
  count_ = static_cast<std::uint32_t>(ids.size());
  newest_ = ids.empty() ? 0 : ids.front();
}

std::vector<core::Id> PackedFeed::ids() const {
  std::vector<core::Id> out;
  out.reserve(count_);
  for_each([&](core::Id id) {
    out.push_back(id);
    return true;
  });
  return out;
}

core::Id PackedFeed::front() const { return newest_; }

void PackedFeed::insert(core::Id id) {
  if (empty()) {
    assign({id});
    return;
  }
  if (id <= newest_) {  // rare (fan-out races, delivery order): decode, insert, encode
    auto all = ids();
    auto pos = std::lower_bound(all.begin(), all.end(), id, std::greater<core::Id>());
    if (pos != all.end() && *pos == id) return;
    all.insert(pos, id);
    assign(all);
    return;
  }
  const auto uid = static_cast<std::uint64_t>(id);
  std::uint8_t entry[20];  // two varints of at most 10 bytes
  std::size_t n = put(entry, (uid >> 16) - (static_cast<std::uint64_t>(newest_) >> 16));
  n += put(entry + n, uid & kSeqMask);
  if (bytes_.size() + n > bytes_.capacity()) bytes_.reserve(bytes_.size() + n + kGrowth);
  bytes_.insert(bytes_.end(), entry, entry + n);
  newest_ = id;
  ++count_;
}

void PackedFeed::truncate(std::size_t n) {
  if (n >= count_) return;
  if (n == 0) {
    *this = PackedFeed();
    return;
  }
  // Skip the oldest count_ - n entries; the first kept one gets its ms in full.
  const std::size_t drop = count_ - n;
  const std::uint8_t* p = bytes_.data();
  std::uint64_t ms = 0;
  for (std::size_t i = 0; i < drop; ++i) {
    ms += read(p);
    read(p);
  }
  ms += read(p);  // the first kept entry's delta: now its absolute ms
  std::vector<std::uint8_t> out;
  const std::uint8_t* end = bytes_.data() + bytes_.size();
  out.reserve(static_cast<std::size_t>(end - p) + 10 + kGrowth);
  write(out, ms);
  out.insert(out.end(), p, end);
  bytes_ = std::move(out);
  count_ = static_cast<std::uint32_t>(n);
}

}  // namespace parloir::services
