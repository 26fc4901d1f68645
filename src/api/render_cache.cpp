#include "api/render_cache.h"

namespace parloir::api {

namespace {
// why: 32 shards × 512 = 16,384 accounts, as the ViewCache holds (what is not in it gets a new
// version when loaded again, so caching more JSON than that would only hold dead entries);
// statuses 32 × 256 = 8,192, as the ViewCache holds them (services/view_cache.cpp).
constexpr std::size_t kAccountsPerShard = 512;
constexpr std::size_t kStatusesPerShard = 256;
}

std::shared_ptr<const std::string> RenderCache::get(bool account, core::Id id, std::uint64_t version) const {
  if (version == 0) return nullptr;
  Shard& s = shard(account, id);
  std::lock_guard lock(s.mutex);
  auto it = s.map.find(id);
  if (it == s.map.end() || it->second.version != version) return nullptr;
  return it->second.json;
}

void RenderCache::put(bool account, core::Id id, std::uint64_t version, std::shared_ptr<const std::string> json) {
  if (version == 0) return;
  Shard& s = shard(account, id);
  std::lock_guard lock(s.mutex);
  if (s.map.size() >= (account ? kAccountsPerShard : kStatusesPerShard)) s.map.clear();
  s.map[id] = Entry{version, std::move(json)};
}

}  // namespace parloir::api
