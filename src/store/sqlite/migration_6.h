// Migration 6: media attachments. Internal to store/sqlite; listed in migrations.cpp.
//
// why: status_id is SET NULL when the status is deleted, so the files go back to "unattached"
// (a redraft can reuse them) and the unattached-uploads sweep removes them later.
// why: the partial index on created_at WHERE status_id IS NULL makes that sweep a range scan
// of only the unattached rows; the status index serves rendering (status_id IN (...)).
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration6 = R"sql(
CREATE TABLE media_attachments (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  status_id    INTEGER NULL REFERENCES statuses (id) ON DELETE SET NULL,
  position     INTEGER NOT NULL DEFAULT 0,
  type         INTEGER NOT NULL,
  file_key     TEXT    NOT NULL,
  preview_key  TEXT    NOT NULL DEFAULT '',
  content_type TEXT    NOT NULL,
  file_size    INTEGER NOT NULL DEFAULT 0,
  width        INTEGER NOT NULL DEFAULT 0,
  height       INTEGER NOT NULL DEFAULT 0,
  small_width  INTEGER NOT NULL DEFAULT 0,
  small_height INTEGER NOT NULL DEFAULT 0,
  focus_x      REAL    NOT NULL DEFAULT 0,
  focus_y      REAL    NOT NULL DEFAULT 0,
  duration     REAL    NOT NULL DEFAULT 0,
  frame_rate   TEXT    NOT NULL DEFAULT '',
  bitrate      INTEGER NOT NULL DEFAULT 0,
  description  TEXT    NOT NULL DEFAULT '',
  blurhash     TEXT    NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL
);
CREATE INDEX media_attachments_status ON media_attachments (status_id, position) WHERE status_id IS NOT NULL;
CREATE INDEX media_attachments_unattached ON media_attachments (created_at) WHERE status_id IS NULL;
CREATE INDEX media_attachments_account ON media_attachments (account_id);
)sql";

}  // namespace parloir::store::sqlite
