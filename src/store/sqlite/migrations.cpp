#include "store/sqlite/migrations.h"

#include <chrono>
#include <string>

namespace parloir::store::sqlite {

namespace {

// why: usernames and emails compare case-insensitively through the column collation (NOCASE folds
// ASCII, which is what local usernames [A-Za-z0-9_] and email domains need); the unique indexes
// then enforce "one account per lower(username)@domain" and "one user per email" directly, and
// lookups with `=` use those indexes.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE accounts (
  id               INTEGER PRIMARY KEY,
  username         TEXT    NOT NULL COLLATE NOCASE,
  domain           TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
  display_name     TEXT    NOT NULL DEFAULT '',
  note             TEXT    NOT NULL DEFAULT '',
  note_source      TEXT    NOT NULL DEFAULT '',
  fields_json      TEXT    NOT NULL DEFAULT '[]',
  locked           INTEGER NOT NULL DEFAULT 0,
  bot              INTEGER NOT NULL DEFAULT 0,
  discoverable     INTEGER NOT NULL DEFAULT 1,
  indexable        INTEGER NOT NULL DEFAULT 0,
  hide_collections INTEGER NOT NULL DEFAULT 0,
  avatar_path      TEXT    NOT NULL DEFAULT '',
  header_path      TEXT    NOT NULL DEFAULT '',
  uri              TEXT    NOT NULL DEFAULT '',
  url              TEXT    NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  suspended_at     INTEGER NULL,
  last_status_at   INTEGER NULL,
  statuses_count   INTEGER NOT NULL DEFAULT 0,
  followers_count  INTEGER NOT NULL DEFAULT 0,
  following_count  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX accounts_username_domain ON accounts (username, domain);
CREATE INDEX accounts_domain ON accounts (domain);

CREATE TABLE users (
  id                  INTEGER PRIMARY KEY,
  account_id          INTEGER NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
  email               TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  password_hash       TEXT    NOT NULL DEFAULT '',
  role                INTEGER NOT NULL DEFAULT 0,
  approved            INTEGER NOT NULL DEFAULT 1,
  confirmed           INTEGER NOT NULL DEFAULT 1,
  disabled            INTEGER NOT NULL DEFAULT 0,
  locale              TEXT    NOT NULL DEFAULT '',
  reason              TEXT    NOT NULL DEFAULT '',
  default_privacy     INTEGER NOT NULL DEFAULT 0,
  default_sensitive   INTEGER NOT NULL DEFAULT 0,
  default_language    TEXT    NOT NULL DEFAULT '',
  created_at          INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX users_role ON users (role);

CREATE TABLE applications (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL,
  website       TEXT    NOT NULL DEFAULT '',
  redirect_uris TEXT    NOT NULL DEFAULT '',
  scopes        TEXT    NOT NULL DEFAULT '',
  client_id     TEXT    NOT NULL UNIQUE,
  client_secret TEXT    NOT NULL,
  created_at    INTEGER NOT NULL
);

CREATE TABLE oauth_codes (
  code_hash      TEXT    PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  redirect_uri   TEXT    NOT NULL,
  scopes         TEXT    NOT NULL DEFAULT '',
  code_challenge TEXT    NOT NULL DEFAULT '',
  expires_at     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE access_tokens (
  id             INTEGER PRIMARY KEY,
  token_hash     TEXT    NOT NULL UNIQUE,
  application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  account_id     INTEGER NULL REFERENCES accounts (id) ON DELETE CASCADE,
  scopes         TEXT    NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL,
  revoked_at     INTEGER NULL
);
CREATE INDEX access_tokens_account ON access_tokens (account_id);
CREATE INDEX access_tokens_application ON access_tokens (application_id);

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql";

constexpr const char* kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";

std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Status rollback(Connection& conn) {
  if (conn.autocommit()) return {};  // SQLite already rolled back (e.g. after SQLITE_FULL)
  return conn.exec_script("ROLLBACK");
}

// Applies `m` unless another process did first. Returns whether it ran.
Result<bool> apply_one(Connection& conn, const Migration& m) {
  if (auto s = conn.exec_script("BEGIN IMMEDIATE"); !s) return util::fail(std::move(s.error()));
  auto body = [&]() -> Result<bool> {
    if (auto s = conn.exec_script(kCreateSchemaMigrations); !s) return util::fail(std::move(s.error()));
    auto v = current_schema_version(conn);
    if (!v) return util::fail(std::move(v.error()));
    if (*v >= m.version) return false;
    if (auto s = conn.exec_script(m.sql); !s) return util::fail(std::move(s.error()));
    auto ins = conn.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
    if (!ins) return util::fail(std::move(ins.error()));
    ins->bind_int(1, m.version).bind_int(2, unix_ms());
    if (auto s = ins->run(); !s) return util::fail(std::move(s.error()));
    return true;
  };
  auto ran = body();
  if (!ran) {
    (void)rollback(conn);
    ran.error().public_message = "Database migration failed";
    ran.error().detail = "migration " + std::to_string(m.version) + " (" + m.name + ") on " + conn.path() +
                         ": " + ran.error().detail;
    return ran;
  }
  if (auto s = conn.exec_script("COMMIT"); !s) {
    (void)rollback(conn);
    return util::fail(std::move(s.error()));
  }
  return ran;
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "accounts, users, oauth, meta", kMigration1},
  };
  return all;
}

Result<int> current_schema_version(Connection& conn) {
  auto exists = conn.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return util::fail(std::move(exists.error()));
  auto row = exists->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return 0;
  auto st = conn.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!st) return util::fail(std::move(st.error()));
  row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  return *row ? static_cast<int>(st->col_int(0)) : 0;
}

Result<int> apply_migrations(Connection& conn) {
  auto v = current_schema_version(conn);
  if (!v) return v;
  for (const auto& m : migrations()) {
    if (m.version <= *v) continue;
    auto ran = apply_one(conn, m);
    if (!ran) return util::fail(std::move(ran.error()));
  }
  return current_schema_version(conn);
}

}  // namespace parloir::store::sqlite
