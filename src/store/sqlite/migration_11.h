// Migration 11: grouped notifications and notification filtering (Mastodon 4.3). Internal to
// store/sqlite; listed in migrations.cpp.
//
// - notifications.group_key: set at insert for groupable types (favourite, reblog, follow),
//   NULL otherwise (read as "ungrouped-<id>"). notifications_group serves the per-group
//   queries (latest bucket, counts, sample accounts) by index seeks.
// - notifications.filtered: 1 = held back by the recipient's policy (a notification request);
//   the lists skip these unless include_filtered. notifications_filtered serves accepting or
//   dismissing one sender's filtered notifications.
// - notification_policies: one row per account that changed its policy (absent = defaults);
//   values 0 accept, 1 filter, 2 drop.
// - notification_requests: one per (recipient, sender) with filtered notifications pending.
// - notification_permissions: senders whose request the recipient accepted (never filtered again).
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration11 = R"sql(
ALTER TABLE notifications ADD COLUMN group_key TEXT NULL;
ALTER TABLE notifications ADD COLUMN filtered INTEGER NOT NULL DEFAULT 0;
CREATE INDEX notifications_group ON notifications (account_id, group_key, id) WHERE group_key IS NOT NULL;
CREATE INDEX notifications_filtered ON notifications (account_id, from_account_id, id) WHERE filtered = 1;

CREATE TABLE notification_policies (
  account_id           INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  for_not_following    INTEGER NOT NULL,
  for_not_followers    INTEGER NOT NULL,
  for_new_accounts     INTEGER NOT NULL,
  for_private_mentions INTEGER NOT NULL,
  for_limited_accounts INTEGER NOT NULL
);

CREATE TABLE notification_requests (
  id                  INTEGER PRIMARY KEY,
  account_id          INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  from_account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  last_status_id      INTEGER NULL REFERENCES statuses (id) ON DELETE SET NULL,
  notifications_count INTEGER NOT NULL DEFAULT 0,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  UNIQUE (account_id, from_account_id)
);
CREATE INDEX notification_requests_account ON notification_requests (account_id, id DESC);
CREATE INDEX notification_requests_from ON notification_requests (from_account_id);

CREATE TABLE notification_permissions (
  account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  from_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at      INTEGER NOT NULL,
  PRIMARY KEY (account_id, from_account_id)
) WITHOUT ROWID;
CREATE INDEX notification_permissions_from ON notification_permissions (from_account_id);
)sql";

}  // namespace parloir::store::sqlite
