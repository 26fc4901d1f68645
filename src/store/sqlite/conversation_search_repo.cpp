// SqliteConversationRepo (direct-message conversations as each participant sees them) and
// SqliteSearchRepo (accounts, tags, full-text status search).
#include <string>

#include "store/sqlite/personal_repos.h"
#include "store/sqlite/repos.h"

namespace parloir::store::sqlite {

namespace {

// The direct statuses an account wrote or is mentioned in (?1 = account id).
#define PARLOIR_INVOLVED_DIRECT                                                                           \
  "s.visibility = 3 AND (s.account_id = ?1 OR EXISTS (SELECT 1 FROM status_mentions m "                  \
  "WHERE m.status_id = s.id AND m.account_id = ?1))"

// ?1 = account id, then the page bounds on the conversation's last status id.
constexpr PagedSql kConversations = PARLOIR_PAGED_SQL(
    "WITH mine (id) AS ("
    " SELECT s.id FROM statuses s WHERE s.account_id = ?1 AND s.visibility = 3"
    " UNION SELECT m.status_id FROM status_mentions m JOIN statuses s ON s.id = m.status_id"
    " WHERE m.account_id = ?1 AND s.visibility = 3),"
    " convs (cid, last_id) AS ("
    " SELECT s.conversation_id, max(s.id) FROM mine JOIN statuses s ON s.id = mine.id GROUP BY s.conversation_id)"
    " SELECT c.cid, c.last_id, coalesce(cs.last_read_id, 0) FROM convs c"
    " LEFT JOIN conversation_states cs ON cs.account_id = ?1 AND cs.conversation_id = c.cid"
    " WHERE c.last_id > coalesce(cs.hidden_up_to, 0) AND c.last_id < ? AND c.last_id > ?",
    "c.last_id");

// Escapes LIKE wildcards (ESCAPE '\').
std::string like_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

Result<std::vector<ConversationSummary>> SqliteConversationRepo::list(Id account_id, const PageRequest& page) {
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, kConversations.pick(b));
  st->bind_int(1, account_id);
  bind_page(*st, 2, b);
  std::vector<ConversationSummary> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back({st->col_int(0), st->col_int(1), st->col_int(2)}); }));
  newest_first(out, b);
  return out;
}

Result<std::optional<ConversationSummary>> SqliteConversationRepo::find(Id account_id, Id conversation_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT max(s.id), coalesce((SELECT cs.last_read_id FROM conversation_states cs"
                      " WHERE cs.account_id = ?1 AND cs.conversation_id = ?2), 0),"
                      " coalesce((SELECT cs.hidden_up_to FROM conversation_states cs"
                      " WHERE cs.account_id = ?1 AND cs.conversation_id = ?2), 0)"
                      " FROM statuses s WHERE s.conversation_id = ?2 AND " PARLOIR_INVOLVED_DIRECT);
  st->bind_int(1, account_id).bind_int(2, conversation_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row || st->col_is_null(0)) return std::optional<ConversationSummary>();
  const Id last = st->col_int(0);
  if (last <= st->col_int(2)) return std::optional<ConversationSummary>();
  return std::optional<ConversationSummary>(ConversationSummary{conversation_id, last, st->col_int(1)});
}

Status SqliteConversationRepo::mark_read(Id account_id, Id conversation_id, Id status_id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO conversation_states (account_id, conversation_id, last_read_id) VALUES (?, ?, ?) "
                      "ON CONFLICT (account_id, conversation_id) DO UPDATE SET "
                      "last_read_id = max(last_read_id, excluded.last_read_id)");
  st->bind_int(1, account_id).bind_int(2, conversation_id).bind_int(3, status_id);
  return st->run();
}

Status SqliteConversationRepo::hide(Id account_id, Id conversation_id, Id status_id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO conversation_states (account_id, conversation_id, hidden_up_to) VALUES (?, ?, ?) "
                      "ON CONFLICT (account_id, conversation_id) DO UPDATE SET "
                      "hidden_up_to = max(hidden_up_to, excluded.hidden_up_to)");
  st->bind_int(1, account_id).bind_int(2, conversation_id).bind_int(3, status_id);
  return st->run();
}

Result<std::vector<Id>> SqliteConversationRepo::status_ids(Id account_id, Id conversation_id, int limit) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT s.id FROM statuses s WHERE s.conversation_id = ?2 AND " PARLOIR_INVOLVED_DIRECT
                      " ORDER BY s.id LIMIT ?3");
  st->bind_int(1, account_id).bind_int(2, conversation_id).bind_int(3, limit);
  return id_column(*st);
}

// ---- search -----------------------------------------------------------------------------------

Result<std::vector<core::Account>> SqliteSearchRepo::accounts(const AccountSearch& q) {
  if (q.limit <= 0 || (q.username.empty() && q.prefix.empty())) return std::vector<core::Account>();
  PARLOIR_SQL_PREPARE(
      st, conn_,
      "SELECT a.id FROM accounts a WHERE a.suspended_at IS NULL AND a.domain = ?2"
      " AND (a.username = ?1 OR (?3 <> '' AND (a.username LIKE ?3 ESCAPE '\\' OR a.display_name LIKE ?3 ESCAPE '\\')))"
      " AND (?4 = 0 OR EXISTS (SELECT 1 FROM follows f WHERE f.account_id = ?4 AND f.target_account_id = a.id))"
      " ORDER BY (a.username = ?1) DESC, a.username, a.id LIMIT ?5 OFFSET ?6");
  st->bind_text(1, q.username).bind_text(2, q.domain);
  st->bind_text(3, q.prefix.empty() ? std::string() : like_escape(q.prefix) + "%");
  st->bind_int(4, q.followed_by.value_or(0)).bind_int(5, q.limit).bind_int(6, std::max(q.offset, 0));
  auto ids = id_column(*st);
  if (!ids) return util::fail(std::move(ids.error()));
  SqliteAccountRepo accounts(conn_, writable_);
  return accounts.find_by_ids(*ids);
}

Result<std::vector<std::string>> SqliteSearchRepo::tags(const std::string& prefix, int limit, int offset) {
  std::vector<std::string> out;
  if (prefix.empty() || limit <= 0) return out;
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT name FROM tags WHERE name LIKE ? ESCAPE '\\' ORDER BY length(name), name LIMIT ? OFFSET ?");
  st->bind_text(1, like_escape(prefix) + "%").bind_int(2, limit).bind_int(3, std::max(offset, 0));
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(st->col_text(0)); }));
  return out;
}

Result<std::vector<core::Status>> SqliteSearchRepo::statuses(const StatusSearch& q) {
  if (q.fts_query.empty() || q.limit <= 0) return std::vector<core::Status>();
  // why: Mastodon 4.2's searchable set: the searcher's own statuses, those mentioning,
  // favourited or bookmarked by them, and public statuses of authors who opted in (indexable).
  PARLOIR_SQL_PREPARE(
      st, conn_,
      "SELECT s.id FROM status_search JOIN statuses s ON s.id = status_search.rowid"
      " WHERE status_search MATCH ?1 AND s.reblog_of_id IS NULL AND (?2 = 0 OR s.account_id = ?2)"
      " AND (s.account_id = ?3"
      " OR EXISTS (SELECT 1 FROM status_mentions m WHERE m.status_id = s.id AND m.account_id = ?3)"
      " OR EXISTS (SELECT 1 FROM favourites f WHERE f.status_id = s.id AND f.account_id = ?3)"
      " OR EXISTS (SELECT 1 FROM bookmarks b WHERE b.status_id = s.id AND b.account_id = ?3)"
      " OR (s.visibility = 0 AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = s.account_id AND a.indexable = 1)))"
      " ORDER BY s.id DESC LIMIT ?4 OFFSET ?5");
  st->bind_text(1, q.fts_query).bind_int(2, q.account_id.value_or(0)).bind_int(3, q.viewer_id);
  st->bind_int(4, q.limit).bind_int(5, std::max(q.offset, 0));
  auto ids = id_column(*st);
  if (!ids) {
    // A malformed MATCH expression ("fts5: syntax error") is the caller's input, not ours.
    const std::string& d = ids.error().detail;
    if (d.find("fts5") != std::string::npos || d.find("unterminated") != std::string::npos ||
        d.find("syntax error") != std::string::npos)
      return util::fail(util::ErrorCode::bad_request, "Invalid search query", ids.error().detail);
    return util::fail(std::move(ids.error()));
  }
  SqliteStatusRepo statuses(conn_, writable_);
  return statuses.find_many(*ids);
}

Result<bool> SqliteSearchRepo::has_pending_statuses() {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT EXISTS (SELECT 1 FROM status_search_pending)");
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  return *row && st->col_int(0) != 0;
}

Result<int> SqliteSearchRepo::index_pending_statuses(int max) {
  PARLOIR_SQL_TRY(check_writable());
  if (max <= 0) return 0;
  // The batch: the `max` oldest pending ids, i.e. every pending id up to `last`.
  Id last = 0;
  int count = 0;
  {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT max(status_id), count(*) FROM"
                        " (SELECT status_id FROM status_search_pending ORDER BY status_id LIMIT ?)");
    st->bind_int(1, max);
    auto row = st->step();
    if (!row) return util::fail(std::move(row.error()));
    if (!*row || st->col_is_null(0)) return 0;
    last = st->col_int(0);
    count = static_cast<int>(st->col_int(1));
  }
  {
    // why: one INSERT for the whole batch, so FTS5 writes one segment for it.
    PARLOIR_SQL_PREPARE(st, conn_,
                        "INSERT INTO status_search (rowid, text) SELECT s.id, s.text FROM status_search_pending p"
                        " JOIN statuses s ON s.id = p.status_id WHERE p.status_id <= ? ORDER BY p.status_id");
    st->bind_int(1, last);
    PARLOIR_SQL_TRY(st->run());
  }
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM status_search_pending WHERE status_id <= ?");
  st->bind_int(1, last);
  PARLOIR_SQL_TRY(st->run());
  return count;
}

#undef PARLOIR_INVOLVED_DIRECT

}  // namespace parloir::store::sqlite
