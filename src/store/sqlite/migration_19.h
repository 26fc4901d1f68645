// Migration 19: full-text indexing of new statuses is deferred and batched. Internal to
// store/sqlite; listed in migrations.cpp.
//
// why: with the index updated by a trigger in every posting transaction, each post flushed its
// own tiny FTS5 segment (FTS5 writes its pending terms at every statement savepoint and commit)
// and paid for the segment merges that followed: ~270 k of the ~1.25 M instructions a post
// cost (callgrind, bench/RESULTS.md "Posting, session 5"). Now inserting a status only records
// its id in status_search_pending (one rowid-table insert, in the same transaction, so it is
// exactly as durable as the status); SqliteSearchRepo::index_pending_statuses moves the
// pending statuses into status_search in batches (the scheduler once a second, status search
// before it queries, bench-seed at its end). Edits and deletes keep the index exact: a status
// still pending was never indexed, so it needs no FTS5 'delete' (which, for an external-content
// table, must be given exactly the indexed text); an edited indexed status has its old text
// deleted and goes back to pending.
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration19 = R"sql(
CREATE TABLE status_search_pending (status_id INTEGER PRIMARY KEY);
DROP TRIGGER status_search_insert;
DROP TRIGGER status_search_delete;
DROP TRIGGER status_search_update;
CREATE TRIGGER status_search_insert AFTER INSERT ON statuses BEGIN
  INSERT OR IGNORE INTO status_search_pending (status_id) VALUES (new.id);
END;
CREATE TRIGGER status_search_delete AFTER DELETE ON statuses BEGIN
  INSERT INTO status_search (status_search, rowid, text) SELECT 'delete', old.id, old.text
    WHERE NOT EXISTS (SELECT 1 FROM status_search_pending WHERE status_id = old.id);
  DELETE FROM status_search_pending WHERE status_id = old.id;
END;
CREATE TRIGGER status_search_update AFTER UPDATE OF text ON statuses BEGIN
  INSERT INTO status_search (status_search, rowid, text) SELECT 'delete', old.id, old.text
    WHERE NOT EXISTS (SELECT 1 FROM status_search_pending WHERE status_id = old.id);
  INSERT OR IGNORE INTO status_search_pending (status_id) VALUES (new.id);
END;
)sql";

}  // namespace parloir::store::sqlite
