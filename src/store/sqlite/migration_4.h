// Migration 4: content filters (Mastodon's CustomFilter, its keywords and statuses) and
// scheduled statuses. Internal to store/sqlite; listed in migrations.cpp.
//
// why: a filter's context is a bit set (core::FilterContext) rather than a join table: it is
// read with the filter every time and never queried by context.
// why: scheduled statuses keep the post parameters as columns (not a JSON blob) so the runner
// reads them without a parser; visibility NULL means "the author's default at publish time".
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration4 = R"sql(
CREATE TABLE filters (
  id         INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  title      TEXT    NOT NULL,
  context    INTEGER NOT NULL,
  action     INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX filters_account ON filters (account_id, id);

CREATE TABLE filter_keywords (
  id         INTEGER PRIMARY KEY,
  filter_id  INTEGER NOT NULL REFERENCES filters (id) ON DELETE CASCADE,
  keyword    TEXT    NOT NULL,
  whole_word INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE INDEX filter_keywords_filter ON filter_keywords (filter_id, id);

CREATE TABLE filter_statuses (
  id         INTEGER PRIMARY KEY,
  filter_id  INTEGER NOT NULL REFERENCES filters (id) ON DELETE CASCADE,
  status_id  INTEGER NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX filter_statuses_filter_status ON filter_statuses (filter_id, status_id);
CREATE INDEX filter_statuses_status ON filter_statuses (status_id);

CREATE TABLE scheduled_statuses (
  id             INTEGER PRIMARY KEY,
  account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  scheduled_at   INTEGER NOT NULL,
  text           TEXT    NOT NULL DEFAULT '',
  spoiler_text   TEXT    NOT NULL DEFAULT '',
  visibility     INTEGER NULL,
  sensitive      INTEGER NOT NULL DEFAULT 0,
  language       TEXT    NOT NULL DEFAULT '',
  in_reply_to_id INTEGER NULL,
  application_id INTEGER NULL,
  local_only     INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL
);
CREATE INDEX scheduled_statuses_account ON scheduled_statuses (account_id, id);
CREATE INDEX scheduled_statuses_due ON scheduled_statuses (scheduled_at, id);
)sql";

}  // namespace parloir::store::sqlite
