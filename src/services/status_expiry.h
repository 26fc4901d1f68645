// Expiring statuses (`expires_in` on create): the runner deletes each status at its expiry
// time. The time is stored with the status (StatusExpiryRepo) in the same transaction, so it
// survives restarts; a status due while the server was down is deleted on the next tick.
// Blocking.
#pragma once

#include <cstddef>
#include <cstdint>

#include "services/deps.h"

namespace parloir::services {

// Deletes the statuses due at `now_ms` (at most 100 per call) as their authors would
// (services::delete_status). Returns how many were deleted; errors are logged. A federated
// status is Deleted on peers too: delete_status calls FederationHooks::on_status_deleted,
// which enqueues the Delete to the author's remote followers and mentioned accounts.
std::size_t delete_expired_statuses(const Deps& deps, std::int64_t now_ms);

}  // namespace parloir::services
