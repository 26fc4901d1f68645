// TokenCache: recently resolved bearer tokens (by SHA-256), so most authenticated requests need
// no database work. Entries live `ttl` at most; revocation, suspension, password and profile
// changes made by this process drop the affected entries at once, and changes made by another
// process (the admin CLI) take effect within `ttl`. Thread-safe (sharded, each shard's mutex).
#pragma once

#include <array>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "services/oauth.h"

namespace parloir::services {

class TokenCache {
 public:
  explicit TokenCache(std::chrono::milliseconds ttl = std::chrono::seconds(5)) : ttl_(ttl) {}

  std::optional<TokenContext> get(const std::string& token_hash) const;
  void put(const std::string& token_hash, const TokenContext& ctx);
  void erase(const std::string& token_hash);
  // Drops every entry of an account (suspension, password reset, profile change).
  void erase_account(core::Id account_id);

 private:
  struct Entry {
    TokenContext ctx;
    std::chrono::steady_clock::time_point expires;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
  };
  Shard& shard(const std::string& hash) const { return shards_[std::hash<std::string>{}(hash) % shards_.size()]; }

  std::chrono::milliseconds ttl_;
  mutable std::array<Shard, 16> shards_;
};

}  // namespace parloir::services
