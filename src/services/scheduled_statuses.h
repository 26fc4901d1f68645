// Scheduled statuses: posting later (POST /api/v1/statuses with scheduled_at), listing,
// rescheduling, cancelling, and the runner that publishes the due ones through post_status.
// Blocking: call from the blocking pool (app/scheduler.h runs publish_due_statuses every second).
#pragma once

#include <cstdint>
#include <vector>

#include "core/filter.h"
#include "services/statuses.h"

namespace parloir::services {

// Mastodon's limits per account.
inline constexpr std::int64_t kScheduledTotalLimit = 300;
inline constexpr std::int64_t kScheduledDailyLimit = 25;

// Stores `input` to be posted at `scheduled_at_ms`. Errors (unprocessable):
// "Validation failed: Scheduled at must be at least 5 minutes in the future" when it is sooner
// than settings.min_schedule_seconds from now; blank or invalid text; over the total (300) or
// daily (25) limit. The text is fully validated again when published.
util::Result<core::ScheduledStatus> schedule_status(const Deps& deps, const LocalLogin& author,
                                                    const PostStatusInput& input, std::int64_t scheduled_at_ms);

// The account's scheduled statuses, newest first, paged by id.
util::Result<std::vector<core::ScheduledStatus>> list_scheduled_statuses(const Deps& deps, core::Id account_id,
                                                                         const core::PageRequest& page);
// not_found when missing or someone else's.
util::Result<core::ScheduledStatus> get_scheduled_status(const Deps& deps, core::Id account_id, core::Id id);
// Moves it (same validation as schedule_status). not_found / unprocessable.
util::Result<core::ScheduledStatus> reschedule_status(const Deps& deps, core::Id account_id, core::Id id,
                                                      std::int64_t scheduled_at_ms);
util::Status cancel_scheduled_status(const Deps& deps, core::Id account_id, core::Id id);

// The PostStatusInput a scheduled status will be posted with.
PostStatusInput post_input_of(const core::ScheduledStatus& s);

// Publishes every status due at `now_ms` (at most `batch` per call): each is first removed
// (claimed, so two runners never post it twice), then posted with post_status as its author.
// A status that can no longer be posted (author gone or suspended, text invalid, reply target
// deleted) is dropped with a log line; on an internal/unavailable error the schedule is put back
// to be retried on the next run. Returns how many were published.
std::size_t publish_due_statuses(const Deps& deps, std::int64_t now_ms, int batch = 100);

}  // namespace parloir::services
