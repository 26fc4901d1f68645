// DomainHealth: Mastodon's "unavailable domains". A domain whose deliveries have been failing
// for longer than `unavailable_after` (federation.unavailable_after, default 7 days) is marked
// unavailable: the delivery worker drops what it would send there instead of retrying for days.
// Any successful delivery to it, or any verified inbound activity from it, clears the mark.
// State lives in the domain_health table (only failing domains have a row), mirrored in memory
// so the hot paths (every delivery, every inbound activity) cost no SQL unless the domain is
// failing. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_set>

#include "services/deps.h"

namespace parloir::federation {

class DomainHealth {
 public:
  explicit DomainHealth(std::int64_t unavailable_after_ms) : after_ms_(unavailable_after_ms) {}

  // Reads the domains already marked unavailable (at start).
  void load(const services::Deps& deps);
  bool unavailable(const std::string& domain) const;
  // A delivery to `domain` failed at `now` / succeeded.
  void delivery_failed(const services::Deps& deps, const std::string& domain, std::int64_t now);
  void delivery_succeeded(const services::Deps& deps, const std::string& domain);
  // A verified inbound request came from `domain`: it is alive.
  void heard_from(const services::Deps& deps, const std::string& domain) { delivery_succeeded(deps, domain); }

 private:
  std::int64_t after_ms_;
  mutable std::mutex mu_;                    // guards the sets
  std::unordered_set<std::string> failing_;  // has a domain_health row (failing, maybe unavailable)
  std::unordered_set<std::string> unavailable_;
  std::atomic<bool> any_failing_{false};     // fast path: nothing to clear
};

}  // namespace parloir::federation
