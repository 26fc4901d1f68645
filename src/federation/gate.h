// DomainGate: whom we federate with. `open` federates with everyone except blocked domains;
// `allowlist` only with allowed domains (both directions: inbox, deliveries, fetches,
// WebFinger); `off` with nobody (the federation routes answer 404 and nothing is sent).
// Entries come from the config and from the database (`parloir admin domain …`); the database
// entries are re-read every few seconds, so CLI changes apply to a running server.
// A domain entry "example.com" matches "example.com", "example.com:8443" and subdomains
// ("a.example.com"); an entry with a port ("127.0.0.1:8401") matches only that authority.
// Thread-safe (entries behind a mutex; mode immutable).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace parloir::federation {

enum class Mode { open, allowlist, off };
// "open" | "allowlist" | "off"; anything else is off (fail closed).
Mode parse_mode(std::string_view text);

class DomainGate {
 public:
  DomainGate(Mode mode, std::vector<std::string> allowed, std::vector<std::string> blocked);

  Mode mode() const { return mode_; }
  // True when we may exchange anything with `authority` (host[:port], any case).
  bool permits(std::string_view authority) const;
  // Replaces the database-sourced entries (config entries stay).
  void set_dynamic(std::vector<std::string> allowed, std::vector<std::string> blocked);

  // True when `entry` covers `authority` (see the header comment).
  static bool matches(std::string_view entry, std::string_view authority);

 private:
  const Mode mode_;
  const std::vector<std::string> config_allowed_, config_blocked_;
  mutable std::mutex mu_;  // guards dynamic_*
  std::vector<std::string> dynamic_allowed_, dynamic_blocked_;
};

}  // namespace parloir::federation
