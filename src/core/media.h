// MediaAttachment: an uploaded image, video or audio file, with its preview and what clients
// show about it (Mastodon's MediaAttachment entity). Plain value, no I/O; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"

namespace parloir::core {

// Mastodon's attachment types (gifv: a looping silent video; unknown: remote files we cannot show).
enum class MediaType { unknown = 0, image = 1, gifv = 2, video = 3, audio = 4 };
std::string_view media_type_name(MediaType t);  // "image"...

struct MediaAttachment {
  Id id = 0;
  Id account_id = 0;              // the uploader
  std::optional<Id> status_id;    // null while unattached
  int position = 0;               // order within the status
  MediaType type = MediaType::image;
  std::string file_key;           // storage key of the file (media/storage.h)
  std::string preview_key;        // storage key of the preview; "" when none (audio)
  std::string content_type;       // of the stored file
  std::int64_t file_size = 0;     // bytes
  int width = 0, height = 0;              // of the stored original (video: the frame size)
  int small_width = 0, small_height = 0;  // of the preview
  double focus_x = 0, focus_y = 0;        // -1..1
  double duration_s = 0;          // video/audio
  std::string frame_rate;         // video, e.g. "30/1"
  std::int64_t bitrate = 0;       // video/audio
  std::string description;        // alt text
  std::string blurhash;
  std::int64_t created_at = 0;    // unix ms
  // Remote attachments: where the file came from. file_key is "" until the file is cached
  // (and again after a prune); clients are then shown this URL.
  std::string remote_url;

  bool is_remote() const { return !remote_url.empty(); }

  // Frames per second from frame_rate ("30000/1001" -> 29.97); 0 when unknown.
  double fps() const;
};

}  // namespace parloir::core
