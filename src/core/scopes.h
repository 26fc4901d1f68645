// OAuth scopes as Mastodon defines them: top-level (read, write, follow, push, admin:read,
// admin:write, profile) and granular ones (read:statuses, admin:read:accounts...).
// A granted set "covers" a required scope when it holds the scope itself or one of its parents
// (read covers read:statuses; admin:read covers admin:read:accounts; follow covers
// read:follows/write:follows/read:blocks/write:blocks/read:mutes/write:mutes).
// Pure values, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace parloir::core {

class Scopes {
 public:
  Scopes() = default;
  // Parses a space-separated list (also '+' separated, as some clients send). Unknown scopes are
  // kept so validation can refuse them; duplicates are dropped; order is preserved.
  static Scopes parse(std::string_view text);

  bool empty() const { return items_.empty(); }
  const std::vector<std::string>& items() const { return items_; }
  // "read write follow".
  std::string to_string() const;

  // True if every scope here is a known Mastodon scope.
  bool all_known() const;
  // True if `required` is granted by this set (directly or through a parent scope).
  bool covers(std::string_view required) const;
  // True if every scope of `other` is covered by this set (used to check a request ⊆ app scopes).
  bool covers_all(const Scopes& other) const;

  bool operator==(const Scopes&) const = default;

 private:
  std::vector<std::string> items_;
};

// Every scope name this server knows.
const std::vector<std::string>& known_scopes();

}  // namespace parloir::core
