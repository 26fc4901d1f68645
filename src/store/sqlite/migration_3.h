// Migration 3: lists, timeline markers, per-viewer conversation state, and the full-text index
// of status text. Internal to store/sqlite; listed in migrations.cpp.
//
// why: status_search is an FTS5 external-content table over statuses.text kept in sync by
// triggers, so every write path (insert, edit, delete, cascades from account deletion) updates
// it without the repositories knowing; reblog wrappers have empty text and index nothing.
// why: conversations are derived from direct statuses and their mentions; conversation_states
// only records what a participant did (read up to, hidden up to), so a new direct status makes
// a conversation unread and visible again without any write on the posting path.
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration3 = R"sql(
CREATE TABLE lists (
  id             INTEGER PRIMARY KEY,
  account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  title          TEXT    NOT NULL,
  replies_policy INTEGER NOT NULL DEFAULT 1,
  exclusive      INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL
);
CREATE INDEX lists_account ON lists (account_id, id);

CREATE TABLE list_accounts (
  id         INTEGER PRIMARY KEY,
  list_id    INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  UNIQUE (list_id, account_id)
);
CREATE INDEX list_accounts_account ON list_accounts (account_id);

CREATE TABLE markers (
  account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  timeline     TEXT    NOT NULL,
  last_read_id INTEGER NOT NULL,
  version      INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (account_id, timeline)
) WITHOUT ROWID;

CREATE TABLE conversation_states (
  account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL,
  last_read_id    INTEGER NOT NULL DEFAULT 0,
  hidden_up_to    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, conversation_id)
) WITHOUT ROWID;

CREATE INDEX statuses_direct_account ON statuses (account_id, conversation_id) WHERE visibility = 3;

CREATE VIRTUAL TABLE status_search USING fts5 (text, content = 'statuses', content_rowid = 'id');
CREATE TRIGGER status_search_insert AFTER INSERT ON statuses BEGIN
  INSERT INTO status_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER status_search_delete AFTER DELETE ON statuses BEGIN
  INSERT INTO status_search (status_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER status_search_update AFTER UPDATE OF text ON statuses BEGIN
  INSERT INTO status_search (status_search, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO status_search (rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO status_search (status_search) VALUES ('rebuild');
)sql";

}  // namespace parloir::store::sqlite
