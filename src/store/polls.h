// Repository interface for polls and votes. Same contract as store.h: reached through a Tx,
// blocking, SQL-free callers. Validation (option counts, expiry, who may vote) belongs to
// services/polls.h; the store only keeps what it is given consistent (tallies match votes).
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/poll.h"
#include "util/result.h"

namespace parloir::store {

class PollRepo {
 public:
  virtual ~PollRepo() = default;
  // Stores the poll (tallies and counts from `poll`, normally zero) and links it to its status.
  virtual util::Status insert(const core::Poll& poll) = 0;
  // Replaces options, multiple, hide_totals and expires_at; with reset_votes also deletes every
  // vote and zeroes the tallies (an edit that changed the options). not_found when unknown.
  virtual util::Status update(const core::Poll& poll, bool reset_votes) = 0;
  // Deletes the status's poll with its votes and unlinks it (no-op without one).
  virtual util::Status remove_for_status(core::Id status_id) = 0;
  virtual util::Result<std::optional<core::Poll>> find(core::Id poll_id) = 0;
  // Records `choices` (distinct, valid indexes) for the account and updates the tallies,
  // votes_count and voters_count (a first-time voter counts once). Fails (unprocessable) when a
  // choice was already recorded for the account.
  virtual util::Status add_votes(core::Id poll_id, core::Id account_id, const std::vector<int>& choices,
                                 std::int64_t now) = 0;
  // The account's choices (ascending) in each of the polls it voted in.
  virtual util::Result<std::unordered_map<core::Id, std::vector<int>>> own_votes(
      core::Id account_id, const std::vector<core::Id>& poll_ids) = 0;
  // Accounts that voted in the poll (each once).
  virtual util::Result<std::vector<core::Id>> voters(core::Id poll_id) = 0;
  // Polls whose expiry is ≤ now_ms and whose end has not been handled, oldest end first.
  virtual util::Result<std::vector<core::Poll>> list_ended_unhandled(std::int64_t now_ms, int limit) = 0;
  virtual util::Status mark_end_handled(core::Id poll_id) = 0;

  // A remote poll's state as its origin announced it (Update(Question)): tallies (same length
  // as the options), votes_count, voters_count and expires_at. Options, votes and the end
  // handling are left alone. not_found when unknown.
  virtual util::Status set_remote_state(const core::Poll& poll) = 0;
  // The federation update queue: marks the poll as needing an Update(Question) at `due_at`
  // unless it is already marked (so a storm of votes coalesces into one update).
  virtual util::Status mark_update_due(core::Id poll_id, std::int64_t due_at) = 0;
  // Removes and returns up to `limit` polls whose update is due by `now_ms`, oldest first.
  virtual util::Result<std::vector<core::Id>> take_due_updates(std::int64_t now_ms, int limit) = 0;
};

}  // namespace parloir::store
