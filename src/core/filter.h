// Domain types for content filters (Mastodon's CustomFilter with its keywords and statuses) and
// scheduled statuses. Plain values, no I/O; thread-compatible. The small name tables are inline
// so the types need no source file of their own.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/account.h"
#include "core/ids.h"
#include "core/poll.h"

namespace parloir::core {

// Where a filter applies; a filter's `context` is a bit set of these.
enum FilterContext : unsigned {
  filter_home = 1u << 0,
  filter_notifications = 1u << 1,
  filter_public = 1u << 2,
  filter_thread = 1u << 3,
  filter_account = 1u << 4,
};

inline constexpr std::array<std::pair<std::string_view, unsigned>, 5> kFilterContexts{{
    {"home", filter_home},
    {"notifications", filter_notifications},
    {"public", filter_public},
    {"thread", filter_thread},
    {"account", filter_account},
}};

// "home" -> filter_home; 0 when unknown.
inline unsigned parse_filter_context(std::string_view name) {
  for (const auto& [n, bit] : kFilterContexts)
    if (n == name) return bit;
  return 0;
}

// The names of the bits set in `mask`, in Mastodon's order.
inline std::vector<std::string_view> filter_context_names(unsigned mask) {
  std::vector<std::string_view> out;
  for (const auto& [n, bit] : kFilterContexts)
    if (mask & bit) out.push_back(n);
  return out;
}

enum class FilterAction { warn = 0, hide = 1, blur = 2 };

inline std::string_view filter_action_name(FilterAction a) {
  switch (a) {
    case FilterAction::hide: return "hide";
    case FilterAction::blur: return "blur";
    case FilterAction::warn: break;
  }
  return "warn";
}

inline std::optional<FilterAction> parse_filter_action(std::string_view name) {
  if (name == "warn") return FilterAction::warn;
  if (name == "hide") return FilterAction::hide;
  if (name == "blur") return FilterAction::blur;
  return std::nullopt;
}

inline constexpr std::size_t kMaxFilterTitle = 256;    // characters (GHSA-6x3w-9g92-gvf3)
inline constexpr std::size_t kMaxFilterKeyword = 512;

struct FilterKeyword {
  Id id = 0;
  Id filter_id = 0;
  std::string keyword;
  bool whole_word = true;
  std::int64_t created_at = 0;
};

struct FilterStatus {
  Id id = 0;
  Id filter_id = 0;
  Id status_id = 0;
  std::int64_t created_at = 0;
};

struct Filter {
  Id id = 0;
  Id account_id = 0;
  std::string title;
  unsigned context = 0;  // FilterContext bits
  FilterAction action = FilterAction::warn;
  std::optional<std::int64_t> expires_at;  // unix ms; expired filters are ignored
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::vector<FilterKeyword> keywords;  // by id
  std::vector<FilterStatus> statuses;   // by id

  bool expired(std::int64_t now_ms) const { return expires_at && *expires_at <= now_ms; }
};

// A status to be posted later, with the parameters it was created with.
struct ScheduledStatus {
  Id id = 0;
  Id account_id = 0;
  std::int64_t scheduled_at = 0;  // unix ms
  std::string text;
  std::string spoiler_text;
  std::optional<Visibility> visibility;  // none = the author's default when published
  bool sensitive = false;
  std::string language;
  std::optional<Id> in_reply_to_id;
  std::optional<Id> application_id;
  bool local_only = false;
  std::int64_t created_at = 0;
  std::optional<PollDraft> poll;
};

}  // namespace parloir::core
