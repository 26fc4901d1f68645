// Migration 14: federation leftovers — each edit's attachments (status_edits.media_json), and the coalescing queue of poll tally updates (a local
// poll whose tallies changed gets one Update(Question) to its followers and remote voters when
// its row is due). Internal to store/sqlite; listed in migrations.cpp.
//
// why: a table of its own (one row per poll with a pending update, deleted when the update is
// enqueued) instead of a column of polls: a vote storm inserts the row once (INSERT OR IGNORE)
// and the runner finds due rows with an index range scan, never scanning polls.
// why: status_edits.media_json keeps each version's attachments ([{"id","description"}]) for
// /history, as Mastodon's ordered_media_attachment_ids + media_descriptions; NULL for versions
// recorded before (shown without attachments).
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration14 = R"sql(
CREATE TABLE poll_updates_due (
  poll_id INTEGER PRIMARY KEY REFERENCES polls (id) ON DELETE CASCADE,
  due_at  INTEGER NOT NULL
);
CREATE INDEX poll_updates_due_at ON poll_updates_due (due_at);

ALTER TABLE status_edits ADD COLUMN media_json TEXT NULL;
)sql";

}  // namespace parloir::store::sqlite
