#include "services/search.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "services/silencing.h"
#include "services/federation.h"
#include "util/strings.h"

namespace parloir::services {

using util::fail;

namespace {

// Parses "user", "@user", "user@domain" into an AccountSearch (domain "" when it is ours).
store::AccountSearch account_query(const Deps& deps, const std::string& raw) {
  store::AccountSearch s;
  std::string q(util::trim(raw));
  if (!q.empty() && q.front() == '@') q.erase(0, 1);
  auto at = q.find('@');
  if (at != std::string::npos) {
    std::string domain = util::to_lower(q.substr(at + 1));
    s.username = q.substr(0, at);
    if (domain != util::to_lower(deps.settings.domain)) {
      s.domain = domain;  // a remote account: exact match only
      return s;
    }
    s.prefix = s.username;
    return s;
  }
  s.username = q;
  s.prefix = q;
  return s;
}

util::Status find_accounts(store::Tx& tx, const Deps& deps, const Viewer& viewer, const SearchQuery& query,
                           std::vector<core::Account>& out) {
  if (query.following && !viewer.account_id) return {};
  store::AccountSearch s = account_query(deps, query.q);
  s.limit = query.limit;
  s.offset = query.offset;
  if (query.following) s.followed_by = viewer.account_id;
  auto found = tx.search().accounts(s);
  if (!found) return fail(found.error());
  if (viewer.account_id && !found->empty()) {
    std::vector<core::Id> ids;
    for (const auto& a : *found) ids.push_back(a.id);
    auto blocked = tx.graph().blocked_among(*viewer.account_id, ids);
    if (!blocked) return fail(blocked.error());
    auto blocking = tx.graph().blocking_among(*viewer.account_id, ids);
    if (!blocking) return fail(blocking.error());
    std::unordered_set<core::Id> hide(blocked->begin(), blocked->end());
    hide.insert(blocking->begin(), blocking->end());
    std::erase_if(*found, [&](const core::Account& a) { return hide.count(a.id) > 0; });
  }
  out = std::move(*found);
  return {};
}

bool has_word_character(const std::string& token) {
  return std::any_of(token.begin(), token.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u);
  });
}

}  // namespace

std::string fts_query_for(const std::string& text) {
  std::string out;
  for (const auto& token : util::split_whitespace(text)) {
    if (!has_word_character(token)) continue;
    if (!out.empty()) out += ' ';
    out += '"';
    for (char c : token) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

util::Result<std::vector<core::Account>> search_accounts(const Deps& deps, const Viewer& viewer,
                                                         const SearchQuery& query) {
  std::vector<core::Account> out;
  auto st = deps.store.read([&](store::Tx& tx) { return find_accounts(tx, deps, viewer, query, out); });
  if (!st) return fail(st.error());
  return out;
}

util::Result<SearchResults> search(const Deps& deps, const Viewer& viewer, const SearchQuery& query) {
  SearchResults out;
  const bool all = query.type.empty();
  if (query.resolve && deps.federation && query.offset == 0 && (all || query.type == "accounts")) {
    store::AccountSearch s = account_query(deps, query.q);
    // why: network I/O happens before (outside) the read transaction; a handle that does not
    // resolve simply finds nothing, as in Mastodon.
    if (!s.domain.empty()) (void)deps.federation->resolve_handle(s.username, s.domain);
  }
  if ((all || query.type == "statuses") && viewer.account_id) {
    if (auto indexed = index_pending_statuses(deps); !indexed) return fail(indexed.error());
  }
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    if (all || query.type == "accounts") {
      if (auto r = find_accounts(tx, deps, viewer, query, out.accounts); !r) return r;
    }
    if (all || query.type == "hashtags") {
      std::string name(util::trim(query.q));
      if (!name.empty() && name.front() == '#') name.erase(0, 1);
      if (!name.empty() && util::split_whitespace(name).size() == 1) {
        auto tags = tx.search().tags(name, query.limit, query.offset);
        if (!tags) return fail(tags.error());
        out.hashtags = std::move(*tags);
      }
    }
    if ((all || query.type == "statuses") && viewer.account_id) {
      store::StatusSearch s;
      s.fts_query = fts_query_for(query.q);
      s.viewer_id = *viewer.account_id;
      s.account_id = query.account_id;
      s.limit = query.limit;
      s.offset = query.offset;
      auto found = tx.search().statuses(s);
      if (!found) return fail(found.error());
      auto views = load_views(tx, viewer, *found, ViewPurpose::timeline);  // blocked and muted authors left out
      if (!views) return fail(views.error());
      if (auto h = hide_silenced(tx, viewer, *views); !h) return h;  // silenced authors the viewer does not follow
      out.statuses = std::move(*views);
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::size_t> index_pending_statuses(const Deps& deps, std::size_t max_total, int batch) {
  bool pending = false;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto p = tx.search().has_pending_statuses();
    if (!p) return fail(p.error());
    pending = *p;
    return {};
  });
  if (!st) return fail(st.error());
  std::size_t total = 0;
  while (pending && total < max_total) {
    const int want = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(batch), max_total - total));
    int done = 0;
    auto w = deps.store.write([&](store::Tx& tx) -> util::Status {
      auto n = tx.search().index_pending_statuses(want);
      if (!n) return fail(n.error());
      done = *n;
      return {};
    });
    if (!w) return fail(w.error());
    total += static_cast<std::size_t>(done);
    pending = done == want;  // a short batch emptied the pending set
  }
  return total;
}

}  // namespace parloir::services
