// Domain types for accounts: Account (a local or remote actor, what the API shows) and User
// (the local login behind a local Account). Plain values; no I/O. Thread-compatible.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"

namespace parloir::core {

// Stored as these integers (users.role). The owner is the instance's first administrator:
// only an owner may make or unmake another owner. Permissions per role: core/roles.h.
enum class Role { user = 0, moderator = 1, admin = 2, owner = 3 };

std::string_view role_name(Role r);                    // "user" | "moderator" | "admin" | "owner"
std::optional<Role> parse_role(std::string_view name);  // inverse; nullopt if unknown

enum class Visibility { public_ = 0, unlisted = 1, private_ = 2, direct = 3 };
std::string_view visibility_name(Visibility v);  // "public" | "unlisted" | "private" | "direct"
std::optional<Visibility> parse_visibility(std::string_view name);

struct ProfileField {
  std::string name;
  std::string value;  // as typed (local accounts); HTML is rendered when shown
  std::optional<std::int64_t> verified_at;

  bool operator==(const ProfileField&) const = default;
};

struct Account {
  Id id = 0;
  std::string username;      // local part, case preserved
  std::string domain;        // empty for local accounts
  std::string display_name;
  std::string note;          // rendered HTML
  std::string note_source;   // plain text the owner typed (local accounts)
  std::vector<ProfileField> fields;
  bool locked = false;
  bool bot = false;
  bool discoverable = true;
  bool indexable = false;
  bool hide_collections = false;
  std::string avatar_path;   // storage key, empty = default
  std::string header_path;
  // A remote account's avatar/header URL at its origin while we hold no copy of it (not
  // fetched yet, or pruned); empty otherwise. Read-only: loaded with the account, never written.
  std::string avatar_remote_url;
  std::string header_remote_url;
  std::string uri;           // ActivityPub id; empty for local (derived from the instance URL)
  std::string url;           // profile page; empty for local (derived)
  std::int64_t created_at = 0;  // unix ms
  std::int64_t updated_at = 0;
  std::optional<std::int64_t> suspended_at;
  std::optional<std::int64_t> last_status_at;
  std::int64_t statuses_count = 0;
  std::int64_t followers_count = 0;
  std::int64_t following_count = 0;
  // Where the account moved (an accepted ActivityPub Move), and that account as loaded with
  // this one (the API's `moved`; one level only: its own `moved_to` is never loaded).
  std::optional<Id> moved_to_account_id;
  std::shared_ptr<const Account> moved_to;

  bool is_local() const { return domain.empty(); }
  bool suspended() const { return suspended_at.has_value(); }

  // Field by field (services::ViewCache keeps an account's version when it reloads unchanged).
  // `moved_to` compares by pointer, so a reloaded moved account never counts as unchanged.
  bool operator==(const Account&) const = default;
};

// A local login. Exactly one per local Account.
struct User {
  Id id = 0;
  Id account_id = 0;
  std::string email;          // stored lower-cased
  std::string password_hash;  // Argon2id (libsodium crypto_pwhash_str format)
  Role role = Role::user;
  bool approved = true;
  bool confirmed = true;
  bool disabled = false;
  std::string locale;
  std::string reason;         // sign-up reason (approval mode)
  Visibility default_privacy = Visibility::public_;
  bool default_sensitive = false;
  std::string default_language;
  std::int64_t created_at = 0;
  std::int64_t password_changed_at = 0;
};

// Usernames: [a-z0-9_] (case-insensitive, ASCII letters of either case allowed), 1..30 chars.
bool is_valid_username(std::string_view username);

// A plausible email address: one '@', non-empty local part, a dotted or single-label domain,
// no spaces, none of % , " < > (GHSA-5r37-qpwq-2jhh), at most 320 bytes.
bool is_valid_email(std::string_view email);

}  // namespace parloir::core
