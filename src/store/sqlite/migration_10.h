// Migration 10: the cross-process event outbox (store/org.h EventOutboxRepo). Internal to
// store/sqlite; listed in migrations.cpp.
//
// why: AUTOINCREMENT (not a plain rowid) so sequence numbers are never reused after old rows
// are pruned: a reader's cursor "seq > N" stays correct. The index on created_at serves prune.
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration10 = R"sql(
CREATE TABLE event_outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  payload    TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX event_outbox_created ON event_outbox (created_at);
)sql";

}  // namespace parloir::store::sqlite
