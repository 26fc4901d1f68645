// SqliteAccountRepo: accounts and users tables; profile fields as JSON in accounts.fields_json.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <unordered_set>

#include "store/sqlite/repos.h"

namespace parloir::store::sqlite {

using util::ErrorCode;

namespace {

// Column lists shared by every SELECT so the row readers below stay in sync.
#define PARLOIR_ACCOUNT_COLUMNS                                                                     \
  "id, username, domain, display_name, note, note_source, fields_json, locked, bot, discoverable, " \
  "indexable, hide_collections, avatar_path, header_path, uri, url, created_at, updated_at, "       \
  "suspended_at, last_status_at, statuses_count, followers_count, following_count"
// What reads select: the columns, then a remote account's avatar/header URL at its origin while
// we hold no copy (queued or pruned; a failed fetch shows the default). One primary-key probe
// of remote_files, only for remote accounts without a cached image.
#define PARLOIR_ACCOUNT_SELECT                                                                        \
  PARLOIR_ACCOUNT_COLUMNS                                                                             \
  ", CASE WHEN domain <> '' AND avatar_path = '' THEN (SELECT remote_url FROM remote_files "          \
  "WHERE kind = 1 AND owner_id = accounts.id AND state <> 2) END"                                     \
  ", CASE WHEN domain <> '' AND header_path = '' THEN (SELECT remote_url FROM remote_files "          \
  "WHERE kind = 2 AND owner_id = accounts.id AND state <> 2) END"                                     \
  ", moved_to_account_id"
#define PARLOIR_USER_COLUMNS                                                                  \
  "id, account_id, email, password_hash, role, approved, confirmed, disabled, locale, reason, " \
  "default_privacy, default_sensitive, default_language, created_at, password_changed_at"

// [{"name":..,"value":..,"verified_at":ms|null}, ...]
std::string fields_to_json(const std::vector<core::ProfileField>& fields) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& f : fields) {
    w.StartObject();
    w.Key("name");
    w.String(f.name.data(), static_cast<rapidjson::SizeType>(f.name.size()));
    w.Key("value");
    w.String(f.value.data(), static_cast<rapidjson::SizeType>(f.value.size()));
    w.Key("verified_at");
    if (f.verified_at) {
      w.Int64(*f.verified_at);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize());
}

Result<std::vector<core::ProfileField>> fields_from_json(const std::string& json, Id account_id) {
  std::vector<core::ProfileField> out;
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsArray()) {
    return util::fail(ErrorCode::internal, "Database error",
                      "accounts.fields_json is not a JSON array for account " + std::to_string(account_id));
  }
  for (const auto& item : doc.GetArray()) {
    if (!item.IsObject()) continue;
    core::ProfileField f;
    if (auto it = item.FindMember("name"); it != item.MemberEnd() && it->value.IsString()) {
      f.name.assign(it->value.GetString(), it->value.GetStringLength());
    }
    if (auto it = item.FindMember("value"); it != item.MemberEnd() && it->value.IsString()) {
      f.value.assign(it->value.GetString(), it->value.GetStringLength());
    }
    if (auto it = item.FindMember("verified_at"); it != item.MemberEnd() && it->value.IsInt64()) {
      f.verified_at = it->value.GetInt64();
    }
    out.push_back(std::move(f));
  }
  return out;
}

// Reads a row selected with PARLOIR_ACCOUNT_SELECT.
Result<core::Account> read_account(const Stmt& st) {
  core::Account a;
  a.id = st.col_int(0);
  a.username = st.col_text(1);
  a.domain = st.col_text(2);
  a.display_name = st.col_text(3);
  a.note = st.col_text(4);
  a.note_source = st.col_text(5);
  auto fields = fields_from_json(st.col_text(6), a.id);
  if (!fields) return util::fail(std::move(fields.error()));
  a.fields = std::move(*fields);
  a.locked = st.col_bool(7);
  a.bot = st.col_bool(8);
  a.discoverable = st.col_bool(9);
  a.indexable = st.col_bool(10);
  a.hide_collections = st.col_bool(11);
  a.avatar_path = st.col_text(12);
  a.header_path = st.col_text(13);
  a.uri = st.col_text(14);
  a.url = st.col_text(15);
  a.created_at = st.col_int(16);
  a.updated_at = st.col_int(17);
  a.suspended_at = st.col_opt_int(18);
  a.last_status_at = st.col_opt_int(19);
  a.statuses_count = st.col_int(20);
  a.followers_count = st.col_int(21);
  a.following_count = st.col_int(22);
  a.avatar_remote_url = st.col_text(23);
  a.header_remote_url = st.col_text(24);
  a.moved_to_account_id = st.col_opt_int(25);
  return a;
}

core::Role role_from_int(std::int64_t v) {
  switch (v) {
    case 1: return core::Role::moderator;
    case 2: return core::Role::admin;
    case 3: return core::Role::owner;
    default: return core::Role::user;
  }
}

// Reads a row selected with PARLOIR_USER_COLUMNS.
core::User read_user(const Stmt& st) {
  core::User u;
  u.id = st.col_int(0);
  u.account_id = st.col_int(1);
  u.email = st.col_text(2);
  u.password_hash = st.col_text(3);
  u.role = role_from_int(st.col_int(4));
  u.approved = st.col_bool(5);
  u.confirmed = st.col_bool(6);
  u.disabled = st.col_bool(7);
  u.locale = st.col_text(8);
  u.reason = st.col_text(9);
  u.default_privacy = visibility_from_int(st.col_int(10));
  u.default_sensitive = st.col_bool(11);
  u.default_language = st.col_text(12);
  u.created_at = st.col_int(13);
  u.password_changed_at = st.col_int(14);
  return u;
}

// Steps a SELECT expected to return at most one account.
Result<std::optional<core::Account>> one_account(Stmt& st) {
  auto row = st.step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::Account>();
  auto a = read_account(st);
  if (!a) return util::fail(std::move(a.error()));
  return std::optional<core::Account>(std::move(*a));
}

Result<std::optional<core::User>> one_user(Stmt& st) {
  auto row = st.step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::User>();
  return std::optional<core::User>(read_user(st));
}

Result<std::int64_t> scalar(Connection& conn, const char* sql) {
  PARLOIR_SQL_PREPARE(st, conn, sql);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  return *row ? st->col_int(0) : 0;
}

// Names the field in a uniqueness conflict so services can report it to the client.
util::Error name_conflict(util::Error e, const char* public_message) {
  if (e.code == ErrorCode::conflict) e.public_message = public_message;
  return e;
}

}  // namespace

// ---- writes -----------------------------------------------------------------------------------

Status SqliteAccountRepo::insert_local(const core::Account& a, const core::User& u) {
  PARLOIR_SQL_TRY(check_writable());
  // why: a savepoint makes the account+user pair atomic on its own, so a caller may handle a
  // conflict and carry on in the same transaction without a half-inserted account left behind.
  PARLOIR_SQL_PREPARE(begin, conn_, "SAVEPOINT insert_local");
  PARLOIR_SQL_TRY(begin->run());
  auto inserted = insert_local_rows(a, u);
  if (!inserted) {
    PARLOIR_SQL_PREPARE(undo, conn_, "ROLLBACK TO insert_local");
    (void)undo->run();
  }
  PARLOIR_SQL_PREPARE(release, conn_, "RELEASE insert_local");
  PARLOIR_SQL_TRY(release->run());
  return inserted;
}

Status SqliteAccountRepo::insert_local_rows(const core::Account& a, const core::User& u) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO accounts (" PARLOIR_ACCOUNT_COLUMNS
                      ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (a.id != 0) {
    st->bind_int(1, a.id);
  } else {
    st->bind_null(1);
  }
  st->bind_text(2, a.username).bind_text(3, a.domain).bind_text(4, a.display_name).bind_text(5, a.note);
  st->bind_text(6, a.note_source).bind_text(7, fields_to_json(a.fields));
  st->bind_bool(8, a.locked).bind_bool(9, a.bot).bind_bool(10, a.discoverable).bind_bool(11, a.indexable);
  st->bind_bool(12, a.hide_collections).bind_text(13, a.avatar_path).bind_text(14, a.header_path);
  st->bind_text(15, a.uri).bind_text(16, a.url).bind_int(17, a.created_at).bind_int(18, a.updated_at);
  st->bind_opt_int(19, a.suspended_at).bind_opt_int(20, a.last_status_at);
  st->bind_int(21, a.statuses_count).bind_int(22, a.followers_count).bind_int(23, a.following_count);
  if (auto s = st->run(); !s) return util::fail(name_conflict(std::move(s.error()), "Username is already taken"));
  const Id account_id = conn_.last_insert_rowid();
  if (!a.is_local()) return {};

  PARLOIR_SQL_PREPARE(us, conn_,
                      "INSERT INTO users (" PARLOIR_USER_COLUMNS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (u.id != 0) {
    us->bind_int(1, u.id);
  } else {
    us->bind_null(1);
  }
  us->bind_int(2, account_id).bind_text(3, u.email).bind_text(4, u.password_hash);
  us->bind_int(5, static_cast<int>(u.role)).bind_bool(6, u.approved).bind_bool(7, u.confirmed);
  us->bind_bool(8, u.disabled).bind_text(9, u.locale).bind_text(10, u.reason);
  us->bind_int(11, static_cast<int>(u.default_privacy)).bind_bool(12, u.default_sensitive);
  us->bind_text(13, u.default_language).bind_int(14, u.created_at).bind_int(15, u.password_changed_at);
  if (auto s = us->run(); !s) return util::fail(name_conflict(std::move(s.error()), "Email is already taken"));
  return {};
}

Status SqliteAccountRepo::update_profile(const core::Account& a) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE accounts SET display_name = ?, note = ?, note_source = ?, fields_json = ?, "
                      "locked = ?, bot = ?, discoverable = ?, indexable = ?, hide_collections = ?, "
                      "avatar_path = ?, header_path = ?, updated_at = ? WHERE id = ?");
  st->bind_text(1, a.display_name).bind_text(2, a.note).bind_text(3, a.note_source);
  st->bind_text(4, fields_to_json(a.fields)).bind_bool(5, a.locked).bind_bool(6, a.bot);
  st->bind_bool(7, a.discoverable).bind_bool(8, a.indexable).bind_bool(9, a.hide_collections);
  st->bind_text(10, a.avatar_path).bind_text(11, a.header_path).bind_int(12, a.updated_at).bind_int(13, a.id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Account");
}

Status SqliteAccountRepo::set_role(Id account_id, core::Role role) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE users SET role = ? WHERE account_id = ?");
  st->bind_int(1, static_cast<int>(role)).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("User");
}

Status SqliteAccountRepo::set_suspended(Id account_id, std::optional<std::int64_t> suspended_at) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE accounts SET suspended_at = ? WHERE id = ?");
  st->bind_opt_int(1, suspended_at).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Account");
}

Status SqliteAccountRepo::set_moved_to(Id account_id, std::optional<Id> target) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE accounts SET moved_to_account_id = ? WHERE id = ?");
  st->bind_opt_int(1, target).bind_int(2, account_id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Account");
}

Status SqliteAccountRepo::set_password_hash(Id account_id, const std::string& hash, std::int64_t changed_at) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE account_id = ?");
  st->bind_text(1, hash).bind_int(2, changed_at).bind_int(3, account_id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("User");
}

Status SqliteAccountRepo::update_user_preferences(const core::User& u) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE users SET default_privacy = ?, default_sensitive = ?, default_language = ?, "
                      "locale = ? WHERE account_id = ?");
  st->bind_int(1, static_cast<int>(u.default_privacy)).bind_bool(2, u.default_sensitive);
  st->bind_text(3, u.default_language).bind_text(4, u.locale).bind_int(5, u.account_id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("User");
}

// ---- reads ------------------------------------------------------------------------------------

Result<std::optional<core::Account>> SqliteAccountRepo::find_row_by_id(Id id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_ACCOUNT_SELECT " FROM accounts WHERE id = ?");
  st->bind_int(1, id);
  return one_account(*st);
}

Status SqliteAccountRepo::load_moved(std::optional<core::Account>& a) {
  if (!a || !a->moved_to_account_id || *a->moved_to_account_id == a->id) return {};
  auto target = find_row_by_id(*a->moved_to_account_id);  // one level: never its own moved_to
  if (!target) return util::fail(std::move(target.error()));
  if (*target) a->moved_to = std::make_shared<const core::Account>(std::move(**target));
  return {};
}

Result<std::optional<core::Account>> SqliteAccountRepo::find_by_id(Id id) {
  auto a = find_row_by_id(id);
  if (!a) return a;
  PARLOIR_SQL_TRY(load_moved(*a));
  return a;
}

Result<std::optional<core::Account>> SqliteAccountRepo::find_by_username(const std::string& username,
                                                                         const std::string& domain) {
  Result<std::optional<core::Account>> a = std::optional<core::Account>();
  {
    // Both columns are COLLATE NOCASE, so `=` is case-insensitive and uses the unique index.
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT " PARLOIR_ACCOUNT_SELECT " FROM accounts WHERE username = ? AND domain = ?");
    st->bind_text(1, username).bind_text(2, domain);
    a = one_account(*st);
  }
  if (!a) return a;
  PARLOIR_SQL_TRY(load_moved(*a));
  return a;
}

Result<std::vector<core::Account>> SqliteAccountRepo::find_by_ids(const std::vector<Id>& ids) {
  // why: point lookups on one cached statement inside the caller's transaction cost a few
  // microseconds each and keep the caller's order without building SQL per call.
  std::vector<core::Account> out;
  out.reserve(ids.size());
  std::unordered_set<Id> seen;
  for (Id id : ids) {
    if (!seen.insert(id).second) continue;
    auto a = find_by_id(id);
    if (!a) return util::fail(std::move(a.error()));
    if (*a) out.push_back(std::move(**a));
  }
  return out;
}

Result<std::optional<core::User>> SqliteAccountRepo::find_user_by_email(const std::string& email) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_USER_COLUMNS " FROM users WHERE email = ?");
  st->bind_text(1, email);
  return one_user(*st);
}

Result<std::optional<core::User>> SqliteAccountRepo::find_user_by_account(Id account_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_USER_COLUMNS " FROM users WHERE account_id = ?");
  st->bind_int(1, account_id);
  return one_user(*st);
}

Result<std::vector<core::Account>> SqliteAccountRepo::list_local(Id after_id, int limit) {
  std::vector<core::Account> out;
  if (limit <= 0) return out;
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_ACCOUNT_SELECT
                      " FROM accounts WHERE domain = '' AND id > ? ORDER BY id LIMIT ?");
  st->bind_int(1, after_id).bind_int(2, limit);
  for (;;) {
    auto row = st->step();
    if (!row) return util::fail(std::move(row.error()));
    if (!*row) break;
    auto a = read_account(*st);
    if (!a) return util::fail(std::move(a.error()));
    out.push_back(std::move(*a));
  }
  return out;
}

Result<std::int64_t> SqliteAccountRepo::count_local_users() { return scalar(conn_, "SELECT count(*) FROM users"); }

Result<std::int64_t> SqliteAccountRepo::count_admins() {
  static_assert(static_cast<int>(core::Role::admin) == 2 && static_cast<int>(core::Role::owner) == 3,
                "users.role stores Role as an integer");
  return scalar(conn_, "SELECT count(*) FROM users WHERE role IN (2, 3)");
}

#undef PARLOIR_ACCOUNT_COLUMNS
#undef PARLOIR_ACCOUNT_SELECT
#undef PARLOIR_USER_COLUMNS

}  // namespace parloir::store::sqlite
