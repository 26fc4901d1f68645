// Search: accounts (exact username first, then prefixes), hashtags (name prefixes) and the
// full text of statuses (SQLite FTS5). Statuses pass load_views; anonymous searchers get no
// statuses (Mastodon requires a user for status search). Blocking: call from the blocking pool.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/status_views.h"

namespace parloir::services {

struct SearchQuery {
  std::string q;
  std::string type;  // "" = all, or accounts | hashtags | statuses (anything else finds nothing)
  int limit = 20;
  int offset = 0;
  bool following = false;               // accounts the viewer follows only
  std::optional<core::Id> account_id;   // statuses by this author only
  bool resolve = false;  // look `user@remote.domain` up through federation (WebFinger) first
};

struct SearchResults {
  std::vector<core::Account> accounts;
  std::vector<StatusView> statuses;
  std::vector<std::string> hashtags;  // tag names without '#'
};

util::Result<SearchResults> search(const Deps& deps, const Viewer& viewer, const SearchQuery& query);

// Accounts only (GET /api/v1/accounts/search): local accounts, and `user@domain` exactly;
// suspended accounts and accounts blocking (or blocked by) the viewer left out.
util::Result<std::vector<core::Account>> search_accounts(const Deps& deps, const Viewer& viewer,
                                                         const SearchQuery& query);

// Moves statuses waiting for the full-text index (new and edited ones, store migration 19) into
// it, in write transactions of at most `batch` statuses, until none is left or `max_total`
// were indexed. Returns how many were indexed. One read (no write) when nothing is pending.
// search() calls it before a status search, so a search always sees every committed status;
// the scheduler calls it once a second, so the backlog stays small.
util::Result<std::size_t> index_pending_statuses(const Deps& deps, std::size_t max_total = SIZE_MAX,
                                                 int batch = 5000);

// The FTS5 MATCH expression for free text: every word as a quoted phrase (all must match);
// "" when the text has no word.
std::string fts_query_for(const std::string& text);

}  // namespace parloir::services
