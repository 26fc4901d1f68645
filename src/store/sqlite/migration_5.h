// Migration 5: polls and their votes, and a covering index for fan-out. Internal to store/sqlite; listed in migrations.cpp.
//
// why: statuses.poll_id (no foreign key; the poll references its status with ON DELETE
// CASCADE) lets status loading skip the polls query for the many statuses without one.
// why: tallies are kept on the poll row (a JSON array of counts, updated with each vote) so a
// timeline never aggregates votes; poll_votes is the record of who chose what (one row per
// choice, unique per account and choice).
// why: ended_handled with a partial index on expires_at makes "polls that ended and whose
// end was not notified yet" a small range scan for the runner.
// why: status_edits.poll_options_json keeps the options of each version for /history;
// scheduled_statuses gets the poll parameters so a scheduled post may carry a poll.
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration5 = R"sql(
CREATE TABLE polls (
  id            INTEGER PRIMARY KEY,
  status_id     INTEGER NOT NULL UNIQUE REFERENCES statuses (id) ON DELETE CASCADE,
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  options_json  TEXT    NOT NULL,
  tallies_json  TEXT    NOT NULL,
  multiple      INTEGER NOT NULL DEFAULT 0,
  hide_totals   INTEGER NOT NULL DEFAULT 0,
  expires_at    INTEGER NULL,
  votes_count   INTEGER NOT NULL DEFAULT 0,
  voters_count  INTEGER NOT NULL DEFAULT 0,
  ended_handled INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX polls_account ON polls (account_id);
CREATE INDEX polls_pending_end ON polls (expires_at) WHERE ended_handled = 0 AND expires_at IS NOT NULL;

CREATE TABLE poll_votes (
  id         INTEGER PRIMARY KEY,
  poll_id    INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  choice     INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX poll_votes_voter ON poll_votes (poll_id, account_id, choice);
CREATE INDEX poll_votes_account ON poll_votes (account_id);

-- why: fan-out reads a poster's followers with their options on every post; a covering index
-- answers it without a table lookup per follower (callgrind: all_local_followers was 48% of a
-- post's instructions).
DROP INDEX follows_target;
CREATE INDEX follows_target ON follows (target_account_id, id, account_id, show_reblogs, notify, created_at);

ALTER TABLE statuses ADD COLUMN poll_id INTEGER NULL;
ALTER TABLE status_edits ADD COLUMN poll_options_json TEXT NULL;
ALTER TABLE scheduled_statuses ADD COLUMN poll_options_json TEXT NULL;
ALTER TABLE scheduled_statuses ADD COLUMN poll_expires_in INTEGER NULL;
ALTER TABLE scheduled_statuses ADD COLUMN poll_multiple INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scheduled_statuses ADD COLUMN poll_hide_totals INTEGER NOT NULL DEFAULT 0;
)sql";

}  // namespace parloir::store::sqlite
