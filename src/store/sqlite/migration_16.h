// Migration 16: an index of each account's reblogs, for the read path's viewer snapshot
// (store/read_views.h: "which statuses did the viewer reblog"). Internal to store/sqlite;
// listed in migrations.cpp.
//
// why: statuses_account (account_id, id) does not hold reblog_of_id, so listing a viewer's
// reblogs read every status row of theirs (callgrind: most of a snapshot's ~220 k instructions).
// Partial: only reblog wrappers are indexed, so posting an original status pays nothing.
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration16 = R"sql(
CREATE INDEX statuses_reblogs_by_account ON statuses (account_id, reblog_of_id) WHERE reblog_of_id IS NOT NULL;
)sql";

}  // namespace parloir::store::sqlite
