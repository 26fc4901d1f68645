#include "services/scheduled_statuses.h"

#include <spdlog/spdlog.h>

#include "text/unicode.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

util::Error not_found() { return util::Error{ErrorCode::not_found, "Record not found", {}}; }

util::Status validate_time(const Deps& deps, std::int64_t scheduled_at_ms) {
  const std::int64_t earliest = util::now_ms() + static_cast<std::int64_t>(deps.settings.min_schedule_seconds) * 1000;
  if (scheduled_at_ms < earliest)
    return fail(ErrorCode::unprocessable, "Validation failed: Scheduled at must be at least 5 minutes in the future");
  return {};
}

// The total and daily limits, for `account_id` scheduling at `at` (excluding `except_id`).
util::Status check_limits(store::Tx& tx, core::Id account_id, std::int64_t at, bool adding) {
  auto total = tx.scheduled_statuses().count(account_id);
  if (!total) return fail(total.error());
  if (adding && *total >= kScheduledTotalLimit)
    return fail(ErrorCode::unprocessable, "Validation failed: Scheduled at exceeds the limit of " +
                                              std::to_string(kScheduledTotalLimit) + " scheduled statuses");
  const std::int64_t day = at - at % kDayMs;
  auto daily = tx.scheduled_statuses().count_between(account_id, day, day + kDayMs);
  if (!daily) return fail(daily.error());
  if (*daily >= kScheduledDailyLimit)
    return fail(ErrorCode::unprocessable, "Validation failed: Scheduled at exceeds the limit of " +
                                              std::to_string(kScheduledDailyLimit) +
                                              " scheduled statuses per day");
  return {};
}

}  // namespace

util::Result<core::ScheduledStatus> schedule_status(const Deps& deps, const LocalLogin& author,
                                                    const PostStatusInput& input, std::int64_t scheduled_at_ms) {
  if (auto v = validate_time(deps, scheduled_at_ms); !v) return fail(v.error());
  if (!util::is_valid_utf8(input.text) || !util::is_valid_utf8(input.spoiler_text))
    return fail(ErrorCode::unprocessable, "Validation failed: Text is not valid UTF-8");
  if (text::unicode::is_blank(input.text) && !input.poll)
    return fail(ErrorCode::unprocessable, "Validation failed: Text can't be blank");
  if (input.poll)
    if (auto v = validate_poll(deps, *input.poll); !v) return fail(v.error());
  const std::int64_t now = util::now_ms();
  core::ScheduledStatus s;
  s.id = deps.ids.next(now);
  s.account_id = author.account.id;
  s.scheduled_at = scheduled_at_ms;
  s.text = input.text;
  s.spoiler_text = input.spoiler_text;
  s.visibility = input.visibility ? input.visibility : std::optional(author.user.default_privacy);
  s.sensitive = input.sensitive;
  s.language = input.language;
  s.in_reply_to_id = input.in_reply_to_id;
  s.application_id = input.application_id;
  s.local_only = input.local_only;
  s.poll = input.poll;
  s.created_at = now;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    if (auto ok = check_limits(tx, s.account_id, s.scheduled_at, true); !ok) return ok;
    return tx.scheduled_statuses().insert(s);
  });
  if (!st) return fail(st.error());
  return s;
}

util::Result<std::vector<core::ScheduledStatus>> list_scheduled_statuses(const Deps& deps, core::Id account_id,
                                                                         const core::PageRequest& page) {
  std::vector<core::ScheduledStatus> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto r = tx.scheduled_statuses().list(account_id, page);
    if (!r) return fail(r.error());
    out = std::move(*r);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<core::ScheduledStatus> get_scheduled_status(const Deps& deps, core::Id account_id, core::Id id) {
  std::optional<core::ScheduledStatus> found;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto r = tx.scheduled_statuses().find(account_id, id);
    if (!r) return fail(r.error());
    found = std::move(*r);
    return {};
  });
  if (!st) return fail(st.error());
  if (!found) return fail(not_found());
  return std::move(*found);
}

util::Result<core::ScheduledStatus> reschedule_status(const Deps& deps, core::Id account_id, core::Id id,
                                                      std::int64_t scheduled_at_ms) {
  if (auto v = validate_time(deps, scheduled_at_ms); !v) return fail(v.error());
  std::optional<core::ScheduledStatus> found;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto r = tx.scheduled_statuses().find(account_id, id);
    if (!r) return fail(r.error());
    if (!*r) return fail(not_found());
    if (auto ok = check_limits(tx, account_id, scheduled_at_ms, false); !ok) return ok;
    if (auto s = tx.scheduled_statuses().set_time(account_id, id, scheduled_at_ms); !s) return s;
    found = std::move(*r);
    found->scheduled_at = scheduled_at_ms;
    return {};
  });
  if (!st) return fail(st.error());
  return std::move(*found);
}

util::Status cancel_scheduled_status(const Deps& deps, core::Id account_id, core::Id id) {
  return deps.store.write([&](store::Tx& tx) -> util::Status {
    auto r = tx.scheduled_statuses().remove(account_id, id);
    if (!r) return fail(r.error());
    if (!*r) return fail(not_found());
    return {};
  });
}

PostStatusInput post_input_of(const core::ScheduledStatus& s) {
  PostStatusInput in;
  in.text = s.text;
  in.spoiler_text = s.spoiler_text;
  in.visibility = s.visibility;
  in.sensitive = s.sensitive;
  in.language = s.language;
  in.in_reply_to_id = s.in_reply_to_id;
  in.application_id = s.application_id;
  in.local_only = s.local_only;
  in.poll = s.poll;
  return in;
}

std::size_t publish_due_statuses(const Deps& deps, std::int64_t now_ms, int batch) {
  std::vector<core::ScheduledStatus> due;
  auto listed = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto r = tx.scheduled_statuses().list_due(now_ms, batch);
    if (!r) return fail(r.error());
    due = std::move(*r);
    return {};
  });
  if (!listed) {
    spdlog::error("scheduler: cannot list due statuses: {}", listed.error().detail);
    return 0;
  }
  std::size_t published = 0;
  for (const auto& s : due) {
    bool claimed = false;
    auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
      auto r = tx.scheduled_statuses().remove(s.account_id, s.id);
      if (!r) return fail(r.error());
      claimed = *r;
      return {};
    });
    if (!st || !claimed) continue;  // another runner took it, or the owner cancelled it
    auto login = find_local_login(deps, s.account_id);
    if (!login || !*login || (*login)->account.suspended()) {
      spdlog::warn("scheduler: dropped scheduled status {}: its author is gone or suspended", s.id);
      continue;
    }
    auto posted = post_status(deps, **login, post_input_of(s));
    if (posted) {
      ++published;
      continue;
    }
    const auto code = posted.error().code;
    if (code == ErrorCode::internal || code == ErrorCode::unavailable) {
      spdlog::error("scheduler: posting scheduled status {} failed, will retry: {}", s.id, posted.error().detail);
      auto back = deps.store.write([&](store::Tx& tx) { return tx.scheduled_statuses().insert(s); });
      if (!back) spdlog::error("scheduler: lost scheduled status {}: {}", s.id, back.error().detail);
      break;  // why: the database is in trouble; the next run retries
    }
    spdlog::warn("scheduler: dropped scheduled status {}: {}", s.id, posted.error().public_message);
  }
  return published;
}

}  // namespace parloir::services
