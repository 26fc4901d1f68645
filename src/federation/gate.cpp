#include "federation/gate.h"

#include "util/strings.h"

namespace parloir::federation {

Mode parse_mode(std::string_view text) {
  if (text == "open") return Mode::open;
  if (text == "allowlist") return Mode::allowlist;
  return Mode::off;
}

DomainGate::DomainGate(Mode mode, std::vector<std::string> allowed, std::vector<std::string> blocked)
    : mode_(mode), config_allowed_(std::move(allowed)), config_blocked_(std::move(blocked)) {}

void DomainGate::set_dynamic(std::vector<std::string> allowed, std::vector<std::string> blocked) {
  std::lock_guard lock(mu_);
  dynamic_allowed_ = std::move(allowed);
  dynamic_blocked_ = std::move(blocked);
}

bool DomainGate::matches(std::string_view entry_in, std::string_view authority_in) {
  std::string entry = util::to_lower(entry_in), authority = util::to_lower(authority_in);
  if (entry.empty() || authority.empty()) return false;
  if (entry == authority) return true;
  bool entry_has_port = entry.find(':') != std::string::npos && entry.back() != ']';
  std::string host = authority;
  if (!entry_has_port) {
    std::size_t colon = authority.rfind(':');
    std::size_t bracket = authority.rfind(']');
    if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) host = authority.substr(0, colon);
  }
  if (host == entry) return true;
  return host.size() > entry.size() && host.compare(host.size() - entry.size(), entry.size(), entry) == 0 &&
         host[host.size() - entry.size() - 1] == '.';
}

bool DomainGate::permits(std::string_view authority) const {
  if (mode_ == Mode::off || authority.empty()) return false;
  auto any = [&](const std::vector<std::string>& list) {
    for (const auto& e : list)
      if (matches(e, authority)) return true;
    return false;
  };
  std::lock_guard lock(mu_);
  if (any(config_blocked_) || any(dynamic_blocked_)) return false;
  if (mode_ == Mode::allowlist) return any(config_allowed_) || any(dynamic_allowed_);
  return true;
}

}  // namespace parloir::federation
