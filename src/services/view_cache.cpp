#include "services/view_cache.h"

namespace parloir::services {

namespace {
// why: bounded so the cache stays a few tens of MB (RSS target ≤ 150 MB under load).
// A timeline's working set is small (the first pages of 10,000 home feeds hold ~2,000 distinct
// statuses); what misses anyway (random old statuses) would not fit in any affordable size.
// why 256 (32 shards: 8,192 statuses): the first pages of all home feeds fit; random reads
// (account statuses over 10,000 accounts) hit rarely at any affordable size, and 16,384 full
// statuses plus their rendered JSON cost ~20 MB more RSS under those loads (issue 4).
constexpr std::size_t kStatusesPerShard = 256;
constexpr std::size_t kAccountsPerShard = 512;
// why: 32 × 512 = 16,384 viewers, more than the 10,000 the benchmark rotates over (each
// entry is small: a snapshot of a few sorted id lists).
constexpr std::size_t kViewersPerShard = 512;
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
  // why: an expired entry stays until put_account replaces it, which keeps its version when
  // the account is unchanged (so its rendered JSON stays valid).
  if (it == s.map.end() || Clock::now() >= it->second.expires) return std::nullopt;
  return it->second.v;
}

Versioned<core::Account> ViewCache::put_account(core::Account a) {
  auto& s = shard(accounts_, a.id);
  std::lock_guard lock(s.mutex);
  auto it = s.map.find(a.id);
  if (it != s.map.end() && *it->second.v.value == a) {
    it->second.expires = Clock::now() + ttl_;
    return it->second.v;
  }
  if (s.map.size() >= kAccountsPerShard) s.map.clear();
  Versioned<core::Account> v{std::make_shared<const core::Account>(std::move(a)), next_version()};
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
    if (it != s.map.end()) {
      it->second.relationships.erase(other);
      it->second.follows.erase(other);
      it->second.snapshot.reset();
    }
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
  if (it != s.map.end()) {
    it->second.flags.erase(status_id);
    it->second.snapshot.reset();
  }
}

void ViewCache::invalidate_viewer(core::Id viewer) {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  s.map.erase(viewer);
}

template <class Map>
ViewCache::ViewerEntry* ViewCache::live(Map& map, core::Id viewer) {
  auto it = map.find(viewer);
  if (it == map.end()) return nullptr;
  if (Clock::now() >= it->second.expires) {
    map.erase(it);
    return nullptr;
  }
  return &it->second;
}

ViewCache::ViewerEntry& ViewCache::entry(Shard<ViewerEntry>& s, core::Id viewer) {
  if (auto* e = live(s.map, viewer)) return *e;
  if (s.map.size() >= kViewersPerShard) s.map.clear();
  auto& e = s.map[viewer];
  e.expires = Clock::now() + ttl_;
  return e;
}

std::shared_ptr<const store::ViewerSnapshot> ViewCache::snapshot(core::Id viewer) const {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  auto* e = live(s.map, viewer);
  return e ? e->snapshot : nullptr;
}

void ViewCache::put_snapshot(core::Id viewer, std::shared_ptr<const store::ViewerSnapshot> snapshot) {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  entry(s, viewer).snapshot = std::move(snapshot);
}

std::optional<bool> ViewCache::follows(core::Id viewer, core::Id author) const {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  auto* e = live(s.map, viewer);
  if (!e) return std::nullopt;
  auto it = e->follows.find(author);
  if (it == e->follows.end()) return std::nullopt;
  return it->second;
}

void ViewCache::put_follows(core::Id viewer, core::Id author, bool following) {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  auto& e = entry(s, viewer);
  if (e.follows.size() >= kItemsPerViewer) e.follows.clear();
  e.follows[author] = following;
}

std::shared_ptr<const std::vector<core::Filter>> ViewCache::filters(core::Id viewer, std::int64_t now_ms) const {
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  auto* e = live(s.map, viewer);
  if (!e || !e->filters || (e->filters_expire && *e->filters_expire <= now_ms)) return nullptr;
  return e->filters;
}

void ViewCache::put_filters(core::Id viewer, std::shared_ptr<const std::vector<core::Filter>> filters) {
  std::optional<std::int64_t> first;
  for (const auto& f : *filters)
    if (f.expires_at && (!first || *f.expires_at < *first)) first = f.expires_at;
  auto& s = shard(viewers_, viewer);
  std::lock_guard lock(s.mutex);
  auto& e = entry(s, viewer);
  e.filters = std::move(filters);
  e.filters_expire = first;
}

}  // namespace parloir::services
