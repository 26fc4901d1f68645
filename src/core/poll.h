// Polls (Mastodon's Poll entity): a status's options, their tallies and expiry, and Mastodon's
// limits. Plain values, no I/O; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"

namespace parloir::core {

// Mastodon's defaults (PollOptionsValidator, PollExpirationValidator); the instance document
// advertises the same numbers.
inline constexpr int kPollMaxOptions = 4;
inline constexpr int kPollMaxOptionChars = 50;
inline constexpr std::int64_t kPollMaxExpirationSeconds = 2629746;  // one month

// A poll as an author asks for it (poll[options][], poll[expires_in], poll[multiple],
// poll[hide_totals]): what a status, an edit or a scheduled status carries before it is stored.
struct PollDraft {
  std::vector<std::string> options;
  std::int64_t expires_in = 0;  // seconds
  bool multiple = false;
  bool hide_totals = false;
};

struct Poll {
  Id id = 0;
  Id status_id = 0;
  Id account_id = 0;                   // the status's author (who may not vote)
  std::vector<std::string> options;    // titles, in order
  std::vector<std::int64_t> tallies;   // votes per option (same length as options)
  bool multiple = false;
  bool hide_totals = false;
  std::optional<std::int64_t> expires_at;  // unix ms; none = never ends
  std::int64_t votes_count = 0;            // every choice counted
  std::int64_t voters_count = 0;           // every voter counted once
  std::int64_t created_at = 0;

  bool expired(std::int64_t now_ms) const { return expires_at && *expires_at <= now_ms; }
};

}  // namespace parloir::core
