// Migration 17: instance settings an administrator changed at run time (store/org.h
// InstanceSettingRepo; services/instance_settings.h). Internal to store/sqlite; listed in
// migrations.cpp.
//
// why: key/value rather than one typed column per setting — a row exists only for a setting an
// admin changed (absent = the configuration file's value), and adding a setting needs no
// migration. The service validates keys and values; the table holds only what it wrote.
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration17 = R"sql(
CREATE TABLE instance_settings (
  key        TEXT    PRIMARY KEY,
  value      TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

}  // namespace parloir::store::sqlite
