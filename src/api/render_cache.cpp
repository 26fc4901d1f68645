#include "api/render_cache.h"

namespace parloir::api {

namespace {
constexpr std::size_t kPerShard = 1024;  // 32 shards each for statuses and accounts
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
  if (s.map.size() >= kPerShard) s.map.clear();
  s.map[id] = Entry{version, std::move(json)};
}

}  // namespace parloir::api
