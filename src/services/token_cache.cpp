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
  const Entry& e = it->second;
  TokenContext ctx{e.token, *e.app, std::nullopt};
  if (e.account && e.user) ctx.user = LocalLogin{*e.account, *e.user};
  return ctx;
}

void TokenCache::put(const std::string& token_hash, const TokenContext& ctx,
                     std::shared_ptr<const core::Account> account) {
  Entry e;
  e.token = ctx.token;
  if (ctx.user) {
    e.account = account ? std::move(account) : std::make_shared<const core::Account>(ctx.user->account);
    e.user = ctx.user->user;
    e.user->password_hash.clear();
  }
  e.expires = std::chrono::steady_clock::now() + ttl_;
  Shard& s = shard(token_hash);
  std::lock_guard lock(s.mutex);
  if (s.entries.size() > 100000) s.entries.clear();  // why: bound memory under token floods
  if (s.apps.size() > 1000) s.apps.clear();
  auto& app = s.apps[ctx.app.id];
  if (!app || !(*app == ctx.app)) app = std::make_shared<const core::Application>(ctx.app);
  e.app = app;
  s.entries[token_hash] = std::move(e);
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
      if (it->second.token.account_id == account_id)
        it = s.entries.erase(it);
      else
        ++it;
    }
  }
}

}  // namespace parloir::services
