// Moves: what an accepted ActivityPub `Move` of a remote account does here (Mastodon's
// Activity::Move and MoveWorker for a remote origin). The federation layer has already checked
// that the origin sent it about itself and that the target lists the origin in alsoKnownAs.
// Blocking (store; the follows queue deliveries): call from the blocking pool or a worker.
#pragma once

#include "core/account.h"
#include "services/deps.h"
#include "util/result.h"

namespace parloir::services {

struct MoveOutcome {
  int refollowed = 0;  // local followers now following (or requesting) the target
  int skipped = 0;     // followers left as they were: blocked by / blocking the target, or failed
};

// Records origin.moved_to = target (the API's `moved`; the origin's cached views are
// invalidated), then moves each local follower of the origin, as Mastodon's
// UnfollowFollowWorker: follows the target through follow_account (a request until the
// target's server answers Accept; reblogs/notify options carried over) unless already following
// or requesting it, then unfollows the origin (Undo(Follow) delivered). A follower blocked by
// the target, or blocking it, keeps following the origin. Idempotent: a repeated Move finds no
// followers left to move. Errors: store failures recording the move.
util::Result<MoveOutcome> remote_move(const Deps& deps, const core::Account& origin, const core::Account& target);

}  // namespace parloir::services
