// Migration 8: organisation controls — invites, announcements (with dismissals and reactions),
// moderation flags, reports, the audit log, email-domain blocks and status expiry. Internal to store/sqlite; listed
// in migrations.cpp.
//
// why: silenced/sensitized live in account_moderation rather than new columns on accounts, so
// the hot account row and its readers stay unchanged; the admin views read them by account id.
// why: audit_log keeps target ids without foreign keys: the trail must outlive what it names
// (a rejected account is deleted, its approval entry stays).
// why: status_expirations is its own table with an index on the due time, so the runner finds
// due statuses with a range scan; it cascades away with its status.
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration8 = R"sql(
CREATE TABLE invites (
  id         INTEGER PRIMARY KEY,
  code       TEXT    NOT NULL UNIQUE,
  created_by INTEGER NULL REFERENCES accounts (id) ON DELETE SET NULL,
  max_uses   INTEGER NULL,
  uses       INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX invites_created_by ON invites (created_by) WHERE created_by IS NOT NULL;

CREATE TABLE announcements (
  id           INTEGER PRIMARY KEY,
  text         TEXT    NOT NULL DEFAULT '',
  content      TEXT    NOT NULL DEFAULT '',
  starts_at    INTEGER NULL,
  ends_at      INTEGER NULL,
  all_day      INTEGER NOT NULL DEFAULT 0,
  published_at INTEGER NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX announcements_published ON announcements (id DESC) WHERE published_at IS NOT NULL;

CREATE TABLE announcement_dismissals (
  announcement_id INTEGER NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
  account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  PRIMARY KEY (announcement_id, account_id)
) WITHOUT ROWID;
CREATE INDEX announcement_dismissals_account ON announcement_dismissals (account_id);

CREATE TABLE announcement_reactions (
  announcement_id INTEGER NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
  account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name            TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  PRIMARY KEY (announcement_id, name, account_id)
) WITHOUT ROWID;
CREATE INDEX announcement_reactions_account ON announcement_reactions (account_id);

CREATE TABLE account_moderation (
  account_id    INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  silenced_at   INTEGER NULL,
  sensitized_at INTEGER NULL
);

CREATE TABLE reports (
  id                  INTEGER PRIMARY KEY,
  account_id          INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  status_ids          TEXT    NOT NULL DEFAULT '[]',
  rule_ids            TEXT    NOT NULL DEFAULT '[]',
  comment             TEXT    NOT NULL DEFAULT '',
  category            TEXT    NOT NULL DEFAULT 'other',
  forward             INTEGER NOT NULL DEFAULT 0,
  assigned_account_id INTEGER NULL REFERENCES accounts (id) ON DELETE SET NULL,
  action_taken_by     INTEGER NULL REFERENCES accounts (id) ON DELETE SET NULL,
  action_taken_at     INTEGER NULL,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE INDEX reports_account ON reports (account_id);
CREATE INDEX reports_target ON reports (target_account_id);
CREATE INDEX reports_assigned ON reports (assigned_account_id) WHERE assigned_account_id IS NOT NULL;
CREATE INDEX reports_taken_by ON reports (action_taken_by) WHERE action_taken_by IS NOT NULL;

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NULL,
  action      TEXT    NOT NULL,
  target_type TEXT    NOT NULL,
  target_id   INTEGER NOT NULL,
  detail      TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);

CREATE TABLE status_expirations (
  status_id  INTEGER PRIMARY KEY REFERENCES statuses (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);
CREATE INDEX status_expirations_due ON status_expirations (expires_at);

CREATE INDEX users_pending ON users (account_id) WHERE approved = 0;

CREATE TABLE email_domain_blocks (
  id         INTEGER PRIMARY KEY,
  domain     TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  created_at INTEGER NOT NULL
);
)sql";

}  // namespace parloir::store::sqlite
