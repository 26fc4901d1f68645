// SqliteInviteRepo, SqliteAnnouncementRepo and SqliteStatusExpiryRepo.
#include <map>

#include "store/sqlite/org_repos.h"

namespace parloir::store::sqlite {

namespace {



core::Invite read_invite(const Stmt& st) {
  core::Invite i;
  i.id = st.col_int(0);
  i.code = st.col_text(1);
  i.created_by = st.col_opt_int(2);
  i.max_uses = st.col_opt_int(3);
  i.uses = st.col_int(4);
  i.expires_at = st.col_opt_int(5);
  i.created_at = st.col_int(6);
  return i;
}

#define PARLOIR_ANNOUNCEMENT_COLUMNS \
  "id, text, content, starts_at, ends_at, all_day, published_at, created_at, updated_at"

core::Announcement read_announcement(const Stmt& st) {
  core::Announcement a;
  a.id = st.col_int(0);
  a.text = st.col_text(1);
  a.content = st.col_text(2);
  a.starts_at = st.col_opt_int(3);
  a.ends_at = st.col_opt_int(4);
  a.all_day = st.col_bool(5);
  a.published_at = st.col_opt_int(6);
  a.created_at = st.col_int(7);
  a.updated_at = st.col_int(8);
  return a;
}

}  // namespace

// ---- invites ----------------------------------------------------------------------------------

Status SqliteInviteRepo::insert(const core::Invite& i) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO invites (id, code, created_by, max_uses, uses, expires_at, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  bind_id(*st, 1, i.id);
  st->bind_text(2, i.code).bind_opt_int(3, i.created_by).bind_opt_int(4, i.max_uses).bind_int(5, i.uses);
  st->bind_opt_int(6, i.expires_at).bind_int(7, i.created_at);
  return st->run();
}

Result<std::optional<core::Invite>> SqliteInviteRepo::find_by_code(const std::string& code) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT id, code, created_by, max_uses, uses, expires_at, created_at "
                                 "FROM invites WHERE code = ?");
  st->bind_text(1, code);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::Invite>{};
  return std::optional<core::Invite>(read_invite(*st));
}

Result<std::vector<core::Invite>> SqliteInviteRepo::list(int limit) {

  PARLOIR_SQL_PREPARE(st, conn_, "SELECT id, code, created_by, max_uses, uses, expires_at, created_at "
                                 "FROM invites ORDER BY id DESC LIMIT ?");
  st->bind_int(1, limit);
  std::vector<core::Invite> out;
  auto s = each_row(*st, [&] { out.push_back(read_invite(*st)); });
  if (!s) return util::fail(std::move(s.error()));
  return out;
}

Result<bool> SqliteInviteRepo::use(const std::string& code, std::int64_t now_ms) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE invites SET uses = uses + 1 WHERE code = ? "
                      "AND (expires_at IS NULL OR expires_at > ?) AND (max_uses IS NULL OR uses < max_uses)");
  st->bind_text(1, code).bind_int(2, now_ms);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<bool> SqliteInviteRepo::remove(Id id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM invites WHERE id = ?");
  st->bind_int(1, id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

// ---- announcements ----------------------------------------------------------------------------

Status SqliteAnnouncementRepo::insert(const core::Announcement& a) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO announcements (" PARLOIR_ANNOUNCEMENT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_id(*st, 1, a.id);
  st->bind_text(2, a.text).bind_text(3, a.content).bind_opt_int(4, a.starts_at).bind_opt_int(5, a.ends_at);
  st->bind_bool(6, a.all_day).bind_opt_int(7, a.published_at).bind_int(8, a.created_at).bind_int(9, a.updated_at);
  return st->run();
}

Status SqliteAnnouncementRepo::update(const core::Announcement& a) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE announcements SET text = ?, content = ?, starts_at = ?, ends_at = ?, all_day = ?, "
                      "published_at = ?, updated_at = ? WHERE id = ?");
  st->bind_text(1, a.text).bind_text(2, a.content).bind_opt_int(3, a.starts_at).bind_opt_int(4, a.ends_at);
  st->bind_bool(5, a.all_day).bind_opt_int(6, a.published_at).bind_int(7, a.updated_at).bind_int(8, a.id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Announcement");
}

Result<bool> SqliteAnnouncementRepo::remove(Id id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM announcements WHERE id = ?");
  st->bind_int(1, id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::optional<core::Announcement>> SqliteAnnouncementRepo::find(Id id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_ANNOUNCEMENT_COLUMNS " FROM announcements WHERE id = ?");
  st->bind_int(1, id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::Announcement>{};
  return std::optional<core::Announcement>(read_announcement(*st));
}

Result<std::vector<core::Announcement>> SqliteAnnouncementRepo::list_all(int limit) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_ANNOUNCEMENT_COLUMNS " FROM announcements ORDER BY id DESC LIMIT ?");
  st->bind_int(1, limit);
  std::vector<core::Announcement> out;
  auto s = each_row(*st, [&] { out.push_back(read_announcement(*st)); });
  if (!s) return util::fail(std::move(s.error()));
  return out;
}

Result<std::vector<core::AnnouncementView>> SqliteAnnouncementRepo::list_active(Id viewer, std::int64_t now_ms,
                                                                               bool with_dismissed) {
  std::vector<core::AnnouncementView> out;
  {
    // why: the published set is small (a handful of notices); the partial index keeps drafts out.
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT a.id, a.text, a.content, a.starts_at, a.ends_at, a.all_day, a.published_at, "
                        "a.created_at, a.updated_at, d.account_id IS NOT NULL FROM announcements a "
                        "LEFT JOIN announcement_dismissals d ON d.announcement_id = a.id AND d.account_id = ?1 "
                        "WHERE a.published_at IS NOT NULL AND (a.ends_at IS NULL OR a.ends_at > ?2) "
                        "AND (?3 = 1 OR d.account_id IS NULL) ORDER BY a.id DESC LIMIT 200");
    st->bind_int(1, viewer).bind_int(2, now_ms).bind_bool(3, with_dismissed);
    auto s = each_row(*st, [&] {
      core::AnnouncementView v;
      v.announcement = read_announcement(*st);
      v.read = st->col_bool(9);
      out.push_back(std::move(v));
    });
    if (!s) return util::fail(std::move(s.error()));
  }
  if (out.empty()) return out;
  std::vector<Id> ids;
  ids.reserve(out.size());
  for (const auto& v : out) ids.push_back(v.announcement.id);
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT announcement_id, name, count(*), max(account_id = ?2), min(created_at) "
                      "FROM announcement_reactions WHERE announcement_id IN (SELECT value FROM json_each(?1)) "
                      "GROUP BY announcement_id, name ORDER BY announcement_id, min(created_at)");
  st->bind_text(1, json_id_array(ids)).bind_int(2, viewer);
  std::map<Id, std::vector<core::AnnouncementReaction>> by_id;
  auto s = each_row(*st, [&] {
    by_id[st->col_int(0)].push_back(core::AnnouncementReaction{st->col_text(1), st->col_int(2), st->col_bool(3)});
  });
  if (!s) return util::fail(std::move(s.error()));
  for (auto& v : out) {
    auto it = by_id.find(v.announcement.id);
    if (it != by_id.end()) v.reactions = std::move(it->second);
  }
  return out;
}

Status SqliteAnnouncementRepo::dismiss(Id announcement_id, Id account_id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT OR IGNORE INTO announcement_dismissals (announcement_id, account_id) VALUES (?, ?)");
  st->bind_int(1, announcement_id).bind_int(2, account_id);
  return st->run();
}

Result<bool> SqliteAnnouncementRepo::add_reaction(Id announcement_id, Id account_id, const std::string& name,
                                                  std::int64_t now_ms) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT OR IGNORE INTO announcement_reactions (announcement_id, account_id, name, created_at) "
                      "VALUES (?, ?, ?, ?)");
  st->bind_int(1, announcement_id).bind_int(2, account_id).bind_text(3, name).bind_int(4, now_ms);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<bool> SqliteAnnouncementRepo::remove_reaction(Id announcement_id, Id account_id, const std::string& name) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "DELETE FROM announcement_reactions WHERE announcement_id = ? AND name = ? AND account_id = ?");
  st->bind_int(1, announcement_id).bind_text(2, name).bind_int(3, account_id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::int64_t> SqliteAnnouncementRepo::count_reaction_names(Id announcement_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT count(DISTINCT name) FROM announcement_reactions WHERE announcement_id = ?");
  st->bind_int(1, announcement_id);
  return single_int(*st);
}

// ---- status expiry ----------------------------------------------------------------------------

Status SqliteStatusExpiryRepo::schedule(Id status_id, std::int64_t expires_at) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "INSERT OR REPLACE INTO status_expirations (status_id, expires_at) VALUES (?, ?)");
  st->bind_int(1, status_id).bind_int(2, expires_at);
  return st->run();
}

Result<std::optional<std::int64_t>> SqliteStatusExpiryRepo::expires_at(Id status_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT expires_at FROM status_expirations WHERE status_id = ?");
  st->bind_int(1, status_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>(st->col_int(0));
}

Result<std::vector<std::pair<Id, Id>>> SqliteStatusExpiryRepo::due(std::int64_t now_ms, int limit) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT e.status_id, s.account_id FROM status_expirations e JOIN statuses s ON s.id = e.status_id "
                      "WHERE e.expires_at <= ? ORDER BY e.expires_at LIMIT ?");
  st->bind_int(1, now_ms).bind_int(2, limit);
  std::vector<std::pair<Id, Id>> out;
  auto s = each_row(*st, [&] { out.emplace_back(st->col_int(0), st->col_int(1)); });
  if (!s) return util::fail(std::move(s.error()));
  return out;
}

}  // namespace parloir::store::sqlite

namespace parloir::store::sqlite {

Result<std::int64_t> SqliteEventOutboxRepo::append(const std::string& payload, std::int64_t now_ms) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "INSERT INTO event_outbox (payload, created_at) VALUES (?, ?)");
  st->bind_text(1, payload).bind_int(2, now_ms);
  PARLOIR_SQL_TRY(st->run());
  return conn_.last_insert_rowid();
}

Result<std::vector<OutboxEvent>> SqliteEventOutboxRepo::after(std::int64_t after, int limit) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT seq, payload, created_at FROM event_outbox WHERE seq > ? ORDER BY seq LIMIT ?");
  st->bind_int(1, after).bind_int(2, limit);
  std::vector<OutboxEvent> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(OutboxEvent{st->col_int(0), st->col_text(1), st->col_int(2)}); }));
  return out;
}

Result<std::int64_t> SqliteEventOutboxRepo::last_seq() {
  // why: AUTOINCREMENT keeps the highest seq ever used in sqlite_sequence even when the
  // table is empty, so a cursor never sees a reused number.
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'event_outbox'), 0)");
  return single_int(*st);
}

Result<std::int64_t> SqliteEventOutboxRepo::prune(std::int64_t before_ms) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM event_outbox WHERE created_at < ?");
  st->bind_int(1, before_ms);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes();
}

}  // namespace parloir::store::sqlite
