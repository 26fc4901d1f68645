// RenderCache: rendered JSON of statuses (their viewer-independent fields) and accounts, keyed
// by id and the ViewCache version of the entity they were rendered from, so a warm timeline is
// assembled from strings instead of being serialised again. A stale version is simply a miss.
// Bounded (each shard is dropped when full). Thread-safe: sharded, each shard's mutex.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/ids.h"

namespace parloir::api {

class RenderCache {
 public:
  // The JSON rendered for that version of the entity, or nullptr. Shared and immutable: a hit
  // costs no copy.
  std::shared_ptr<const std::string> get(bool account, core::Id id, std::uint64_t version) const;
  void put(bool account, core::Id id, std::uint64_t version, std::shared_ptr<const std::string> json);

 private:
  struct Entry {
    std::uint64_t version;
    std::shared_ptr<const std::string> json;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<core::Id, Entry> map;
  };
  Shard& shard(bool account, core::Id id) const {
    auto& shards = account ? accounts_ : statuses_;
    return shards[core::shard_of(id, shards.size())];
  }
  mutable std::array<Shard, 32> statuses_;
  mutable std::array<Shard, 32> accounts_;
};

}  // namespace parloir::api
