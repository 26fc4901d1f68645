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

// Remote files we cache locally: a remote attachment's file, a remote account's avatar/header.
enum class RemoteFileKind { attachment = 0, avatar = 1, header = 2 };
enum class RemoteFileState { pending = 0, cached = 1, failed = 2, pruned = 3 };
struct RemoteFile {
  RemoteFileKind kind = RemoteFileKind::attachment;
  core::Id owner_id = 0;  // the attachment id, or the account id for avatars/headers
  std::string remote_url;
  int attempts = 0;
  std::int64_t fetched_at = 0;
};

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
  // Replaces an attachment's stored-file fields (keys, type, sizes, meta, blurhash) with m's;
  // description, focus and remote_url are kept. not_found when no such attachment.
  virtual util::Status set_files(const core::MediaAttachment& m) = 0;

  // The remote-file queue. queue_remote_file records (kind, owner) → url as pending, due now;
  // a row with the same url that is cached, failed or pending is left alone (so a re-sent
  // actor document does not re-fetch its avatar), a different url — or the same one after its
  // copy was pruned — re-queues it.
  virtual util::Status queue_remote_file(RemoteFileKind kind, core::Id owner, const std::string& url,
                                         std::int64_t now) = 0;
  virtual util::Status forget_remote_file(RemoteFileKind kind, core::Id owner) = 0;
  // Up to `limit` pending files due at `now`; their next attempt is pushed to `lease_until`
  // (a crash mid-fetch retries them after the lease).
  virtual util::Result<std::vector<RemoteFile>> claim_remote_files(std::int64_t now, std::int64_t lease_until,
                                                                   int limit) = 0;
  // Sets the state (cached: fetched_at = now; pending: retry at next_attempt_at with `attempts`).
  // Only when the row still names `url` (a newer url queued meanwhile wins). Returns whether it did.
  virtual util::Result<bool> settle_remote_file(RemoteFileKind kind, core::Id owner, const std::string& url,
                                                RemoteFileState state, int attempts, std::int64_t at) = 0;
  // Cached remote files fetched before `before_ms`, oldest first, at most `limit`.
  virtual util::Result<std::vector<RemoteFile>> cached_remote_files_before(std::int64_t before_ms, int limit) = 0;

  // Every storage key a row refers to: attachment files and previews, avatars and headers.
  virtual util::Result<std::vector<std::string>> all_referenced_keys() = 0;
};

}  // namespace parloir::store
