#include "services/home_feeds.h"

#include <algorithm>

namespace parloir::services {

void HomeFeeds::push(core::Id account_id, core::Id status_id) {
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  auto it = s.feeds.find(account_id);
  if (it == s.feeds.end()) return;
  auto& feed = it->second;
  // Usually the newest: insert at the front; otherwise keep the order.
  if (feed.empty() || status_id > feed.front()) {
    feed.push_front(status_id);
  } else {
    auto pos = std::lower_bound(feed.begin(), feed.end(), status_id, std::greater<core::Id>());
    if (pos != feed.end() && *pos == status_id) return;
    feed.insert(pos, status_id);
  }
  if (feed.size() > kCapacity) feed.pop_back();
}

void HomeFeeds::load(core::Id account_id, std::vector<core::Id> ids) {
  std::sort(ids.begin(), ids.end(), std::greater<core::Id>());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.size() > kCapacity) ids.resize(kCapacity);
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  s.feeds[account_id] = std::deque<core::Id>(ids.begin(), ids.end());
}

void HomeFeeds::invalidate(core::Id account_id) {
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  s.feeds.erase(account_id);
}

void HomeFeeds::remove(core::Id account_id, const std::vector<core::Id>& status_ids) {
  Shard& s = shard(account_id);
  std::lock_guard lock(s.mutex);
  auto it = s.feeds.find(account_id);
  if (it == s.feeds.end()) return;
  auto& feed = it->second;
  feed.erase(std::remove_if(feed.begin(), feed.end(),
                            [&](core::Id id) {
                              return std::find(status_ids.begin(), status_ids.end(), id) != status_ids.end();
                            }),
             feed.end());
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
  const auto& feed = it->second;  // newest first
  std::vector<core::Id> out;
  std::size_t limit = static_cast<std::size_t>(std::max(page.limit, 0));
  if (page.min_id && !page.max_id && !page.since_id) {
    // The `limit` items just above min_id: walk from the oldest end.
    std::vector<core::Id> up;
    for (auto rit = feed.rbegin(); rit != feed.rend() && up.size() < limit; ++rit)
      if (*rit > *page.min_id) up.push_back(*rit);
    std::reverse(up.begin(), up.end());
    return up;
  }
  for (core::Id id : feed) {
    if (out.size() >= limit) break;
    if (page.max_id && id >= *page.max_id) continue;
    if (page.since_id && id <= *page.since_id) break;
    if (page.min_id && id <= *page.min_id) break;
    out.push_back(id);
  }
  return out;
}

}  // namespace parloir::services
