// Polls: validating a poll given with a status, reading one, voting, and the runner step that
// handles polls that ended (notifying voters and the author). Every read passes the status
// visibility gate: a poll is visible exactly when its status is. Blocking: call from the
// blocking pool (app/scheduler.h runs finish_ended_polls every second).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/accounts.h"
#include "services/status_views.h"

namespace parloir::services {

// A poll as a client sends it (poll[options][], poll[expires_in], poll[multiple], poll[hide_totals]).
using PollInput = core::PollDraft;

// Mastodon's rules: 2 to 4 options, each non-blank, at most 50 characters (graphemes), no
// duplicates; expires_in from settings.min_poll_expiration_seconds (300) to one month.
// Errors: unprocessable, with Mastodon's messages ("Validation failed: Poll options must have
// more than one item", ...).
util::Status validate_poll(const Deps& deps, const PollInput& input);

// The poll to store with status `status_id` (tallies zero), expiring expires_in after now_ms.
core::Poll make_poll(const PollInput& input, core::Id poll_id, core::Id status_id, core::Id account_id,
                     std::int64_t now_ms);

// The status carrying poll `poll_id`, as `viewer` sees it (its flags carry the viewer's votes).
// not_found when the poll is unknown or its status invisible.
util::Result<StatusView> get_poll(const Deps& deps, const Viewer& viewer, core::Id poll_id);

// Records the viewer's choices (indexes into the options; duplicates ignored) and returns the
// poll's status view, as get_poll. Errors (unprocessable, Mastodon's messages): the poll has
// ended, the voter is its author, an unknown option, already voted (a single-choice poll
// accepts one choice once; a multiple-choice poll one vote per option), no choice given.
// not_found as get_poll.
util::Result<StatusView> vote_in_poll(const Deps& deps, const LocalLogin& voter, core::Id poll_id,
                                      const std::vector<int>& choices);

// Handles up to `batch` polls that ended by now_ms and were not handled yet: each voter and the
// author get a `poll` notification, once. Returns how many polls were handled. Durable: a poll
// is marked handled in the same transaction as its notifications, so a crash repeats nothing
// and loses nothing.
// A local poll that ended also sends its final tallies to peers (FederationHooks::on_poll_updated).
std::size_t finish_ended_polls(const Deps& deps, std::int64_t now_ms, int batch = 100);

// Federation of tallies: a vote (local or remote) in a local poll marks it due for an
// Update(Question) kPollUpdateDelayMs later (mark_poll_update_in_tx, inside the vote's
// transaction; later votes before then coalesce into the same update). The runner step
// send_due_poll_updates (app/scheduler.h, every second) enqueues the due updates with the
// tallies of that moment, in the same transaction that removes them from the queue (durable:
// a crash repeats or loses nothing). Returns how many polls it handled; no-op without federation.
inline constexpr std::int64_t kPollUpdateDelayMs = 3000;
util::Status mark_poll_update_in_tx(store::Tx& tx, const Deps& deps, core::Id poll_id);
std::size_t send_due_poll_updates(const Deps& deps, std::int64_t now_ms, int batch = 100);

}  // namespace parloir::services
