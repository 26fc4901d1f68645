// Media use cases: uploading (sniff, check limits, process, store), reading and editing one's
// own uploads, attaching them to statuses, avatars and headers, and the clean-ups (unattached
// uploads after 24 hours, orphaned files). Blocking: call from the blocking pool.
//
// Safety: the type of a file is decided by sniffing its bytes (media/sniff.h), never by its name
// or declared type; images are decoded only after their header passed the pixel limit, and at
// most MediaDeps::gate slots decode at once; stored names are random (media/storage.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/media.h"
#include "media/gate.h"
#include "media/storage.h"
#include "services/accounts.h"
#include "store/store.h"

namespace parloir::services {

// Limits (Mastodon's defaults; [media] in docs/configuration.md).
struct MediaSettings {
  std::int64_t image_size_limit = 16 * 1024 * 1024;   // bytes (Mastodon IMAGE_LIMIT)
  std::int64_t video_size_limit = 99 * 1024 * 1024;   // bytes, video and audio (VIDEO_LIMIT)
  std::int64_t image_matrix_limit = 33'177'600;       // pixels in the header, else refused
  std::int64_t animation_pixel_limit = 100'000'000;   // frames x pixels of an animation (header), else refused
  std::int64_t animation_frame_limit = 921'600;       // pixels of one animation frame (1280x720, Mastodon's GIF limit)
  std::int64_t image_target_pixels = 8'294'400;       // originals are scaled down to this area
  std::int64_t small_pixels = 230'400;                // previews (640x360)
  std::int64_t video_matrix_limit = 8'294'400;        // 3840x2160
  double video_frame_rate_limit = 120;
  std::size_t description_limit = 1500;               // characters of alt text
  std::chrono::milliseconds wait_for_slot{30000};     // waiting for a decode slot, then 503
  std::chrono::milliseconds tool_timeout{30000};      // ffprobe / ffmpeg
  std::int64_t unattached_ttl_ms = 24LL * 3600 * 1000;
};

struct MediaDeps {
  media::Storage& storage;
  media::ProcessingGate& gate;
  MediaSettings settings;
  std::string tmp_dir;  // for audio/video files handed to ffprobe/ffmpeg (removed after)
};

struct UploadInput {
  std::string_view data;                   // the file's bytes
  std::optional<std::string> description;  // alt text
  std::optional<std::string> focus;        // "x,y"
  // A custom thumbnail (Mastodon's `thumbnail`, any attachment type): an image processed like
  // one (sniffed, pixel-limited, metadata stripped) and bounded to the preview area; it becomes
  // the preview (`preview_url`, `meta.small`) and the blurhash.
  std::optional<std::string_view> thumbnail;
};

// Parses Mastodon's focus "x,y" (each in -1..1). nullopt when malformed or out of range.
std::optional<std::pair<double, double>> parse_focus(std::string_view text);

// Checks, processes and stores an upload as an unattached attachment of `me`. Errors:
// unprocessable ("Validation failed: ..." — unsupported or mismatched content, markup,
// too large in bytes or pixels, truncated/corrupt, description too long, bad focus),
// unavailable (no free decode slot in time, media not set up). Nothing is stored on error.
util::Result<core::MediaAttachment> upload_media(const Deps& deps, const LocalLogin& me, const UploadInput& in);

// Remote media: processes fetched bytes exactly like an upload (sniffed type, size and pixel
// limits, metadata stripped, re-encoded, preview, blurhash) and stores the files, filling the
// file fields of `into` (type, keys, content type, sizes, meta; a blurhash the origin sent is
// kept). Errors: unprocessable (unsupported, too large, corrupt), unavailable. On error nothing
// is stored and `into` is unchanged.
util::Status process_remote_media(const Deps& deps, std::string_view data, core::MediaAttachment& into);

// One of `account_id`'s attachments; not_found for anyone else's.
util::Result<core::MediaAttachment> get_media(const Deps& deps, core::Id account_id, core::Id id);

// Changes description, focus and/or the custom thumbnail (as UploadInput::thumbnail; the
// previous preview file is removed) of one's own attachment (Mastodon allows it while
// unattached; attached ones change through a status edit). Errors: not_found, unprocessable,
// unavailable; nothing changes on error.
util::Result<core::MediaAttachment> update_media(const Deps& deps, core::Id account_id, core::Id id,
                                                 const std::optional<std::string>& description,
                                                 const std::optional<std::string>& focus,
                                                 std::optional<std::string_view> thumbnail = std::nullopt);

// Deletes one's own unattached attachment and its files. Errors: not_found, unprocessable when
// it is attached to a status.
util::Status delete_media(const Deps& deps, core::Id account_id, core::Id id);

// For posting and editing (call inside the write transaction): the attachments `ids` name, in
// that order — at most 4, each the author's and unattached or already on `editing`. Errors:
// unprocessable with Mastodon-like messages.
util::Result<std::vector<core::MediaAttachment>> media_for_status(store::Tx& tx, core::Id author,
                                                                  const std::vector<core::Id>& ids,
                                                                  std::optional<core::Id> editing);

// Avatars (400x400 crop) and headers (1500x500 crop): processes an upload like an image and
// stores it; returns the new storage key. The caller records it and removes the old file.
enum class ProfileImage { avatar, header };
util::Result<std::string> store_profile_image(const Deps& deps, std::string_view data, ProfileImage which);

// Removes a stored file, logging (not failing) on error. For replaced avatars and the like.
void remove_media_file(const Deps& deps, const std::string& key);

// A stored file's bytes by its key (only server-shaped keys; others are not_found).
util::Result<std::string> read_media_file(const Deps& deps, std::string_view key);

// A stored file opened for streaming (size and modification time included); not_found as read.
util::Result<media::StoredFile> open_media_file(const Deps& deps, std::string_view key);

// Deletes unattached uploads created before `before_ms` (rows, then files); returns how many.
util::Result<std::size_t> remove_unattached_media(const Deps& deps, std::int64_t before_ms, int limit = 500);

// Removes stored files no row refers to that are older than `min_age_ms` (so an upload still
// between writing its files and committing its row is never touched); returns how many.
util::Result<std::size_t> remove_orphaned_files(const Deps& deps, std::int64_t now_ms, std::int64_t min_age_ms);

}  // namespace parloir::services
