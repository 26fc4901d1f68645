// SqliteOAuthRepo: applications, oauth_codes and access_tokens tables.
// Scopes are stored space-joined, redirect URIs newline-joined.
#include "store/sqlite/repos.h"
#include "util/strings.h"

namespace parloir::store::sqlite {

namespace {

#define PARLOIR_APP_COLUMNS "id, name, website, redirect_uris, scopes, client_id, client_secret, created_at"
#define PARLOIR_CODE_COLUMNS "code_hash, application_id, account_id, redirect_uri, scopes, code_challenge, expires_at"
#define PARLOIR_TOKEN_COLUMNS "id, token_hash, application_id, account_id, scopes, created_at, revoked_at"

Result<std::optional<core::Application>> one_application(Stmt& st) {
  auto row = st.step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::Application>();
  core::Application app;
  app.id = st.col_int(0);
  app.name = st.col_text(1);
  app.website = st.col_text(2);
  app.redirect_uris = util::split(st.col_text(3), '\n');
  app.scopes = core::Scopes::parse(st.col_text(4));
  app.client_id = st.col_text(5);
  app.client_secret = st.col_text(6);
  app.created_at = st.col_int(7);
  return std::optional<core::Application>(std::move(app));
}

core::AuthorizationCode read_code(const Stmt& st) {
  core::AuthorizationCode c;
  c.code_hash = st.col_text(0);
  c.application_id = st.col_int(1);
  c.account_id = st.col_int(2);
  c.redirect_uri = st.col_text(3);
  c.scopes = core::Scopes::parse(st.col_text(4));
  c.code_challenge = st.col_text(5);
  c.expires_at = st.col_int(6);
  return c;
}

}  // namespace

Status SqliteOAuthRepo::insert_application(const core::Application& app) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "INSERT INTO applications (" PARLOIR_APP_COLUMNS ") VALUES (?,?,?,?,?,?,?,?)");
  if (app.id != 0) {
    st->bind_int(1, app.id);
  } else {
    st->bind_null(1);
  }
  st->bind_text(2, app.name).bind_text(3, app.website).bind_text(4, util::join(app.redirect_uris, "\n"));
  st->bind_text(5, app.scopes.to_string()).bind_text(6, app.client_id).bind_text(7, app.client_secret);
  st->bind_int(8, app.created_at);
  return st->run();
}

Result<std::optional<core::Application>> SqliteOAuthRepo::find_application_by_client_id(const std::string& client_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_APP_COLUMNS " FROM applications WHERE client_id = ?");
  st->bind_text(1, client_id);
  return one_application(*st);
}

Result<std::optional<core::Application>> SqliteOAuthRepo::find_application(Id id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_APP_COLUMNS " FROM applications WHERE id = ?");
  st->bind_int(1, id);
  return one_application(*st);
}

Status SqliteOAuthRepo::insert_code(const core::AuthorizationCode& c) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "INSERT INTO oauth_codes (" PARLOIR_CODE_COLUMNS ") VALUES (?,?,?,?,?,?,?)");
  st->bind_text(1, c.code_hash).bind_int(2, c.application_id).bind_int(3, c.account_id);
  st->bind_text(4, c.redirect_uri).bind_text(5, c.scopes.to_string()).bind_text(6, c.code_challenge);
  st->bind_int(7, c.expires_at);
  return st->run();
}

Result<std::optional<core::AuthorizationCode>> SqliteOAuthRepo::take_code(const std::string& code_hash) {
  PARLOIR_SQL_TRY(check_writable());
  // why: DELETE ... RETURNING (SQLite >= 3.35) makes "read and consume" one statement, so a code
  // can be redeemed once even by two concurrent token requests.
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM oauth_codes WHERE code_hash = ? RETURNING " PARLOIR_CODE_COLUMNS);
  st->bind_text(1, code_hash);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::AuthorizationCode>();
  core::AuthorizationCode c = read_code(*st);
  PARLOIR_SQL_TRY(st->run());  // finish the statement so the delete is complete
  return std::optional<core::AuthorizationCode>(std::move(c));
}

Status SqliteOAuthRepo::insert_token(const core::AccessToken& t) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "INSERT INTO access_tokens (" PARLOIR_TOKEN_COLUMNS ") VALUES (?,?,?,?,?,?,?)");
  if (t.id != 0) {
    st->bind_int(1, t.id);
  } else {
    st->bind_null(1);
  }
  st->bind_text(2, t.token_hash).bind_int(3, t.application_id).bind_opt_int(4, t.account_id);
  st->bind_text(5, t.scopes.to_string()).bind_int(6, t.created_at).bind_opt_int(7, t.revoked_at);
  return st->run();
}

namespace {

core::AccessToken read_token(const Stmt& st) {
  core::AccessToken t;
  t.id = st.col_int(0);
  t.token_hash = st.col_text(1);
  t.application_id = st.col_int(2);
  t.account_id = st.col_opt_int(3);
  t.scopes = core::Scopes::parse(st.col_text(4));
  t.created_at = st.col_int(5);
  t.revoked_at = st.col_opt_int(6);
  return t;
}

}  // namespace

Result<std::optional<core::AccessToken>> SqliteOAuthRepo::find_token(const std::string& token_hash) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_TOKEN_COLUMNS " FROM access_tokens WHERE token_hash = ?");
  st->bind_text(1, token_hash);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::AccessToken>();
  return std::optional<core::AccessToken>(read_token(*st));
}

Result<std::vector<core::AccessToken>> SqliteOAuthRepo::live_tokens_of_account(Id account_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_TOKEN_COLUMNS
                      " FROM access_tokens WHERE account_id = ? AND revoked_at IS NULL ORDER BY id");
  st->bind_int(1, account_id);
  std::vector<core::AccessToken> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(read_token(*st)); }));
  return out;
}

Result<bool> SqliteOAuthRepo::revoke_token(const std::string& token_hash, Id application_id, std::int64_t now) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE access_tokens SET revoked_at = ? "
                      "WHERE token_hash = ? AND application_id = ? AND revoked_at IS NULL");
  st->bind_int(1, now).bind_text(2, token_hash).bind_int(3, application_id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::int64_t> SqliteOAuthRepo::revoke_tokens_of_account(Id account_id, std::int64_t now) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE access_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL");
  st->bind_int(1, now).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes();
}

#undef PARLOIR_APP_COLUMNS
#undef PARLOIR_CODE_COLUMNS
#undef PARLOIR_TOKEN_COLUMNS

}  // namespace parloir::store::sqlite
