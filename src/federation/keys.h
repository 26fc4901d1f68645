// KeyCache: each local account's RSA-2048 key pair, generated on first need (an actor document
// is served, or an activity signed) and stored in account_keys, then kept in memory.
// Thread-safe (mutex over the map; generation runs outside any transaction and the first
// stored pair wins, so concurrent first uses agree on one key).
#pragma once

#include <mutex>
#include <optional>
#include <unordered_map>

#include "services/deps.h"

namespace parloir::federation {

class KeyCache {
 public:
  // The account's key pair, creating it if needed. Blocking (store; ~0.1 s to generate).
  util::Result<store::ActorKeys> get(const services::Deps& deps, core::Id account_id);
  // The instance actor's key pair (signs our GETs; account_id 0), created on first need and
  // kept in the meta table. Blocking.
  util::Result<store::ActorKeys> instance(const services::Deps& deps);

 private:
  std::mutex mu_;  // guards keys_
  std::unordered_map<core::Id, store::ActorKeys> keys_;
  std::optional<store::ActorKeys> instance_;
};

}  // namespace parloir::federation
