#include "services/idempotency.h"

namespace parloir::services {

namespace {
constexpr std::size_t kMaxEntries = 100000;
}

std::optional<core::Id> IdempotencyKeys::find(core::Id account_id, const std::string& key) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto it = entries_.find({account_id, key});
  if (it == entries_.end()) return std::nullopt;
  if (now >= it->second.expires) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.status_id;
}

void IdempotencyKeys::remember(core::Id account_id, const std::string& key, core::Id status_id) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries) sweep(now);
  if (entries_.size() >= kMaxEntries) entries_.clear();  // why: bounded memory under abuse
  entries_[{account_id, key}] = Entry{status_id, now + ttl_};
}

void IdempotencyKeys::sweep(std::chrono::steady_clock::time_point now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (now >= it->second.expires)
      it = entries_.erase(it);
    else
      ++it;
  }
}

}  // namespace parloir::services
