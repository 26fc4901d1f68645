#include "services/domain_policies.h"

#include <algorithm>
#include <cctype>

#include "store/federation.h"
#include "store/store.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

store::DomainPolicy to_policy(DomainListKind kind) {
  return kind == DomainListKind::allow ? store::DomainPolicy::allow : store::DomainPolicy::block;
}

const char* target_type(DomainListKind kind) { return kind == DomainListKind::allow ? "DomainAllow" : "DomainBlock"; }

// "host" or "host:port": letters, digits, '-', '.', at most 253 bytes, a numeric port.
bool valid_domain(std::string_view d) {
  if (d.empty() || d.size() > 253 || d.front() == '.' || d.back() == '.') return false;
  auto colon = d.find(':');
  std::string_view host = d.substr(0, colon);
  if (host.empty()) return false;
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
  if (colon != std::string_view::npos) {
    std::string_view port = d.substr(colon + 1);
    if (port.empty() || port.size() > 5) return false;
    for (char c : port)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

util::Result<std::vector<DomainEntry>> read_entries(store::Tx& tx, DomainListKind kind) {
  auto rows = tx.federation().domain_policy_entries(to_policy(kind));
  if (!rows) return fail(rows.error());
  std::vector<DomainEntry> out;
  out.reserve(rows->size());
  for (auto& r : *rows) out.push_back({domain_entry_id(r.domain), std::move(r.domain), r.created_at});
  return out;
}

util::Error entry_not_found() { return util::Error{ErrorCode::not_found, "Record not found", {}}; }

}  // namespace

core::Id domain_entry_id(std::string_view domain) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a, 64 bits
  for (char c : domain) {
    h ^= static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(c)));
    h *= 1099511628211ULL;
  }
  return static_cast<core::Id>(h & ((1ULL << 62) - 1));
}

util::Result<std::vector<DomainEntry>> list_domain_entries(const Deps& deps, DomainListKind kind) {
  std::vector<DomainEntry> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto l = read_entries(tx, kind);
    if (!l) return fail(l.error());
    out = std::move(*l);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<DomainEntry> get_domain_entry(const Deps& deps, DomainListKind kind, core::Id id) {
  auto all = list_domain_entries(deps, kind);
  if (!all) return fail(all.error());
  auto it = std::find_if(all->begin(), all->end(), [&](const DomainEntry& e) { return e.id == id; });
  if (it == all->end()) return fail(entry_not_found());
  return std::move(*it);
}

util::Result<DomainEntry> add_domain_entry(const Deps& deps, Actor actor, DomainListKind kind,
                                           const std::string& domain) {
  std::string d = util::to_lower(util::trim(domain));
  if (!valid_domain(d)) return fail(ErrorCode::unprocessable, "Validation failed: Domain is not a valid domain name");
  DomainEntry entry{domain_entry_id(d), d, util::now_ms()};
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto existing = read_entries(tx, kind);
    if (!existing) return fail(existing.error());
    for (const auto& e : *existing)
      if (e.domain == d) return fail(ErrorCode::unprocessable, "Validation failed: Domain has already been taken");
    if (auto s = tx.federation().set_domain_policy(d, to_policy(kind), entry.created_at); !s) return s;
    const char* action = kind == DomainListKind::allow ? "create_domain_allow" : "create_domain_block";
    return log_action(tx, deps, actor, action, target_type(kind), entry.id, d);
  });
  if (!st) return fail(st.error());
  return entry;
}

util::Status remove_domain_entry(const Deps& deps, Actor actor, DomainListKind kind, core::Id id) {
  return deps.store.write([&](store::Tx& tx) -> util::Status {
    auto existing = read_entries(tx, kind);
    if (!existing) return fail(existing.error());
    auto it = std::find_if(existing->begin(), existing->end(), [&](const DomainEntry& e) { return e.id == id; });
    if (it == existing->end()) return fail(entry_not_found());
    auto removed = tx.federation().remove_domain_policy(it->domain, to_policy(kind));
    if (!removed) return fail(removed.error());
    const char* action = kind == DomainListKind::allow ? "destroy_domain_allow" : "destroy_domain_block";
    return log_action(tx, deps, actor, action, target_type(kind), id, it->domain);
  });
}

}  // namespace parloir::services
