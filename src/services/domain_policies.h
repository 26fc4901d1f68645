// Admin-managed federation domain lists, as Mastodon's admin API exposes them
// (/api/v1/admin/domain_blocks and /api/v1/admin/domain_allows). The entries live in the
// database beside the ones `parloir admin domain block|allow` writes; the federation gate
// re-reads them every few seconds, so a change applies to the running server. A block is
// Mastodon's "suspend" severity: nothing is exchanged with that domain (or its subdomains).
// Every change is written to the audit log in the same transaction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "services/deps.h"
#include "services/moderation.h"
#include "util/result.h"

namespace parloir::services {

enum class DomainListKind { allow, block };

struct DomainEntry {
  core::Id id = 0;  // stable, derived from the domain (domain_entry_id)
  std::string domain;
  std::int64_t created_at = 0;  // unix ms
};

// The id the API shows for a domain: a 62-bit hash of the lower-cased domain, so an entry keeps
// its id however it was added (API or CLI) without a schema change.
core::Id domain_entry_id(std::string_view domain);

// Newest first.
util::Result<std::vector<DomainEntry>> list_domain_entries(const Deps& deps, DomainListKind kind);
// not_found when no entry of that list has this id.
util::Result<DomainEntry> get_domain_entry(const Deps& deps, DomainListKind kind, core::Id id);
// Adds `domain` (trimmed, lower-cased; "host" or "host:port"). unprocessable when it is not a
// domain or is already on the list (Mastodon's "Domain has already been taken").
util::Result<DomainEntry> add_domain_entry(const Deps& deps, Actor actor, DomainListKind kind, const std::string& domain);
// not_found when no entry of that list has this id.
util::Status remove_domain_entry(const Deps& deps, Actor actor, DomainListKind kind, core::Id id);

}  // namespace parloir::services
