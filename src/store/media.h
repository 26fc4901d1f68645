// Repository interface for media attachments (core/media.h). Same contract as store.h: reached
// through a Tx, blocking, SQL-free callers. Files live in media storage (media/storage.h); rows
// only name their keys, and callers remove files after the transaction that dropped the rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/media.h"
#include "util/result.h"

namespace parloir::store {

class MediaRepo {
 public:
  virtual ~MediaRepo() = default;
  virtual util::Status insert(const core::MediaAttachment& m) = 0;
  virtual util::Result<std::optional<core::MediaAttachment>> find(core::Id id) = 0;
  // In the order of `ids`, unknown ones skipped.
  virtual util::Result<std::vector<core::MediaAttachment>> find_many(const std::vector<core::Id>& ids) = 0;
  // The attachments of each status, in position order (for rendering statuses).
  virtual util::Result<std::vector<core::MediaAttachment>> list_for_statuses(const std::vector<core::Id>& status_ids) = 0;
  // Description and focus. not_found when no such attachment.
  virtual util::Status update_details(core::Id id, const std::string& description, double focus_x, double focus_y) = 0;
  // Makes `ids` (in this order) the attachments of `status_id`, detaching any others it had,
  // and sets the status's has_media flag. Callers check ownership first.
  virtual util::Status attach(core::Id status_id, const std::vector<core::Id>& ids) = 0;
  // Deletes the row; false when there was none.
  virtual util::Result<bool> remove(core::Id id) = 0;
  // Unattached uploads created before `before_ms`, oldest first, at most `limit`.
  virtual util::Result<std::vector<core::MediaAttachment>> list_unattached_before(std::int64_t before_ms, int limit) = 0;
  // Every storage key a row refers to: attachment files and previews, avatars and headers.
  virtual util::Result<std::vector<std::string>> all_referenced_keys() = 0;
};

}  // namespace parloir::store
