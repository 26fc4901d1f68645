#include "services/token_cache.h"

namespace parloir::services {

std::optional<TokenContext> TokenCache::get(const std::string& token_hash) const {
  Shard& s = shard(token_hash);
  std::lock_guard lock(s.mutex);
  auto it = s.entries.find(token_hash);
  if (it == s.entries.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() >= it->second.expires) {
    s.entries.erase(it);
    return std::nullopt;
  }
  return it->second.ctx;
}

void TokenCache::put(const std::string& token_hash, const TokenContext& ctx) {
  Shard& s = shard(token_hash);
  std::lock_guard lock(s.mutex);
  if (s.entries.size() > 100000) s.entries.clear();  // why: bound memory under token floods
  s.entries[token_hash] = Entry{ctx, std::chrono::steady_clock::now() + ttl_};
}

void TokenCache::erase(const std::string& token_hash) {
  Shard& s = shard(token_hash);
  std::lock_guard lock(s.mutex);
  s.entries.erase(token_hash);
}

void TokenCache::erase_account(core::Id account_id) {
  for (auto& s : shards_) {
    std::lock_guard lock(s.mutex);
    for (auto it = s.entries.begin(); it != s.entries.end();) {
      if (it->second.ctx.token.account_id == account_id)
        it = s.entries.erase(it);
      else
        ++it;
    }
  }
}

}  // namespace parloir::services
