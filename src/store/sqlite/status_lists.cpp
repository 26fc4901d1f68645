// SqliteStatusRepo, list queries: an account's statuses, the public timelines, hashtags, the
// recent statuses of many accounts (home feed rebuilds) and conversations.
//
// why: optional filters are bound flags inside constant SQL (`?N = 0 OR ...`) so each query is
// one or two cached statements; only the local/remote choice of the public timeline changes the
// text, since it decides which partial index serves the scan.
#include <algorithm>
#include <functional>
#include <limits>
#include <unordered_set>

#include "store/sqlite/social_repos.h"

namespace parloir::store::sqlite {

namespace {

// The filters of list_by_account, as parameters ?1..?5 (the page bounds follow as ?6..?8).
#define PARLOIR_ACCOUNT_FILTERS                                                                      \
  " AND (?2 = 0 OR s.in_reply_to_account_id IS NULL OR s.in_reply_to_account_id = s.account_id)" \
  " AND (?3 = 0 OR s.reblog_of_id IS NULL)"                                                          \
  " AND (?4 = 0 OR s.has_media = 1)"                                                                 \
  " AND (?5 = 0 OR EXISTS (SELECT 1 FROM status_tags t WHERE t.tag_id = ?5 AND t.status_id = s.id))"

constexpr PagedSql kByAccount = PARLOIR_PAGED_SQL(
    "SELECT " PARLOIR_STATUS_COLUMNS " FROM statuses s INDEXED BY statuses_account_rows WHERE s.account_id = ?1"
    PARLOIR_ACCOUNT_FILTERS " AND s.id < ? AND s.id > ?", "s.id");

constexpr PagedSql kPinnedByAccount = PARLOIR_PAGED_SQL(
    "SELECT " PARLOIR_STATUS_COLUMNS " FROM status_pins p JOIN statuses s ON s.id = p.status_id "
    "WHERE p.account_id = ?1 AND s.account_id = ?1" PARLOIR_ACCOUNT_FILTERS " AND p.id < ? AND p.id > ?", "p.id");

// Public timeline; ?1 = include local-only, ?2 = only media, then the page bounds.
#define PARLOIR_PUBLIC_SQL(index, local_condition)                                              \
  PARLOIR_PAGED_SQL("SELECT " PARLOIR_STATUS_COLUMNS " FROM statuses s INDEXED BY " index         \
                    " WHERE s.public_timeline = 1" local_condition                                \
                    " AND (?1 = 1 OR s.local_only = 0) AND (?2 = 0 OR s.has_media = 1)"           \
                    " AND s.id < ? AND s.id > ?", "s.id")

constexpr PagedSql kPublicAll = PARLOIR_PUBLIC_SQL("statuses_public", "");
constexpr PagedSql kPublicLocal = PARLOIR_PUBLIC_SQL("statuses_public_local", " AND s.local = 1");
constexpr PagedSql kPublicRemote = PARLOIR_PUBLIC_SQL("statuses_public_local", " AND s.local = 0");

// One tag's status ids; ?1 = tag id, ?2 = local authors only, then the page bounds.
constexpr PagedSql kTagStatusIds = PARLOIR_PAGED_SQL(
    "SELECT st.status_id FROM status_tags st WHERE st.tag_id = ?1"
    " AND (?2 = 0 OR EXISTS (SELECT 1 FROM statuses s WHERE s.id = st.status_id AND s.local = 1))"
    " AND st.status_id < ? AND st.status_id > ?", "st.status_id");

// Public timeline ids; ?1 = include local-only, ?2 = only media, then the page bounds.
#define PARLOIR_PUBLIC_IDS_SQL(index, local_condition)                                          \
  PARLOIR_PAGED_SQL("SELECT s.id FROM statuses s INDEXED BY " index                              \
                    " WHERE s.public_timeline = 1" local_condition                                \
                    " AND (?1 = 1 OR s.local_only = 0) AND (?2 = 0 OR s.has_media = 1)"           \
                    " AND s.id < ? AND s.id > ?", "s.id")
// The same without the two filters (local-only included, any media): the index alone answers.
#define PARLOIR_PUBLIC_ALL_IDS_SQL(index, local_condition)                                       \
  PARLOIR_PAGED_SQL("SELECT s.id FROM statuses s INDEXED BY " index                               \
                    " WHERE s.public_timeline = 1" local_condition                                 \
                    " AND ?1 = 1 AND ?2 = 0 AND s.id < ? AND s.id > ?", "s.id")

constexpr PagedSql kPublicIds[2][3] = {
    {PARLOIR_PUBLIC_IDS_SQL("statuses_public", ""), PARLOIR_PUBLIC_IDS_SQL("statuses_public_local", " AND s.local = 1"),
     PARLOIR_PUBLIC_IDS_SQL("statuses_public_local", " AND s.local = 0")},
    {PARLOIR_PUBLIC_ALL_IDS_SQL("statuses_public", ""),
     PARLOIR_PUBLIC_ALL_IDS_SQL("statuses_public_local", " AND s.local = 1"),
     PARLOIR_PUBLIC_ALL_IDS_SQL("statuses_public_local", " AND s.local = 0")}};

#undef PARLOIR_ACCOUNT_FILTERS
#undef PARLOIR_PUBLIC_SQL
#undef PARLOIR_PUBLIC_IDS_SQL
#undef PARLOIR_PUBLIC_ALL_IDS_SQL

// The id of an existing tag (case-insensitive), or nullopt.
Result<std::optional<Id>> find_tag(Connection& conn, const std::string& name) {
  PARLOIR_SQL_PREPARE(st, conn, "SELECT id FROM tags WHERE name = ?");
  st->bind_text(1, name);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<Id>();
  return std::optional<Id>(st->col_int(0));
}

}  // namespace

Result<std::vector<core::Status>> SqliteStatusRepo::list_by_account(Id account_id, const AccountStatusFilter& filter,
                                                                    const PageRequest& page) {
  Id tag = 0;
  if (!filter.tagged.empty()) {
    auto found = find_tag(conn_, filter.tagged);
    if (!found) return util::fail(std::move(found.error()));
    if (!*found) return std::vector<core::Status>();
    tag = **found;
  }
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, (filter.pinned ? kPinnedByAccount : kByAccount).pick(b));
  st->bind_int(1, account_id).bind_bool(2, filter.exclude_replies).bind_bool(3, filter.exclude_reblogs);
  st->bind_bool(4, filter.only_media).bind_int(5, tag);
  bind_page(*st, 6, b);
  auto out = collect(*st);
  if (out) newest_first(*out, b);
  return out;
}

Result<std::vector<core::Status>> SqliteStatusRepo::list_public(const PublicFilter& filter, bool include_local_only,
                                                                const PageRequest& page) {
  const PagedSql& sql = filter.local ? kPublicLocal : filter.remote ? kPublicRemote : kPublicAll;
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, sql.pick(b));
  st->bind_bool(1, include_local_only).bind_bool(2, filter.only_media);
  bind_page(*st, 3, b);
  auto out = collect(*st);
  if (out) newest_first(*out, b);
  return out;
}

Result<std::vector<Id>> SqliteStatusRepo::list_public_ids(const PublicFilter& filter, bool include_local_only,
                                                          const PageRequest& page) {
  const bool plain = include_local_only && !filter.only_media;
  const PagedSql& sql = kPublicIds[plain ? 1 : 0][filter.local ? 1 : filter.remote ? 2 : 0];
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, sql.pick(b));
  st->bind_bool(1, include_local_only).bind_bool(2, filter.only_media);
  bind_page(*st, 3, b);
  std::vector<Id> ids;
  PARLOIR_SQL_TRY(each_row(*st, [&] { ids.push_back(st->col_int(0)); }));
  newest_first(ids, b);
  return ids;
}

Result<std::vector<core::Status>> SqliteStatusRepo::list_by_tags(const std::vector<std::string>& tags,
                                                                 bool local_only_authors, const PageRequest& page) {
  std::vector<Id> tag_ids;
  for (const auto& name : tags) {
    if (name.empty()) continue;
    auto found = find_tag(conn_, name);
    if (!found) return util::fail(std::move(found.error()));
    if (*found && std::find(tag_ids.begin(), tag_ids.end(), **found) == tag_ids.end()) tag_ids.push_back(**found);
  }
  const PageBounds b = page_bounds(page);
  // why: one ordered, LIMITed range scan of status_tags per tag, merged here, instead of one
  // query over all tags, which would have to sort every matching row before applying the limit.
  std::vector<Id> ids;
  for (Id tag : tag_ids) {
    PARLOIR_SQL_PREPARE(st, conn_, kTagStatusIds.pick(b));
    st->bind_int(1, tag).bind_bool(2, local_only_authors);
    bind_page(*st, 3, b);
    PARLOIR_SQL_TRY(each_row(*st, [&] { ids.push_back(st->col_int(0)); }));
  }
  if (b.ascending) {
    std::sort(ids.begin(), ids.end());
  } else {
    std::sort(ids.begin(), ids.end(), std::greater<>());
  }
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (static_cast<std::int64_t>(ids.size()) > b.limit) ids.resize(static_cast<std::size_t>(b.limit));
  newest_first(ids, b);
  return find_many(ids);
}

Result<std::vector<core::Status>> SqliteStatusRepo::list_recent_by_accounts(const std::vector<Id>& account_ids,
                                                                           Id before_id, int per_account) {
  if (per_account <= 0) return std::vector<core::Status>();
  const Id upper = before_id != 0 ? before_id : std::numeric_limits<Id>::max();
  std::vector<Id> ids;
  std::unordered_set<Id> seen;
  for (Id account_id : account_ids) {
    if (!seen.insert(account_id).second) continue;
    // why: one cached statement, one seek on the covering index statuses_account per account,
    // then one batched fetch; no SQL built per call (a UNION ALL of per-account subqueries would
    // be a new statement text for every list length).
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT s.id FROM statuses s INDEXED BY statuses_account "
                        "WHERE s.account_id = ? AND s.id < ? ORDER BY s.id DESC LIMIT ?");
    st->bind_int(1, account_id).bind_int(2, upper).bind_int(3, per_account);
    PARLOIR_SQL_TRY(each_row(*st, [&] { ids.push_back(st->col_int(0)); }));
  }
  std::sort(ids.begin(), ids.end(), std::greater<>());
  return find_many(ids);
}

Result<std::vector<std::vector<Id>>> SqliteStatusRepo::recent_ids_by_accounts(const std::vector<Id>& account_ids,
                                                                             Id before_id, int per_account) {
  std::vector<std::vector<Id>> out(account_ids.size());
  if (per_account <= 0) return out;
  const Id upper = before_id != 0 ? before_id : std::numeric_limits<Id>::max();
  for (std::size_t i = 0; i < account_ids.size(); ++i) {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT s.id FROM statuses s INDEXED BY statuses_account "
                        "WHERE s.account_id = ? AND s.id < ? ORDER BY s.id DESC LIMIT ?");
    st->bind_int(1, account_ids[i]).bind_int(2, upper).bind_int(3, per_account);
    auto& ids = out[i];
    ids.reserve(static_cast<std::size_t>(per_account));
    PARLOIR_SQL_TRY(each_row(*st, [&] { ids.push_back(st->col_int(0)); }));
  }
  return out;
}

Result<std::vector<Id>> SqliteStatusRepo::recent_ids_mentioning(Id account_id, Id before_id, int limit) {
  if (limit <= 0) return std::vector<Id>();
  const Id upper = before_id != 0 ? before_id : std::numeric_limits<Id>::max();
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT status_id FROM status_mentions INDEXED BY status_mentions_account "
                      "WHERE account_id = ? AND status_id < ? ORDER BY status_id DESC LIMIT ?");
  st->bind_int(1, account_id).bind_int(2, upper).bind_int(3, limit);
  return id_column(*st);
}

Result<std::vector<HomeEntryFacts>> SqliteStatusRepo::home_entry_facts(const std::vector<Id>& ids) {
  std::vector<HomeEntryFacts> out;
  out.reserve(ids.size());
  for (Id id : ids) {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT account_id, visibility, reblog_of_id IS NOT NULL, in_reply_to_account_id "
                        "FROM statuses WHERE id = ?");
    st->bind_int(1, id);
    auto row = st->step();
    if (!row) return util::fail(std::move(row.error()));
    if (!*row) continue;
    HomeEntryFacts f;
    f.id = id;
    f.account_id = st->col_int(0);
    const std::int64_t v = st->col_int(1);
    f.visibility = v >= 0 && v <= 3 ? static_cast<core::Visibility>(v) : core::Visibility::direct;
    f.reblog = st->col_bool(2);
    f.in_reply_to_account_id = st->col_opt_int(3);
    out.push_back(f);
  }
  return out;
}

Result<std::vector<core::Status>> SqliteStatusRepo::list_conversation(Id conversation_id, int limit) {
  if (limit <= 0) return std::vector<core::Status>();
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_STATUS_COLUMNS " FROM statuses s "
                      "WHERE s.conversation_id = ? AND s.reblog_of_id IS NULL ORDER BY s.id LIMIT ?");
  st->bind_int(1, conversation_id).bind_int(2, limit);
  return collect(*st);
}

Result<std::int64_t> SqliteStatusRepo::count_local_statuses() {
  // why: O(local accounts) through accounts_domain instead of a scan of every status.
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT coalesce(sum(statuses_count), 0) FROM accounts WHERE domain = ''");
  return single_int(*st);
}

}  // namespace parloir::store::sqlite
