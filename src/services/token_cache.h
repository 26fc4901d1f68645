// TokenCache: recently resolved bearer tokens (by SHA-256), so most authenticated requests need
// no database work. Entries live `ttl` at most; revocation, suspension, password and profile
// changes made by this process drop the affected entries at once, and changes made by another
// process (the admin CLI) through the event relay within a second (services/event_relay.h), or
// within `ttl` for anything it does not carry. Thread-safe (sharded, each shard's mutex).
#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "services/oauth.h"

namespace parloir::services {

class TokenCache {
 public:
  explicit TokenCache(std::chrono::milliseconds ttl = std::chrono::seconds(60)) : ttl_(ttl) {}

  // The cached context (its user's password hash is empty: the cache never holds one).
  std::optional<TokenContext> get(const std::string& token_hash) const;
  // Caches `ctx`. `account`, when given, must equal ctx.user->account: the entry then shares
  // it (the ViewCache's copy) instead of holding its own. Applications are shared between the
  // entries of one application while they are equal.
  void put(const std::string& token_hash, const TokenContext& ctx,
           std::shared_ptr<const core::Account> account = nullptr);
  void erase(const std::string& token_hash);
  // Drops every entry of an account (suspension, password reset, profile change).
  void erase_account(core::Id account_id);

 private:
  // why: slim (issue 4, RSS): 10,000 entries holding a full TokenContext each (account, user,
  // application, password hash) took ~25 MB; the account and application are shared instead.
  struct Entry {
    core::AccessToken token;
    std::shared_ptr<const core::Application> app;
    std::shared_ptr<const core::Account> account;  // null for an app-only token
    std::optional<core::User> user;                // its password_hash empty
    std::chrono::steady_clock::time_point expires;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
    std::unordered_map<core::Id, std::shared_ptr<const core::Application>> apps;  // shared by entries
  };
  Shard& shard(const std::string& hash) const { return shards_[std::hash<std::string>{}(hash) % shards_.size()]; }

  std::chrono::milliseconds ttl_;
  mutable std::array<Shard, 16> shards_;
};

}  // namespace parloir::services
