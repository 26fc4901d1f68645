#include "federation/domain_health.h"

#include <spdlog/spdlog.h>

namespace parloir::federation {

void DomainHealth::load(const services::Deps& deps) {
  std::vector<std::string> down;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto d = tx.federation().unavailable_domains();
    if (!d) return util::fail(d.error());
    down = std::move(*d);
    return {};
  });
  if (!st) {
    spdlog::warn("federation: cannot read unavailable domains: {}", st.error().detail);
    return;
  }
  std::lock_guard lock(mu_);
  for (auto& d : down) {
    failing_.insert(d);
    unavailable_.insert(std::move(d));
  }
  any_failing_ = !failing_.empty();
}

bool DomainHealth::unavailable(const std::string& domain) const {
  if (!any_failing_.load(std::memory_order_relaxed)) return false;
  std::lock_guard lock(mu_);
  return unavailable_.count(domain) > 0;
}

void DomainHealth::delivery_failed(const services::Deps& deps, const std::string& domain, std::int64_t now) {
  bool mark = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto since = tx.federation().record_delivery_failure(domain, now);
    if (!since) return util::fail(since.error());
    mark = now - *since >= after_ms_;
    if (mark) return tx.federation().mark_domain_unavailable(domain, now);
    return {};
  });
  if (!st) {
    spdlog::warn("federation: cannot record a delivery failure for {}: {}", domain, st.error().detail);
    return;
  }
  std::lock_guard lock(mu_);
  failing_.insert(domain);
  any_failing_ = true;
  if (mark && unavailable_.insert(domain).second)
    spdlog::warn("federation: {} has been failing for too long; marked unavailable", domain);
}

void DomainHealth::delivery_succeeded(const services::Deps& deps, const std::string& domain) {
  if (!any_failing_.load(std::memory_order_relaxed)) return;
  {
    std::lock_guard lock(mu_);
    if (failing_.count(domain) == 0) return;
  }
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto r = tx.federation().clear_delivery_failures(domain);
    return r ? util::Status{} : util::Status(util::fail(r.error()));
  });
  if (!st) {
    spdlog::warn("federation: cannot clear the failures of {}: {}", domain, st.error().detail);
    return;
  }
  std::lock_guard lock(mu_);
  failing_.erase(domain);
  if (unavailable_.erase(domain) > 0) spdlog::info("federation: {} is available again", domain);
  any_failing_ = !failing_.empty();
}

}  // namespace parloir::federation
