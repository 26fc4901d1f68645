// Remote media: the attachments of remote statuses and remote accounts' avatars and headers.
// They are recorded when the status/actor arrives (the remote URL, the origin's alt text,
// blurhash and focus) and queued in the remote-file queue (store/media.h); a background fetcher
// (federation/media_fetcher.h) downloads each file through the SSRF-guarded client and hands
// the bytes to cache_remote_file, which processes them exactly like a local upload. Until then
// — and again after prune_remote_media — clients are shown the remote URL. Blocking: call from
// a worker or the blocking pool; the *_in_tx functions run inside the caller's transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/media.h"
#include "services/deps.h"
#include "store/media.h"
#include "util/result.h"

namespace parloir::services {

// One `attachment` entry of a remote Note, already validated (http(s) url) by the caller.
struct RemoteAttachmentInput {
  std::string url;
  core::MediaType type = core::MediaType::unknown;  // from the declared mediaType / object type
  std::string content_type;                        // as declared (shown until cached)
  std::string description;                         // `name`, ≤ 1,500 characters
  std::string blurhash;                            // ≤ 100 characters
  double focus_x = 0, focus_y = 0;                 // -1..1
  int width = 0, height = 0;
};

inline constexpr std::size_t kMaxRemoteAttachments = 4;

// Inside the transaction that stores remote status `status_id` of `account_id`: records its
// attachments (at most kMaxRemoteAttachments, in order) and queues their files.
util::Status add_remote_attachments_in_tx(store::Tx& tx, const Deps& deps, core::Id account_id, core::Id status_id,
                                          const std::vector<RemoteAttachmentInput>& attachments);

// Inside the transaction that applies a remote edit (Update(Note)) of `status_id`: makes
// `attachments` its attachments, in order. An entry whose url is already one of the status's
// attachments keeps that row (and its cached file), with the description and focus updated;
// new urls are recorded and queued; attachments no longer listed are detached (the sweeper of
// unattached media deletes them later). Returns whether anything changed (ids, order,
// description or focus) — an edit Mastodon records in the history.
util::Result<bool> replace_remote_attachments_in_tx(store::Tx& tx, const Deps& deps, core::Id account_id,
                                                    core::Id status_id,
                                                    const std::vector<RemoteAttachmentInput>& attachments);

// Inside the transaction that stores a remote actor: queues its avatar / header (an empty url
// forgets the image: the account shows the default one). Unchanged urls are left alone.
util::Status queue_profile_images_in_tx(store::Tx& tx, const core::Account& account, const std::string& avatar_url,
                                        const std::string& header_url);

// Processes the fetched bytes of `file` and records the cached copy (attachment files, or the
// account's avatar/header, replacing and removing the previous copy). A file whose owner has
// gone is dropped. Errors: as process_remote_media (the caller retries or gives up).
util::Status cache_remote_file(const Deps& deps, const store::RemoteFile& file, std::string_view data);

// Deletes cached copies of remote files fetched before `before_ms`: attachments fall back to
// their remote URL, avatars/headers to the default image. Returns how many files were dropped.
util::Result<std::size_t> prune_remote_media(const Deps& deps, std::int64_t before_ms);

}  // namespace parloir::services
