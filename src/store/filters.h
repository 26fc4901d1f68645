// Repository interfaces for content filters (with their keywords and filtered statuses) and
// scheduled statuses. Same contract as store.h: reached through a Tx, blocking, SQL-free callers.
// Every lookup takes the owner's account id, so one account never reaches another's rows
// (a foreign id reads as missing).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "core/filter.h"
#include "core/status.h"
#include "util/result.h"

namespace parloir::store {

class FilterRepo {
 public:
  virtual ~FilterRepo() = default;
  // Inserts the filter with its keywords and statuses (their filter_id is taken from the filter).
  virtual util::Status insert(const core::Filter& filter) = 0;
  // Updates title, context, action, expires_at and updated_at. not_found when not the owner's.
  virtual util::Status update(const core::Filter& filter) = 0;
  // Deletes the filter with its keywords and statuses. False when missing / not the owner's.
  virtual util::Result<bool> remove(core::Id account_id, core::Id id) = 0;
  // With keywords and statuses.
  virtual util::Result<std::optional<core::Filter>> find(core::Id account_id, core::Id id) = 0;
  // The account's filters by id, with keywords and statuses, in one query; only the ones not
  // expired at `now_ms` (pass the minimum for all).
  virtual util::Result<std::vector<core::Filter>> list(
      core::Id account_id, std::int64_t now_ms = std::numeric_limits<std::int64_t>::min()) = 0;

  virtual util::Status insert_keyword(const core::FilterKeyword& keyword) = 0;
  // keyword and whole_word. not_found when missing.
  virtual util::Status update_keyword(const core::FilterKeyword& keyword) = 0;
  virtual util::Result<bool> remove_keyword(core::Id account_id, core::Id id) = 0;
  // A keyword of one of the account's filters.
  virtual util::Result<std::optional<core::FilterKeyword>> find_keyword(core::Id account_id, core::Id id) = 0;

  // Fails with conflict when the status is already in the filter.
  virtual util::Status insert_status(const core::FilterStatus& status) = 0;
  virtual util::Result<bool> remove_status(core::Id account_id, core::Id id) = 0;
  virtual util::Result<std::optional<core::FilterStatus>> find_status(core::Id account_id, core::Id id) = 0;
};

class ScheduledStatusRepo {
 public:
  virtual ~ScheduledStatusRepo() = default;
  virtual util::Status insert(const core::ScheduledStatus& s) = 0;
  virtual util::Result<std::optional<core::ScheduledStatus>> find(core::Id account_id, core::Id id) = 0;
  // The account's scheduled statuses paged by id, newest first.
  virtual util::Result<std::vector<core::ScheduledStatus>> list(core::Id account_id,
                                                                const core::PageRequest& page) = 0;
  // not_found when missing / not the owner's.
  virtual util::Status set_time(core::Id account_id, core::Id id, std::int64_t scheduled_at) = 0;
  virtual util::Result<bool> remove(core::Id account_id, core::Id id) = 0;
  // Those due at `now_ms` (scheduled_at <= now), oldest schedule first, at most `limit`.
  virtual util::Result<std::vector<core::ScheduledStatus>> list_due(std::int64_t now_ms, int limit) = 0;
  // How many the account has in total, and scheduled within [from_ms, to_ms).
  virtual util::Result<std::int64_t> count(core::Id account_id) = 0;
  virtual util::Result<std::int64_t> count_between(core::Id account_id, std::int64_t from_ms, std::int64_t to_ms) = 0;
};

}  // namespace parloir::store
