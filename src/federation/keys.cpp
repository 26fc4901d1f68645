#include "federation/keys.h"

#include "crypto/rsa.h"

namespace parloir::federation {

util::Result<store::ActorKeys> KeyCache::get(const services::Deps& deps, core::Id account_id) {
  {
    std::lock_guard lock(mu_);
    if (auto it = keys_.find(account_id); it != keys_.end()) return it->second;
  }
  std::optional<store::ActorKeys> found;
  auto read = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto k = tx.federation().find_keys(account_id);
    if (!k) return util::fail(k.error());
    found = *k;
    return {};
  });
  if (!read) return util::fail(read.error());
  if (!found) {
    auto pair = crypto::generate_rsa_keypair(2048);
    if (!pair) return util::fail(pair.error());
    auto wrote = deps.store.write([&](store::Tx& tx) -> util::Status {
      if (auto s = tx.federation().insert_keys({account_id, pair->private_pem, pair->public_pem}); !s) return s;
      auto k = tx.federation().find_keys(account_id);  // the first stored pair wins
      if (!k) return util::fail(k.error());
      found = *k;
      return {};
    });
    if (!wrote) return util::fail(wrote.error());
    if (!found) return util::fail(util::ErrorCode::internal, "Key not stored");
  }
  std::lock_guard lock(mu_);
  return keys_.emplace(account_id, *found).first->second;
}

}  // namespace parloir::federation
