// SqliteFilterRepo and SqliteScheduledStatusRepo.
#include "store/sqlite/filter_repos.h"
#include "store/sqlite/poll_repo.h"

namespace parloir::store::sqlite {

namespace {

// One query returns a filter with its keywords and statuses (or every filter of an account):
// rows of kind 0 (filter), 1 (keyword), 2 (status), ordered by filter id then kind.
// ?1 account id, ?2 now (filters with expires_at <= now are left out), ?3 filter id (list: -1 = any).
#define PARLOIR_FILTER_ROWS                                                                                   \
  "SELECT 0, f.id, f.id, f.title, f.context, f.action, f.expires_at, f.created_at, f.updated_at "            \
  "FROM filters f WHERE f.account_id = ?1 AND (f.expires_at IS NULL OR f.expires_at > ?2) "                   \
  "AND (?3 = -1 OR f.id = ?3) "                                                                               \
  "UNION ALL "                                                                                                \
  "SELECT 1, k.filter_id, k.id, k.keyword, k.whole_word, NULL, NULL, k.created_at, NULL "                     \
  "FROM filter_keywords k JOIN filters f ON f.id = k.filter_id "                                              \
  "WHERE f.account_id = ?1 AND (f.expires_at IS NULL OR f.expires_at > ?2) AND (?3 = -1 OR f.id = ?3) "       \
  "UNION ALL "                                                                                                \
  "SELECT 2, s.filter_id, s.id, NULL, s.status_id, NULL, NULL, s.created_at, NULL "                           \
  "FROM filter_statuses s JOIN filters f ON f.id = s.filter_id "                                              \
  "WHERE f.account_id = ?1 AND (f.expires_at IS NULL OR f.expires_at > ?2) AND (?3 = -1 OR f.id = ?3) "       \
  "ORDER BY 2, 1, 3"

core::FilterAction action_from_int(std::int64_t v) {
  switch (v) {
    case 1: return core::FilterAction::hide;
    case 2: return core::FilterAction::blur;
    default: return core::FilterAction::warn;
  }
}

Result<std::vector<core::Filter>> read_filters(Connection& conn, Id account_id, std::int64_t now_ms, Id filter_id) {
  PARLOIR_SQL_PREPARE(st, conn, PARLOIR_FILTER_ROWS);
  st->bind_int(1, account_id).bind_int(2, now_ms).bind_int(3, filter_id);
  std::vector<core::Filter> out;
  auto s = each_row(*st, [&] {
    const auto kind = st->col_int(0);
    const Id fid = st->col_int(1);
    if (kind == 0) {
      core::Filter f;
      f.id = fid;
      f.account_id = account_id;
      f.title = st->col_text(3);
      f.context = static_cast<unsigned>(st->col_int(4));
      f.action = action_from_int(st->col_int(5));
      f.expires_at = st->col_opt_int(6);
      f.created_at = st->col_int(7);
      f.updated_at = st->col_int(8);
      out.push_back(std::move(f));
      return;
    }
    if (out.empty() || out.back().id != fid) return;  // why: rows of a filter follow its kind-0 row
    if (kind == 1) {
      out.back().keywords.push_back(
          core::FilterKeyword{st->col_int(2), fid, st->col_text(3), st->col_bool(4), st->col_int(7)});
    } else {
      out.back().statuses.push_back(core::FilterStatus{st->col_int(2), fid, st->col_int(4), st->col_int(7)});
    }
  });
  if (!s) return util::fail(std::move(s.error()));
  return out;
}

Status insert_keyword_row(Connection& conn, const core::FilterKeyword& k) {
  PARLOIR_SQL_PREPARE(st, conn,
                      "INSERT INTO filter_keywords (id, filter_id, keyword, whole_word, created_at) VALUES (?, ?, ?, ?, ?)");
  bind_id(*st, 1, k.id);
  st->bind_int(2, k.filter_id).bind_text(3, k.keyword).bind_bool(4, k.whole_word).bind_int(5, k.created_at);
  return st->run();
}

Status insert_status_row(Connection& conn, const core::FilterStatus& s) {
  PARLOIR_SQL_PREPARE(st, conn, "INSERT INTO filter_statuses (id, filter_id, status_id, created_at) VALUES (?, ?, ?, ?)");
  bind_id(*st, 1, s.id);
  st->bind_int(2, s.filter_id).bind_int(3, s.status_id).bind_int(4, s.created_at);
  return st->run();
}

}  // namespace

// ---- filters ----------------------------------------------------------------------------------

Status SqliteFilterRepo::insert(const core::Filter& f) {
  PARLOIR_SQL_TRY(check_writable());
  return atomically(conn_, [&]() -> Status {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "INSERT INTO filters (id, account_id, title, context, action, expires_at, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    bind_id(*st, 1, f.id);
    st->bind_int(2, f.account_id).bind_text(3, f.title).bind_int(4, f.context).bind_int(5, static_cast<int>(f.action));
    st->bind_opt_int(6, f.expires_at).bind_int(7, f.created_at).bind_int(8, f.updated_at);
    PARLOIR_SQL_TRY(st->run());
    const Id fid = f.id != 0 ? f.id : conn_.last_insert_rowid();
    for (auto k : f.keywords) {
      k.filter_id = fid;
      PARLOIR_SQL_TRY(insert_keyword_row(conn_, k));
    }
    for (auto s : f.statuses) {
      s.filter_id = fid;
      PARLOIR_SQL_TRY(insert_status_row(conn_, s));
    }
    return {};
  });
}

Status SqliteFilterRepo::update(const core::Filter& f) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE filters SET title = ?, context = ?, action = ?, expires_at = ?, updated_at = ? "
                      "WHERE id = ? AND account_id = ?");
  st->bind_text(1, f.title).bind_int(2, f.context).bind_int(3, static_cast<int>(f.action));
  st->bind_opt_int(4, f.expires_at).bind_int(5, f.updated_at).bind_int(6, f.id).bind_int(7, f.account_id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Filter");
}

Result<bool> SqliteFilterRepo::remove(Id account_id, Id id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM filters WHERE id = ? AND account_id = ?");
  st->bind_int(1, id).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::optional<core::Filter>> SqliteFilterRepo::find(Id account_id, Id id) {
  auto all = read_filters(conn_, account_id, std::numeric_limits<std::int64_t>::min(), id);
  if (!all) return util::fail(std::move(all.error()));
  if (all->empty()) return std::optional<core::Filter>{};
  return std::optional<core::Filter>(std::move(all->front()));
}

Result<std::vector<core::Filter>> SqliteFilterRepo::list(Id account_id, std::int64_t now_ms) {
  return read_filters(conn_, account_id, now_ms, -1);
}

Status SqliteFilterRepo::insert_keyword(const core::FilterKeyword& k) {
  PARLOIR_SQL_TRY(check_writable());
  return insert_keyword_row(conn_, k);
}

Status SqliteFilterRepo::update_keyword(const core::FilterKeyword& k) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE filter_keywords SET keyword = ?, whole_word = ? WHERE id = ?");
  st->bind_text(1, k.keyword).bind_bool(2, k.whole_word).bind_int(3, k.id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Keyword");
}

Result<bool> SqliteFilterRepo::remove_keyword(Id account_id, Id id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "DELETE FROM filter_keywords WHERE id = ? AND filter_id IN "
                      "(SELECT id FROM filters WHERE account_id = ?)");
  st->bind_int(1, id).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::optional<core::FilterKeyword>> SqliteFilterRepo::find_keyword(Id account_id, Id id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT k.id, k.filter_id, k.keyword, k.whole_word, k.created_at FROM filter_keywords k "
                      "JOIN filters f ON f.id = k.filter_id WHERE k.id = ? AND f.account_id = ?");
  st->bind_int(1, id).bind_int(2, account_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::FilterKeyword>{};
  return std::optional<core::FilterKeyword>(
      core::FilterKeyword{st->col_int(0), st->col_int(1), st->col_text(2), st->col_bool(3), st->col_int(4)});
}

Status SqliteFilterRepo::insert_status(const core::FilterStatus& s) {
  PARLOIR_SQL_TRY(check_writable());
  return insert_status_row(conn_, s);
}

Result<bool> SqliteFilterRepo::remove_status(Id account_id, Id id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "DELETE FROM filter_statuses WHERE id = ? AND filter_id IN "
                      "(SELECT id FROM filters WHERE account_id = ?)");
  st->bind_int(1, id).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::optional<core::FilterStatus>> SqliteFilterRepo::find_status(Id account_id, Id id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT s.id, s.filter_id, s.status_id, s.created_at FROM filter_statuses s "
                      "JOIN filters f ON f.id = s.filter_id WHERE s.id = ? AND f.account_id = ?");
  st->bind_int(1, id).bind_int(2, account_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::FilterStatus>{};
  return std::optional<core::FilterStatus>(
      core::FilterStatus{st->col_int(0), st->col_int(1), st->col_int(2), st->col_int(3)});
}

// ---- scheduled statuses -----------------------------------------------------------------------

namespace {

#define PARLOIR_SCHEDULED_COLUMNS                                                                        \
  "id, account_id, scheduled_at, text, spoiler_text, visibility, sensitive, language, in_reply_to_id, " \
  "application_id, local_only, created_at, poll_options_json, poll_expires_in, poll_multiple, poll_hide_totals"

core::ScheduledStatus read_scheduled(const Stmt& st) {
  core::ScheduledStatus s;
  s.id = st.col_int(0);
  s.account_id = st.col_int(1);
  s.scheduled_at = st.col_int(2);
  s.text = st.col_text(3);
  s.spoiler_text = st.col_text(4);
  if (auto v = st.col_opt_int(5)) s.visibility = visibility_from_int(*v);
  s.sensitive = st.col_bool(6);
  s.language = st.col_text(7);
  s.in_reply_to_id = st.col_opt_int(8);
  s.application_id = st.col_opt_int(9);
  s.local_only = st.col_bool(10);
  s.created_at = st.col_int(11);
  if (auto options = st.col_opt_text(12)) {
    s.poll.emplace();
    s.poll->options = options_from_json(*options).value_or(std::vector<std::string>{});
    s.poll->expires_in = st.col_opt_int(13).value_or(0);
    s.poll->multiple = st.col_bool(14);
    s.poll->hide_totals = st.col_bool(15);
  }
  return s;
}

Result<std::vector<core::ScheduledStatus>> read_all_scheduled(Stmt& st) {
  std::vector<core::ScheduledStatus> out;
  auto s = each_row(st, [&] { out.push_back(read_scheduled(st)); });
  if (!s) return util::fail(std::move(s.error()));
  return out;
}

constexpr PagedSql kScheduledByAccount = PARLOIR_PAGED_SQL(
    "SELECT " PARLOIR_SCHEDULED_COLUMNS " FROM scheduled_statuses WHERE account_id = ? AND id < ? AND id > ?", "id");

}  // namespace

Status SqliteScheduledStatusRepo::insert(const core::ScheduledStatus& s) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO scheduled_statuses (" PARLOIR_SCHEDULED_COLUMNS
                      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_id(*st, 1, s.id);
  st->bind_int(2, s.account_id).bind_int(3, s.scheduled_at).bind_text(4, s.text).bind_text(5, s.spoiler_text);
  if (s.visibility) {
    st->bind_int(6, static_cast<int>(*s.visibility));
  } else {
    st->bind_null(6);
  }
  st->bind_bool(7, s.sensitive).bind_text(8, s.language).bind_opt_int(9, s.in_reply_to_id);
  st->bind_opt_int(10, s.application_id).bind_bool(11, s.local_only).bind_int(12, s.created_at);
  if (s.poll) {
    st->bind_text(13, options_to_json(s.poll->options)).bind_int(14, s.poll->expires_in);
    st->bind_bool(15, s.poll->multiple).bind_bool(16, s.poll->hide_totals);
  } else {
    st->bind_null(13).bind_null(14).bind_bool(15, false).bind_bool(16, false);
  }
  return st->run();
}

Result<std::optional<core::ScheduledStatus>> SqliteScheduledStatusRepo::find(Id account_id, Id id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_SCHEDULED_COLUMNS " FROM scheduled_statuses WHERE id = ? AND account_id = ?");
  st->bind_int(1, id).bind_int(2, account_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::ScheduledStatus>{};
  return std::optional<core::ScheduledStatus>(read_scheduled(*st));
}

Result<std::vector<core::ScheduledStatus>> SqliteScheduledStatusRepo::list(Id account_id, const PageRequest& page) {
  const PageBounds b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, kScheduledByAccount.pick(b));
  st->bind_int(1, account_id);
  bind_page(*st, 2, b);
  auto out = read_all_scheduled(*st);
  if (out) newest_first(*out, b);
  return out;
}

Status SqliteScheduledStatusRepo::set_time(Id account_id, Id id, std::int64_t scheduled_at) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE scheduled_statuses SET scheduled_at = ? WHERE id = ? AND account_id = ?");
  st->bind_int(1, scheduled_at).bind_int(2, id).bind_int(3, account_id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Scheduled status");
}

Result<bool> SqliteScheduledStatusRepo::remove(Id account_id, Id id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM scheduled_statuses WHERE id = ? AND account_id = ?");
  st->bind_int(1, id).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::vector<core::ScheduledStatus>> SqliteScheduledStatusRepo::list_due(std::int64_t now_ms, int limit) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_SCHEDULED_COLUMNS " FROM scheduled_statuses WHERE scheduled_at <= ? "
                      "ORDER BY scheduled_at, id LIMIT ?");
  st->bind_int(1, now_ms).bind_int(2, limit);
  return read_all_scheduled(*st);
}

Result<std::int64_t> SqliteScheduledStatusRepo::count(Id account_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT count(*) FROM scheduled_statuses WHERE account_id = ?");
  st->bind_int(1, account_id);
  return single_int(*st);
}

Result<std::int64_t> SqliteScheduledStatusRepo::count_between(Id account_id, std::int64_t from_ms, std::int64_t to_ms) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT count(*) FROM scheduled_statuses WHERE account_id = ? AND scheduled_at >= ? "
                      "AND scheduled_at < ?");
  st->bind_int(1, account_id).bind_int(2, from_ms).bind_int(3, to_ms);
  return single_int(*st);
}

}  // namespace parloir::store::sqlite
