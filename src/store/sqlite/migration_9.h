// Migration 9: remote media — remote attachments keep the URL they came from, and a queue of
// remote files to cache (attachments, avatars, headers). Internal to store/sqlite; listed in
// migrations.cpp.
//
// why: remote_url is a column of media_attachments (the API shows it as `remote_url`, and the
// status serializer already reads that row); the fetch state lives in its own table so the hot
// media rows stay narrow and the fetcher finds due work with a partial-index range scan.
// why: domain_health has a row only for a domain whose deliveries are failing (deleted on the
// first success), so the delivery worker's bookkeeping touches one tiny row per failure.
// why: remote_files.owner_id names a media attachment (kind 0) or an account (kinds 1, 2) and
// has no foreign key; the fetcher drops a row whose owner has gone.
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration9 = R"sql(
ALTER TABLE media_attachments ADD COLUMN remote_url TEXT NOT NULL DEFAULT '';

CREATE TABLE remote_files (
  kind            INTEGER NOT NULL,
  owner_id        INTEGER NOT NULL,
  remote_url      TEXT    NOT NULL,
  state           INTEGER NOT NULL DEFAULT 0,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  fetched_at      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, owner_id)
) WITHOUT ROWID;
CREATE INDEX remote_files_due ON remote_files (next_attempt_at) WHERE state = 0;
CREATE INDEX remote_files_cached ON remote_files (fetched_at) WHERE state = 1;

CREATE TABLE domain_health (
  domain            TEXT    PRIMARY KEY,
  failing_since     INTEGER NOT NULL,
  unavailable_since INTEGER NULL
) WITHOUT ROWID;
)sql";

}  // namespace parloir::store::sqlite
