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

util::Result<store::ActorKeys> KeyCache::instance(const services::Deps& deps) {
  {
    std::lock_guard lock(mu_);
    if (instance_) return *instance_;
  }
  constexpr const char* kPrivate = "federation.instance_actor.private_pem";
  constexpr const char* kPublic = "federation.instance_actor.public_pem";
  store::ActorKeys keys;
  bool found = false;
  auto read = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto priv = tx.meta().get(kPrivate);
    if (!priv) return util::fail(priv.error());
    auto pub = tx.meta().get(kPublic);
    if (!pub) return util::fail(pub.error());
    if (*priv && *pub) {
      keys = {0, **priv, **pub};
      found = true;
    }
    return {};
  });
  if (!read) return util::fail(read.error());
  if (!found) {
    auto pair = crypto::generate_rsa_keypair(2048);
    if (!pair) return util::fail(pair.error());
    auto wrote = deps.store.write([&](store::Tx& tx) -> util::Status {
      auto priv = tx.meta().get(kPrivate);  // the first stored pair wins
      if (!priv) return util::fail(priv.error());
      auto pub = tx.meta().get(kPublic);
      if (!pub) return util::fail(pub.error());
      if (*priv && *pub) {
        keys = {0, **priv, **pub};
        return {};
      }
      keys = {0, pair->private_pem, pair->public_pem};
      if (auto s = tx.meta().put(kPrivate, keys.private_pem); !s) return s;
      return tx.meta().put(kPublic, keys.public_pem);
    });
    if (!wrote) return util::fail(wrote.error());
  }
  std::lock_guard lock(mu_);
  if (!instance_) instance_ = keys;
  return *instance_;
}

}  // namespace parloir::federation
