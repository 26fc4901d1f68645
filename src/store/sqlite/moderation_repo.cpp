// SqliteModerationRepo: the approval queue and account flags, reports, the audit log.
#include "store/sqlite/org_repos.h"

namespace parloir::store::sqlite {

namespace {

// "[1,2]" -> {1, 2}; anything else in the text is skipped (the column is written by us).
std::vector<Id> parse_id_array(const std::string& text) {
  std::vector<Id> out;
  Id cur = 0;
  bool in_number = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      cur = cur * 10 + (c - '0');
      in_number = true;
    } else if (in_number) {
      out.push_back(cur);
      cur = 0;
      in_number = false;
    }
  }
  if (in_number) out.push_back(cur);
  return out;
}

#define PARLOIR_REPORT_COLUMNS                                                                            \
  "id, account_id, target_account_id, status_ids, rule_ids, comment, category, forward, assigned_account_id, " \
  "action_taken_by, action_taken_at, created_at, updated_at"

core::Report read_report(const Stmt& st) {
  core::Report r;
  r.id = st.col_int(0);
  r.account_id = st.col_int(1);
  r.target_account_id = st.col_int(2);
  r.status_ids = parse_id_array(st.col_text(3));
  r.rule_ids = parse_id_array(st.col_text(4));
  r.comment = st.col_text(5);
  r.category = st.col_text(6);
  r.forward = st.col_bool(7);
  r.assigned_account_id = st.col_opt_int(8);
  r.action_taken_by = st.col_opt_int(9);
  r.action_taken_at = st.col_opt_int(10);
  r.created_at = st.col_int(11);
  r.updated_at = st.col_int(12);
  return r;
}

// ?1 filter (ModerationStatus as int), ?2 username substring ('' = any), then the page bounds.
constexpr PagedSql kLocalAccounts = PARLOIR_PAGED_SQL(
    "SELECT a.id FROM accounts a JOIN users u ON u.account_id = a.id "
    "LEFT JOIN account_moderation m ON m.account_id = a.id WHERE a.domain = '' AND ("
    "?1 = 0 OR (?1 = 1 AND u.approved = 1 AND u.disabled = 0 AND a.suspended_at IS NULL) "
    "OR (?1 = 2 AND u.approved = 0) OR (?1 = 3 AND u.disabled = 1) "
    "OR (?1 = 4 AND m.silenced_at IS NOT NULL) OR (?1 = 5 AND a.suspended_at IS NOT NULL)) "
    "AND (?2 = '' OR instr(lower(a.username), lower(?2)) > 0) AND a.id < ? AND a.id > ?",
    "a.id");

// why: the pending queue is its own statement so it walks the small users_pending index
// instead of every local account.
constexpr PagedSql kPendingAccounts = PARLOIR_PAGED_SQL(
    "SELECT u.account_id FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.approved = 0 "
    "AND (?1 = '' OR instr(lower(a.username), lower(?1)) > 0) AND u.account_id < ? AND u.account_id > ?",
    "u.account_id");

constexpr PagedSql kReports = PARLOIR_PAGED_SQL(
    "SELECT " PARLOIR_REPORT_COLUMNS " FROM reports WHERE "
    "(?1 = -1 OR (?1 = 1 AND action_taken_at IS NOT NULL) OR (?1 = 0 AND action_taken_at IS NULL)) "
    "AND id < ? AND id > ?",
    "id");

constexpr PagedSql kEmailDomainBlocks = PARLOIR_PAGED_SQL(
    "SELECT id, domain, created_at FROM email_domain_blocks WHERE id < ? AND id > ?", "id");

constexpr PagedSql kAudit = PARLOIR_PAGED_SQL(
    "SELECT id, account_id, action, target_type, target_id, detail, created_at FROM audit_log "
    "WHERE id < ? AND id > ?",
    "id");

}  // namespace

Result<std::vector<Id>> SqliteModerationRepo::list_local_accounts(ModerationStatus filter,
                                                                 const std::string& username,
                                                                 const PageRequest& page) {
  auto b = page_bounds(page);
  std::vector<Id> ids;
  if (filter == ModerationStatus::pending) {
    PARLOIR_SQL_PREPARE(st, conn_, kPendingAccounts.pick(b));
    st->bind_text(1, username);
    bind_page(*st, 2, b);
    auto r = id_column(*st);
    if (!r) return r;
    ids = std::move(*r);
  } else {
    PARLOIR_SQL_PREPARE(st, conn_, kLocalAccounts.pick(b));
    st->bind_int(1, static_cast<int>(filter)).bind_text(2, username);
    bind_page(*st, 3, b);
    auto r = id_column(*st);
    if (!r) return r;
    ids = std::move(*r);
  }
  newest_first(ids, b);
  return ids;
}

Status SqliteModerationRepo::set_approved(Id account_id, bool approved) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE users SET approved = ? WHERE account_id = ?");
  st->bind_bool(1, approved).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Account");
}

Status SqliteModerationRepo::set_disabled(Id account_id, bool disabled) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE users SET disabled = ? WHERE account_id = ?");
  st->bind_bool(1, disabled).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Account");
}

Status SqliteModerationRepo::delete_account(Id account_id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM accounts WHERE id = ? AND domain = ''");
  st->bind_int(1, account_id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Account");
}

Result<core::ModerationFlags> SqliteModerationRepo::flags(Id account_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT silenced_at, sensitized_at FROM account_moderation WHERE account_id = ?");
  st->bind_int(1, account_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  core::ModerationFlags f;
  if (*row) {
    f.silenced_at = st->col_opt_int(0);
    f.sensitized_at = st->col_opt_int(1);
  }
  return f;
}

Result<std::vector<Id>> SqliteModerationRepo::silenced_among(const std::vector<Id>& account_ids) {
  std::vector<Id> out;
  if (account_ids.empty()) return out;
  // why: one cached statement probed per id (primary-key lookups on a table holding only
  // moderated accounts) rather than an IN list whose text changes with its length.
  for (Id id : account_ids) {
    PARLOIR_SQL_PREPARE(st, conn_, "SELECT 1 FROM account_moderation WHERE account_id = ? AND silenced_at IS NOT NULL");
    st->bind_int(1, id);
    auto row = st->step();
    if (!row) return util::fail(std::move(row.error()));
    if (*row) out.push_back(id);
  }
  return out;
}

Status SqliteModerationRepo::set_flags(Id account_id, const core::ModerationFlags& f) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT OR REPLACE INTO account_moderation (account_id, silenced_at, sensitized_at) VALUES (?, ?, ?)");
  st->bind_int(1, account_id).bind_opt_int(2, f.silenced_at).bind_opt_int(3, f.sensitized_at);
  return st->run();
}

Status SqliteModerationRepo::insert_report(const core::Report& r) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO reports (" PARLOIR_REPORT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_id(*st, 1, r.id);
  st->bind_int(2, r.account_id).bind_int(3, r.target_account_id).bind_text(4, json_id_array(r.status_ids));
  st->bind_text(5, json_id_array(r.rule_ids)).bind_text(6, r.comment).bind_text(7, r.category).bind_bool(8, r.forward);
  st->bind_opt_int(9, r.assigned_account_id).bind_opt_int(10, r.action_taken_by).bind_opt_int(11, r.action_taken_at);
  st->bind_int(12, r.created_at).bind_int(13, r.updated_at);
  return st->run();
}

Result<std::optional<core::Report>> SqliteModerationRepo::find_report(Id id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_REPORT_COLUMNS " FROM reports WHERE id = ?");
  st->bind_int(1, id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::Report>{};
  return std::optional<core::Report>(read_report(*st));
}

Result<std::vector<core::Report>> SqliteModerationRepo::list_reports(std::optional<bool> resolved,
                                                                    const PageRequest& page) {
  auto b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, kReports.pick(b));
  st->bind_int(1, resolved ? (*resolved ? 1 : 0) : -1);
  bind_page(*st, 2, b);
  std::vector<core::Report> out;
  auto s = each_row(*st, [&] { out.push_back(read_report(*st)); });
  if (!s) return util::fail(std::move(s.error()));
  newest_first(out, b);
  return out;
}

Status SqliteModerationRepo::update_report(const core::Report& r) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE reports SET assigned_account_id = ?, action_taken_by = ?, action_taken_at = ?, "
                      "updated_at = ? WHERE id = ?");
  st->bind_opt_int(1, r.assigned_account_id).bind_opt_int(2, r.action_taken_by).bind_opt_int(3, r.action_taken_at);
  st->bind_int(4, r.updated_at).bind_int(5, r.id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Report");
}

Status SqliteModerationRepo::insert_email_domain_block(const core::EmailDomainBlock& b) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "INSERT INTO email_domain_blocks (id, domain, created_at) VALUES (?, ?, ?)");
  bind_id(*st, 1, b.id);
  st->bind_text(2, b.domain).bind_int(3, b.created_at);
  return st->run();
}

Result<std::vector<core::EmailDomainBlock>> SqliteModerationRepo::list_email_domain_blocks(const PageRequest& page) {
  auto b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, kEmailDomainBlocks.pick(b));
  bind_page(*st, 1, b);
  std::vector<core::EmailDomainBlock> out;
  auto s = each_row(*st, [&] { out.push_back(core::EmailDomainBlock{st->col_int(0), st->col_text(1), st->col_int(2)}); });
  if (!s) return util::fail(std::move(s.error()));
  newest_first(out, b);
  return out;
}

Result<std::optional<core::EmailDomainBlock>> SqliteModerationRepo::find_email_domain_block(Id id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT id, domain, created_at FROM email_domain_blocks WHERE id = ?");
  st->bind_int(1, id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::EmailDomainBlock>{};
  return std::optional<core::EmailDomainBlock>(core::EmailDomainBlock{st->col_int(0), st->col_text(1), st->col_int(2)});
}

Result<bool> SqliteModerationRepo::remove_email_domain_block(Id id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM email_domain_blocks WHERE id = ?");
  st->bind_int(1, id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::optional<std::string>> SqliteModerationRepo::blocked_email_domain(const std::string& domain) {
  // "a.b.example" -> ["a.b.example","b.example","example"], one statement through json_each.
  std::string candidates = "[";
  std::string_view rest = domain;
  for (bool first = true; !rest.empty(); first = false) {
    if (!first) candidates += ',';
    candidates += '"';
    for (char c : rest)
      if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) candidates += c;
    candidates += '"';
    auto dot = rest.find('.');
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  candidates += ']';
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT domain FROM email_domain_blocks WHERE domain IN (SELECT value FROM json_each(?)) LIMIT 1");
  st->bind_text(1, candidates);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>(st->col_text(0));
}

Status SqliteModerationRepo::log(const core::AuditEntry& e) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO audit_log (id, account_id, action, target_type, target_id, detail, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  bind_id(*st, 1, e.id);
  st->bind_opt_int(2, e.account_id).bind_text(3, e.action).bind_text(4, e.target_type).bind_int(5, e.target_id);
  st->bind_text(6, e.detail).bind_int(7, e.created_at);
  return st->run();
}

Result<std::vector<core::AuditEntry>> SqliteModerationRepo::audit_log(const PageRequest& page) {
  auto b = page_bounds(page);
  PARLOIR_SQL_PREPARE(st, conn_, kAudit.pick(b));
  bind_page(*st, 1, b);
  std::vector<core::AuditEntry> out;
  auto s = each_row(*st, [&] {
    out.push_back(core::AuditEntry{st->col_int(0), st->col_opt_int(1), st->col_text(2), st->col_text(3),
                                   st->col_int(4), st->col_text(5), st->col_int(6)});
  });
  if (!s) return util::fail(std::move(s.error()));
  newest_first(out, b);
  return out;
}

}  // namespace parloir::store::sqlite
