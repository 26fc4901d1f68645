#include "services/home_feeds.h"

#include <algorithm>

namespace parloir::services {

namespace {

// Sorts newest first, removes duplicates, caps at `capacity`.
void normalise(std::vector<core::Id>& ids, std::size_t capacity) {
  std::sort(ids.begin(), ids.end(), std::greater<core::Id>());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.size() > capacity) ids.resize(capacity);
}

}  // namespace

void HomeFeeds::push(core::Id account_id, core::Id status_id) {
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  if (auto r = s.rebuilds.find(account_id); r != s.rebuilds.end()) {
    auto& pushed = r->second.pushed;
    pushed.push_back(status_id);
    if (pushed.size() > 2 * kCapacity) normalise(pushed, kCapacity);
  }
  auto it = s.feeds.find(account_id);
  if (it == s.feeds.end()) return;
  auto& feed = it->second;
  feed.insert(status_id);
  if (feed.size() > kCapacity + kSlack) feed.truncate(kCapacity);
}

void HomeFeeds::load(core::Id account_id, std::vector<core::Id> ids) {
  normalise(ids, kCapacity);
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  s.feeds[account_id].assign(ids);
}

std::uint64_t HomeFeeds::begin_rebuild(core::Id account_id) {
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  Rebuilds& r = s.rebuilds[account_id];
  if (r.active == 0) r.epoch = ++epochs_;
  ++r.active;
  return r.epoch;
}

bool HomeFeeds::finish_rebuild(core::Id account_id, std::uint64_t token, std::vector<core::Id>& ids) {
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  bool current = false;
  if (auto r = s.rebuilds.find(account_id); r != s.rebuilds.end()) {
    current = r->second.epoch == token;
    if (current) ids.insert(ids.end(), r->second.pushed.begin(), r->second.pushed.end());
    if (--r->second.active <= 0) s.rebuilds.erase(r);
  }
  normalise(ids, kCapacity);
  if (current) s.feeds[account_id].assign(ids);
  return current;
}

void HomeFeeds::abandon_rebuild(core::Id account_id, std::uint64_t) {
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  if (auto r = s.rebuilds.find(account_id); r != s.rebuilds.end() && --r->second.active <= 0) s.rebuilds.erase(r);
}

void HomeFeeds::invalidate(core::Id account_id) {
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  s.feeds.erase(account_id);
  if (auto r = s.rebuilds.find(account_id); r != s.rebuilds.end()) {
    r->second.epoch = ++epochs_;  // rebuilds in progress read the old graph: they install nothing
    r->second.pushed.clear();
  }
}

void HomeFeeds::remove(core::Id account_id, const std::vector<core::Id>& status_ids) {
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  if (auto r = s.rebuilds.find(account_id); r != s.rebuilds.end()) {
    auto& pushed = r->second.pushed;
    pushed.erase(std::remove_if(pushed.begin(), pushed.end(),
                                [&](core::Id id) {
                                  return std::find(status_ids.begin(), status_ids.end(), id) != status_ids.end();
                                }),
                 pushed.end());
  }
  auto it = s.feeds.find(account_id);
  if (it == s.feeds.end()) return;
  auto ids = it->second.ids();
  const std::size_t before = ids.size();
  ids.erase(std::remove_if(ids.begin(), ids.end(),
                           [&](core::Id id) {
                             return std::find(status_ids.begin(), status_ids.end(), id) != status_ids.end();
                           }),
            ids.end());
  if (ids.size() != before) it->second.assign(ids);
}

bool HomeFeeds::loaded(core::Id account_id) const {
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  return s.feeds.count(account_id) > 0;
}

std::optional<std::vector<core::Id>> HomeFeeds::page(core::Id account_id, const core::PageRequest& page) const {
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  auto it = s.feeds.find(account_id);
  if (it == s.feeds.end()) return std::nullopt;
  return page_of(it->second, page);
}

std::vector<core::Id> HomeFeeds::page_of(const PackedFeed& feed, const core::PageRequest& page) {
  if (is_min_id_page(page)) return page_of(feed.ids(), page);
  std::vector<core::Id> out;
  const std::size_t limit = static_cast<std::size_t>(std::max(page.limit, 0));
  if (limit == 0) return out;
  out.reserve(std::min(limit, feed.size()));
  feed.for_each([&](core::Id id) { return take_for_page(id, page, limit, out); });
  return out;
}

}  // namespace parloir::services
