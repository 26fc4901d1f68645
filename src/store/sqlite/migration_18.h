// Migration 18: where an account moved to (an accepted ActivityPub `Move`: the API's `moved`).
// Internal to store/sqlite; listed in migrations.cpp.
//
// why: a nullable column on accounts (no index): it is read with the account row it belongs to
// and written only when a Move is accepted, so nothing else pays for it.
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration18 = R"sql(
ALTER TABLE accounts ADD COLUMN moved_to_account_id INTEGER NULL;
)sql";

}  // namespace parloir::store::sqlite
