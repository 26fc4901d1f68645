#include "services/view_cache.h"

namespace parloir::services {

namespace {
// why: bounded so the cache stays a few tens of MB (RSS target ≤ 150 MB under load).
constexpr std::size_t kStatusesPerShard = 1024;  // 32 shards: ~32k statuses
constexpr std::size_t kAccountsPerShard = 512;
constexpr std::size_t kViewersPerShard = 256;
constexpr std::size_t kItemsPerViewer = 1024;
}  // namespace

std::optional<Versioned<core::Status>> ViewCache::status(core::Id id) const {
  auto& s = shard(statuses_, id);
  std::lock_guard lock(s.mutex);
  auto it = s.map.find(id);
  if (it == s.map.end()) return std::nullopt;
  return it->second;
}

Versioned<core::Status> ViewCache::put_status(core::Status st) {
  Versioned<core::Status> v{std::make_shared<const core::Status>(std::move(st)), next_version()};
  auto& s = shard(statuses_, v.value->id);
  std::lock_guard lock(s.mutex);
  if (s.map.size() >= kStatusesPerShard) s.map.clear();
  s.map[v.value->id] = v;
  return v;
}

void ViewCache::invalidate_status(core::Id id) {
  auto& s = shard(statuses_, id);
  std::lock_guard lock(s.mutex);
  s.map.erase(id);
}

std::optional<Versioned<core::Account>> ViewCache::account(core::Id id) const {
  auto& s = shard(accounts_, id);
  std::lock_guard lock(s.mutex);
  auto it = s.map.find(id);
  if (it == s.map.end()) return std::nullopt;
  if (Clock::now() >= it->second.expires) {
    s.map.erase(it);
    return std::nullopt;
  }
  return it->second.v;
}

Versioned<core::Account> ViewCache::put_account(core::Account a) {
  Versioned<core::Account> v{std::make_shared<const core::Account>(std::move(a)), next_version()};
  auto& s = shard(accounts_, v.value->id);
  std::lock_guard lock(s.mutex);
  if (s.map.size() >= kAccountsPerShard) s.map.clear();
  s.map[v.value->id] = AccountEntry{v, Clock::now() + ttl_};
  return v;
}

void ViewCache::invalidate_account(core::Id id) {
  auto& s = shard(accounts_, id);
  std::lock_guard lock(s.mutex);
  s.map.erase(id);
}

std::optional<core::Relationship> ViewCache::relationship(core::Id viewer, core::Id author) const {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  auto it = s.map.find(viewer);
  if (it == s.map.end()) return std::nullopt;
  if (Clock::now() >= it->second.expires) {
    s.map.erase(it);
    return std::nullopt;
  }
  auto r = it->second.relationships.find(author);
  if (r == it->second.relationships.end()) return std::nullopt;
  return r->second;
}

void ViewCache::put_relationship(core::Id viewer, const core::Relationship& r) {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  if (s.map.size() >= kViewersPerShard && !s.map.count(viewer)) s.map.clear();
  auto [it, fresh] = s.map.try_emplace(viewer);
  if (fresh) it->second.expires = Clock::now() + ttl_;
  if (it->second.relationships.size() >= kItemsPerViewer) it->second.relationships.clear();
  it->second.relationships[r.target_account_id] = r;
}

void ViewCache::invalidate_relationship(core::Id a, core::Id b) {
  for (auto [viewer, other] : {std::pair{a, b}, std::pair{b, a}}) {
    auto& s = shard(viewers_, viewer);
    std::lock_guard lock(s.mutex);
    auto it = s.map.find(viewer);
    if (it != s.map.end()) it->second.relationships.erase(other);
  }
}

std::optional<store::ViewerFlags> ViewCache::flags(core::Id viewer, core::Id status_id) const {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  auto it = s.map.find(viewer);
  if (it == s.map.end()) return std::nullopt;
  if (Clock::now() >= it->second.expires) {
    s.map.erase(it);
    return std::nullopt;
  }
  auto f = it->second.flags.find(status_id);
  if (f == it->second.flags.end()) return std::nullopt;
  return f->second;
}

void ViewCache::put_flags(core::Id viewer, core::Id status_id, const store::ViewerFlags& f) {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  if (s.map.size() >= kViewersPerShard && !s.map.count(viewer)) s.map.clear();
  auto [it, fresh] = s.map.try_emplace(viewer);
  if (fresh) it->second.expires = Clock::now() + ttl_;
  if (it->second.flags.size() >= kItemsPerViewer) it->second.flags.clear();
  it->second.flags[status_id] = f;
}

void ViewCache::invalidate_flags(core::Id viewer, core::Id status_id) {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  auto it = s.map.find(viewer);
  if (it != s.map.end()) it->second.flags.erase(status_id);
}

void ViewCache::invalidate_viewer(core::Id viewer) {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  s.map.erase(viewer);
}

}  // namespace parloir::services
