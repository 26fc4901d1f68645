// Migration 12: instance rules (store/org.h RuleRepo). Internal to store/sqlite; listed in
// migrations.cpp.
//
// why: a plain INTEGER PRIMARY KEY with AUTOINCREMENT gives Mastodon's small ids ("1", "2", …)
// that are never reused, so a report citing a deleted rule never names a newer one; deleting is
// soft (deleted_at) for the same reason. The partial index serves the live list by priority.
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration12 = R"sql(
CREATE TABLE rules (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  text       TEXT    NOT NULL,
  hint       TEXT    NOT NULL DEFAULT '',
  priority   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER NULL
);
CREATE INDEX rules_live ON rules (priority, id) WHERE deleted_at IS NULL;
)sql";

}  // namespace parloir::store::sqlite
