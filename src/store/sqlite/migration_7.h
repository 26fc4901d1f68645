// Migration 7: federation. Internal to store/sqlite; listed in migrations.cpp.
//
// why: deliveries is the transactional outbox: a row is inserted in the same transaction as the
// action that causes it and deleted only after the peer answered (or we gave up), so a kill -9
// loses nothing; claimed rows get a lease (next_attempt_at in the future) instead of a status
// column, so a crashed worker's claims simply come due again.
// why: remote actors live in their own table keyed by the account, not as more columns on
// accounts: only remote accounts have them, and the hot account reads stay narrow.
// why: uri lookups (inbound activities name accounts and statuses by URI) need indexes; partial
// on uri <> '' because local rows leave uri empty (derived from the instance URL).
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration7 = R"sql(
CREATE TABLE account_keys (
  account_id  INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  private_pem TEXT    NOT NULL,
  public_pem  TEXT    NOT NULL
);

CREATE TABLE remote_actors (
  account_id     INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  inbox          TEXT    NOT NULL,
  shared_inbox   TEXT    NOT NULL DEFAULT '',
  followers      TEXT    NOT NULL DEFAULT '',
  key_id         TEXT    NOT NULL DEFAULT '',
  public_key_pem TEXT    NOT NULL DEFAULT '',
  fetched_at     INTEGER NOT NULL
);

CREATE INDEX accounts_uri ON accounts (uri) WHERE uri <> '';
CREATE INDEX statuses_uri ON statuses (uri) WHERE uri <> '';

CREATE TABLE deliveries (
  id                INTEGER PRIMARY KEY,
  inbox             TEXT    NOT NULL,
  domain            TEXT    NOT NULL,
  sender_account_id INTEGER NOT NULL,
  body              TEXT    NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  next_attempt_at   INTEGER NOT NULL,
  last_error        TEXT    NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at);

CREATE TABLE follow_uris (
  account_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  uri               TEXT    NOT NULL,
  PRIMARY KEY (account_id, target_account_id)
) WITHOUT ROWID;
CREATE INDEX follow_uris_target ON follow_uris (target_account_id);

CREATE TABLE domain_policies (
  domain     TEXT    NOT NULL COLLATE NOCASE,
  policy     INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (domain, policy)
) WITHOUT ROWID;
)sql";

}  // namespace parloir::store::sqlite
