// Domain types for a user's own reading tools: lists (named groups of followed accounts with
// their own timeline) and read-position markers. Plain values, no I/O; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"

namespace parloir::core {

// Which replies a list timeline shows (Mastodon's List#replies_policy): replies to any
// account the owner follows, only replies to other members of the list, or none.
enum class RepliesPolicy { followed = 0, list = 1, none = 2 };

inline std::string_view replies_policy_name(RepliesPolicy p) {
  switch (p) {
    case RepliesPolicy::followed: return "followed";
    case RepliesPolicy::none: return "none";
    case RepliesPolicy::list: break;
  }
  return "list";
}

inline std::optional<RepliesPolicy> parse_replies_policy(std::string_view s) {
  if (s == "followed") return RepliesPolicy::followed;
  if (s == "list") return RepliesPolicy::list;
  if (s == "none") return RepliesPolicy::none;
  return std::nullopt;
}

struct List {
  Id id = 0;
  Id account_id = 0;  // owner; lists are private to it
  std::string title;
  RepliesPolicy replies_policy = RepliesPolicy::list;
  bool exclusive = false;  // members' statuses are left out of the owner's home timeline
  std::int64_t created_at = 0;
};

// Where a user stopped reading a timeline ("home", "notifications").
struct Marker {
  std::string timeline;
  Id last_read_id = 0;
  std::int64_t version = 0;     // 1 on the first save, then +1 per save
  std::int64_t updated_at = 0;  // unix ms
};

}  // namespace parloir::core
