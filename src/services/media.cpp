#include "services/media.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <tuple>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "media/image.h"
#include "media/probe.h"
#include "media/sniff.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

util::Error not_found() { return util::Error{ErrorCode::not_found, "Record not found", {}}; }

std::string megabytes(std::int64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MB"; }

util::Status check_description(const MediaDeps& m, const std::optional<std::string>& d) {
  if (!d) return {};
  if (!util::is_valid_utf8(*d)) return fail(ErrorCode::unprocessable, "Validation failed: Description is invalid");
  if (util::utf8_length(*d) > m.settings.description_limit)
    return fail(ErrorCode::unprocessable, "Validation failed: Description is too long (maximum is " +
                                              std::to_string(m.settings.description_limit) + " characters)");
  return {};
}

// Removes `keys` from storage (best effort: a failure leaves an orphan that prune reclaims).
void remove_files(const MediaDeps& m, const std::vector<std::string>& keys) {
  for (const auto& k : keys) {
    if (k.empty()) continue;
    if (auto st = m.storage.remove(k); !st) spdlog::warn("media: cannot remove {}: {}", k, st.error().detail);
  }
}

// Stores each (data, ext) under a new key; on failure removes those already stored.
util::Result<std::vector<std::string>> put_files(const MediaDeps& m,
                                                 const std::vector<std::pair<std::string_view, std::string_view>>& files) {
  std::vector<std::string> keys;
  for (const auto& [data, ext] : files) {
    std::string key = media::new_key(ext);
    if (auto st = m.storage.put(key, data); !st) {
      remove_files(m, keys);
      return fail(st.error());
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

// A temporary copy of `data` for the command-line tools; removed when destroyed.
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

util::Status write_temp(const MediaDeps& m, std::string_view data, std::string_view ext, TempFile& out) {
  std::error_code ec;
  std::filesystem::create_directories(m.tmp_dir, ec);
  std::string path = m.tmp_dir + "/upload-XXXXXX." + std::string(ext);
  int fd = ::mkstemps(path.data(), static_cast<int>(ext.size() + 1));
  if (fd < 0) return fail(ErrorCode::internal, "Media storage error", "mkstemps in " + m.tmp_dir);
  out.path = path;
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) {
      ::close(fd);
      return fail(ErrorCode::internal, "Media storage error", "write " + path);
    }
    off += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return {};
}

media::ImageOptions image_options(const MediaSettings& s) {
  media::ImageOptions o;
  o.max_input_pixels = s.image_matrix_limit;
  o.target_pixels = s.image_target_pixels;
  o.small_pixels = s.small_pixels;
  return o;
}

util::Status process_image_upload(const MediaDeps& m, std::string_view data, media::Format format,
                                  core::MediaAttachment& a, std::vector<std::string>& keys) {
  util::Result<media::ProcessedImage> done = fail(ErrorCode::internal, "unreachable");
  {
    auto slot = m.gate.acquire(m.settings.wait_for_slot);
    if (!slot) return fail(ErrorCode::unavailable, "Too many uploads are being processed; try again shortly");
    done = media::process_image(data, format, image_options(m.settings));
  }
  if (!done) return fail(done.error());
  std::vector<std::pair<std::string_view, std::string_view>> files = {
      {done->original.data, media::extension(done->original.format)}};
  if (done->small) files.emplace_back(done->small->data, media::extension(done->small->format));
  auto stored = put_files(m, files);
  if (!stored) return fail(stored.error());
  keys = *stored;
  a.type = core::MediaType::image;
  a.file_key = keys[0];
  a.preview_key = keys.size() > 1 ? keys[1] : keys[0];
  a.content_type = std::string(media::mime_type(done->original.format));
  a.file_size = static_cast<std::int64_t>(done->original.data.size());
  a.width = done->original.width;
  a.height = done->original.height;
  a.small_width = done->small ? done->small->width : a.width;
  a.small_height = done->small ? done->small->height : a.height;
  a.blurhash = std::move(done->blurhash);
  return {};
}

util::Status process_av_upload(const MediaDeps& m, std::string_view data, media::Format format,
                               core::MediaAttachment& a, std::vector<std::string>& keys) {
  TempFile tmp;
  if (auto st = write_temp(m, data, media::extension(format), tmp); !st) return st;
  auto slot = m.gate.acquire(m.settings.wait_for_slot);
  if (!slot) return fail(ErrorCode::unavailable, "Too many uploads are being processed; try again shortly");
  auto info = media::probe_av(tmp.path, m.settings.tool_timeout);
  if (!info) return fail(info.error());
  // An MP4/WebM with only sound is audio (audio/mp4); an audio format is never shown as video.
  const bool video = media::kind_of(format) == media::Kind::video && info->has_video;
  if (!video && !info->has_audio) return fail(ErrorCode::unprocessable, "Validation failed: File has no audio stream");
  if (video) {
    if (static_cast<std::int64_t>(info->width) * info->height > m.settings.video_matrix_limit)
      return fail(ErrorCode::unprocessable, "Validation failed: Video dimensions are too large");
    if (info->fps > m.settings.video_frame_rate_limit)
      return fail(ErrorCode::unprocessable, "Validation failed: Video frame rate is too high");
  }
  std::optional<media::ProcessedImage> preview;
  if (video) {
    auto frame = media::extract_frame(tmp.path, m.settings.tool_timeout);
    if (!frame) return fail(frame.error());
    auto opts = image_options(m.settings);
    opts.target_pixels = m.settings.small_pixels;  // the preview is the frame at preview size
    opts.want_small = false;
    auto p = media::process_image(*frame, media::Format::jpeg, opts);
    if (!p) return fail(p.error());
    preview = std::move(*p);
  }
  std::vector<std::pair<std::string_view, std::string_view>> files = {{data, media::extension(format)}};
  if (preview) files.emplace_back(preview->original.data, media::extension(preview->original.format));
  auto stored = put_files(m, files);
  if (!stored) return fail(stored.error());
  keys = *stored;
  a.type = video ? (info->has_audio ? core::MediaType::video : core::MediaType::gifv) : core::MediaType::audio;
  a.file_key = keys[0];
  a.preview_key = keys.size() > 1 ? keys[1] : "";
  a.content_type = std::string(media::mime_type(format));
  a.file_size = static_cast<std::int64_t>(data.size());
  a.width = info->width;
  a.height = info->height;
  if (preview) {
    a.small_width = preview->original.width;
    a.small_height = preview->original.height;
    a.blurhash = std::move(preview->blurhash);
  }
  a.duration_s = info->duration_s;
  a.frame_rate = info->frame_rate;
  a.bitrate = info->bitrate;
  return {};
}

// Animated GIFs and WebPs become silent looping MP4s (type gifv), as Mastodon does for GIFs:
// smaller, and played by every client. Checked from the header before any frame is decoded:
// a frame is at most 1280x720 (Mastodon's GIF_MATRIX_LIMIT) and frames x pixels at most
// animation_pixel_limit (a decompression bomb in time). A WebP is first re-encoded as a GIF by
// libvips (ffmpeg 5.1 cannot read animated WebP).
util::Status process_animation(const MediaDeps& m, std::string_view data, media::Format format, int frames,
                               core::MediaAttachment& a, std::vector<std::string>& keys) {
  auto dims = media::image_dimensions(data);
  if (!dims) return fail(dims.error());
  const std::int64_t frame_pixels = static_cast<std::int64_t>(dims->first) * dims->second;
  if (frame_pixels > m.settings.animation_frame_limit)
    return fail(ErrorCode::unprocessable, "Validation failed: Animated images are limited to 1280x720 pixels");
  if (frame_pixels * frames > m.settings.animation_pixel_limit)
    return fail(ErrorCode::unprocessable, "Validation failed: The animation has too many frames (" +
                                              std::to_string(frames) + " of " + std::to_string(dims->first) + "x" +
                                              std::to_string(dims->second) + ")");
  TempFile gif, mp4;
  if (auto st = write_temp(m, "", "mp4", mp4); !st) return st;
  {
    auto slot = m.gate.acquire(m.settings.wait_for_slot);
    if (!slot) return fail(ErrorCode::unavailable, "Too many uploads are being processed; try again shortly");
    if (format == media::Format::webp) {
      auto converted = media::animated_webp_to_gif(data);
      if (!converted) return fail(converted.error());
      if (auto st = write_temp(m, *converted, "gif", gif); !st) return st;
    } else if (auto st = write_temp(m, data, "gif", gif); !st) {
      return st;
    }
    if (auto st = media::transcode_gif(gif.path, mp4.path, m.settings.tool_timeout); !st) return st;
  }
  std::string video;
  {
    std::ifstream f(mp4.path, std::ios::binary);
    video.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  if (video.empty()) return fail(ErrorCode::unprocessable, "Validation failed: The animated GIF could not be converted");
  if (auto st = process_av_upload(m, video, media::Format::mp4, a, keys); !st) return st;
  a.type = core::MediaType::gifv;
  return {};
}

// Processes bytes already sniffed as `format` (and checked against the size limit) into `a`'s
// file fields, storing the files (their keys in `keys`).
util::Status process_sniffed(const MediaDeps& m, std::string_view data, media::Format format,
                             core::MediaAttachment& a, std::vector<std::string>& keys) {
  if (format == media::Format::gif || format == media::Format::webp) {
    auto frames = media::frame_count(data);
    if (!frames) return fail(frames.error());
    if (*frames > 1) return process_animation(m, data, format, *frames, a, keys);
  }
  if (media::kind_of(format) == media::Kind::image) return process_image_upload(m, data, format, a, keys);
  return process_av_upload(m, data, format, a, keys);
}

// Cheap checks of a custom thumbnail before any processing: an image by its bytes, within
// the image size limit.
util::Status check_thumbnail(const MediaDeps& m, std::string_view data) {
  if (data.empty()) return fail(ErrorCode::unprocessable, "Validation failed: Thumbnail can't be blank");
  auto format = media::sniff(data);
  if (!format || media::kind_of(*format) != media::Kind::image || media::looks_like_markup(data))
    return fail(ErrorCode::unprocessable,
                "Validation failed: Thumbnail content type is not supported (JPEG, PNG, WebP or GIF)");
  if (static_cast<std::int64_t>(data.size()) > m.settings.image_size_limit)
    return fail(ErrorCode::unprocessable,
                "Validation failed: Thumbnail file size must be less than " + megabytes(m.settings.image_size_limit));
  return {};
}

// Processes a custom thumbnail like an image (header pixel limit, metadata stripped, first
// frame of an animation) scaled to the preview area, and stores it. Fills `key`, and the
// preview fields of `a` (preview_key, small size, blurhash).
util::Status store_thumbnail(const MediaDeps& m, std::string_view data, core::MediaAttachment& a, std::string& key) {
  if (auto st = check_thumbnail(m, data); !st) return st;
  const media::Format format = *media::sniff(data);
  media::ImageOptions opts = image_options(m.settings);
  opts.target_pixels = m.settings.small_pixels;
  opts.want_small = false;
  util::Result<media::ProcessedImage> done = fail(ErrorCode::internal, "unreachable");
  {
    auto slot = m.gate.acquire(m.settings.wait_for_slot);
    if (!slot) return fail(ErrorCode::unavailable, "Too many uploads are being processed; try again shortly");
    done = media::process_image(data, format, opts);
  }
  if (!done) {
    auto e = done.error();
    if (e.code == ErrorCode::unprocessable && e.public_message.starts_with("Validation failed: File"))
      e.public_message = "Validation failed: Thumbnail" + e.public_message.substr(23);
    return fail(std::move(e));
  }
  auto stored = put_files(m, {{done->original.data, media::extension(done->original.format)}});
  if (!stored) return fail(stored.error());
  key = (*stored)[0];
  a.preview_key = key;
  a.small_width = done->original.width;
  a.small_height = done->original.height;
  a.blurhash = std::move(done->blurhash);
  return {};
}

}  // namespace

util::Status process_remote_media(const Deps& deps, std::string_view data, core::MediaAttachment& into) {
  if (!deps.media) return fail(ErrorCode::unavailable, "Media are not available");
  const MediaDeps& m = *deps.media;
  auto format = media::sniff(data);
  if (data.empty() || !format || media::looks_like_markup(data))
    return fail(ErrorCode::unprocessable, "Unsupported remote media content");
  const std::int64_t limit =
      media::kind_of(*format) == media::Kind::image ? m.settings.image_size_limit : m.settings.video_size_limit;
  if (static_cast<std::int64_t>(data.size()) > limit) return fail(ErrorCode::unprocessable, "Remote media too large");
  core::MediaAttachment a = into;
  std::vector<std::string> keys;
  if (auto st = process_sniffed(m, data, *format, a, keys); !st) return st;
  if (!into.blurhash.empty()) a.blurhash = into.blurhash;  // the origin's, as Mastodon keeps it
  into = std::move(a);
  return {};
}

std::optional<std::pair<double, double>> parse_focus(std::string_view text) {
  auto comma = text.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  std::string xs(util::trim(text.substr(0, comma))), ys(util::trim(text.substr(comma + 1)));
  if (xs.empty() || ys.empty()) return std::nullopt;
  for (const std::string* part : {&xs, &ys})
    if (part->find_first_not_of("0123456789+-.eE") != std::string::npos) return std::nullopt;  // no hex, nan, inf
  char* end = nullptr;
  double x = std::strtod(xs.c_str(), &end);
  if (*end != '\0') return std::nullopt;
  double y = std::strtod(ys.c_str(), &end);
  if (*end != '\0') return std::nullopt;
  if (!std::isfinite(x) || !std::isfinite(y) || x < -1 || x > 1 || y < -1 || y > 1) return std::nullopt;
  return std::pair{x, y};
}

util::Result<core::MediaAttachment> upload_media(const Deps& deps, const LocalLogin& me, const UploadInput& in) {
  if (!deps.media) return fail(ErrorCode::unavailable, "Media uploads are not available");
  const MediaDeps& m = *deps.media;
  if (in.data.empty()) return fail(ErrorCode::unprocessable, "Validation failed: File can't be blank");
  auto format = media::sniff(in.data);
  if (!format || media::looks_like_markup(in.data))
    return fail(ErrorCode::unprocessable,
                "Validation failed: File content type is not supported (the content is not a JPEG, PNG, WebP or "
                "GIF image, nor MP4/WebM video, nor MP3/Ogg/WAV/FLAC audio)");
  const auto kind = media::kind_of(*format);
  const std::int64_t limit = kind == media::Kind::image ? m.settings.image_size_limit : m.settings.video_size_limit;
  if (static_cast<std::int64_t>(in.data.size()) > limit)
    return fail(ErrorCode::unprocessable, "Validation failed: File file size must be less than " + megabytes(limit));
  if (auto st = check_description(m, in.description); !st) return fail(st.error());
  std::optional<std::pair<double, double>> focus;
  if (in.focus && !in.focus->empty()) {
    focus = parse_focus(*in.focus);
    if (!focus) return fail(ErrorCode::unprocessable, "Validation failed: Focus must be two numbers \"x,y\" in -1..1");
  }

  if (in.thumbnail)
    if (auto st = check_thumbnail(m, *in.thumbnail); !st) return fail(st.error());

  core::MediaAttachment a;
  std::vector<std::string> keys;
  if (auto processed = process_sniffed(m, in.data, *format, a, keys); !processed) return fail(processed.error());
  if (in.thumbnail) {
    const std::string generated = a.preview_key;
    std::string thumb;
    if (auto st = store_thumbnail(m, *in.thumbnail, a, thumb); !st) {
      remove_files(m, keys);
      return fail(st.error());
    }
    // The generated preview is replaced (never the original, which small images share).
    if (!generated.empty() && generated != a.file_key) {
      remove_files(m, {generated});
      std::erase(keys, generated);
    }
    keys.push_back(thumb);
  }
  const std::int64_t now = util::now_ms();
  a.id = deps.ids.next(now);
  a.account_id = me.account.id;
  a.description = in.description.value_or("");
  if (focus) std::tie(a.focus_x, a.focus_y) = *focus;
  a.created_at = now;
  auto st = deps.store.write([&](store::Tx& tx) { return tx.media().insert(a); });
  if (!st) {
    remove_files(m, keys);
    return fail(st.error());
  }
  return a;
}

util::Result<core::MediaAttachment> get_media(const Deps& deps, core::Id account_id, core::Id id) {
  std::optional<core::MediaAttachment> found;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto f = tx.media().find(id);
    if (!f) return fail(f.error());
    found = std::move(*f);
    return {};
  });
  if (!st) return fail(st.error());
  if (!found || found->account_id != account_id) return fail(not_found());
  return std::move(*found);
}

util::Result<core::MediaAttachment> update_media(const Deps& deps, core::Id account_id, core::Id id,
                                                 const std::optional<std::string>& description,
                                                 const std::optional<std::string>& focus,
                                                 std::optional<std::string_view> thumbnail) {
  if (deps.media)
    if (auto s = check_description(*deps.media, description); !s) return fail(s.error());
  std::optional<std::pair<double, double>> f;
  if (focus && !focus->empty()) {
    f = parse_focus(*focus);
    if (!f) return fail(ErrorCode::unprocessable, "Validation failed: Focus must be two numbers \"x,y\" in -1..1");
  }
  // A new thumbnail is processed and stored first (outside the transaction); its fields are
  // copied onto the row inside it.
  core::MediaAttachment thumb;
  std::string thumb_key;
  if (thumbnail) {
    if (!deps.media) return fail(ErrorCode::unavailable, "Media uploads are not available");
    auto current = get_media(deps, account_id, id);  // not_found before any work
    if (!current) return current;
    if (current->status_id) return fail(not_found());
    if (auto st = store_thumbnail(*deps.media, *thumbnail, thumb, thumb_key); !st) return fail(st.error());
  }
  std::optional<core::MediaAttachment> out;
  std::string replaced;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto found = tx.media().find(id);
    if (!found) return fail(found.error());
    if (!*found || (*found)->account_id != account_id || (*found)->status_id) return fail(not_found());
    core::MediaAttachment a = **found;
    if (description) a.description = *description;
    if (f) std::tie(a.focus_x, a.focus_y) = *f;
    if (auto u = tx.media().update_details(a.id, a.description, a.focus_x, a.focus_y); !u) return u;
    if (thumbnail) {
      if (a.preview_key != a.file_key) replaced = a.preview_key;
      a.preview_key = thumb.preview_key;
      a.small_width = thumb.small_width;
      a.small_height = thumb.small_height;
      a.blurhash = thumb.blurhash;
      if (auto u = tx.media().set_files(a); !u) return u;
    }
    out = std::move(a);
    return {};
  });
  if (!st) {
    if (!thumb_key.empty()) remove_files(*deps.media, {thumb_key});
    return fail(st.error());
  }
  if (!replaced.empty()) remove_files(*deps.media, {replaced});
  return std::move(*out);
}

util::Status delete_media(const Deps& deps, core::Id account_id, core::Id id) {
  std::optional<core::MediaAttachment> gone;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto found = tx.media().find(id);
    if (!found) return fail(found.error());
    if (!*found || (*found)->account_id != account_id) return fail(not_found());
    if ((*found)->status_id)
      return fail(ErrorCode::unprocessable, "Validation failed: Media attachment is currently used by a status");
    auto r = tx.media().remove(id);
    if (!r) return fail(r.error());
    gone = std::move(*found);
    return {};
  });
  if (!st) return st;
  if (deps.media) remove_files(*deps.media, {gone->file_key, gone->preview_key});
  return {};
}

util::Result<std::vector<core::MediaAttachment>> media_for_status(store::Tx& tx, core::Id author,
                                                                  const std::vector<core::Id>& ids,
                                                                  std::optional<core::Id> editing) {
  std::vector<core::MediaAttachment> out;
  if (ids.empty()) return out;
  if (ids.size() > 4) return fail(ErrorCode::unprocessable, "Validation failed: Cannot attach more than 4 files");
  std::unordered_set<core::Id> seen;
  for (core::Id id : ids)
    if (!seen.insert(id).second)
      return fail(ErrorCode::unprocessable, "Validation failed: The same media is attached twice");
  auto found = tx.media().find_many(ids);
  if (!found) return fail(found.error());
  std::string missing;
  for (core::Id id : ids) {
    auto it = std::find_if(found->begin(), found->end(), [&](const core::MediaAttachment& m) { return m.id == id; });
    const bool ok = it != found->end() && it->account_id == author &&
                    (!it->status_id || (editing && *it->status_id == *editing));
    if (!ok) {
      missing += (missing.empty() ? "" : ", ") + std::to_string(id);
      continue;
    }
    out.push_back(*it);
  }
  if (!missing.empty())
    return fail(ErrorCode::unprocessable,
                "Validation failed: Media with ids " + missing + " not found or already attached to another post");
  return out;
}

util::Result<std::string> store_profile_image(const Deps& deps, std::string_view data, ProfileImage which) {
  if (!deps.media) return fail(ErrorCode::unavailable, "Media uploads are not available");
  const MediaDeps& m = *deps.media;
  const char* what = which == ProfileImage::avatar ? "Avatar" : "Header";
  auto format = media::sniff(data);
  if (!format || media::kind_of(*format) != media::Kind::image || media::looks_like_markup(data))
    return fail(ErrorCode::unprocessable,
                std::string("Validation failed: ") + what + " content type is not supported (JPEG, PNG, WebP or GIF)");
  if (static_cast<std::int64_t>(data.size()) > m.settings.image_size_limit)
    return fail(ErrorCode::unprocessable, std::string("Validation failed: ") + what + " file size must be less than " +
                                              megabytes(m.settings.image_size_limit));
  media::ImageOptions opts = image_options(m.settings);
  opts.crop = which == ProfileImage::avatar ? std::pair{400, 400} : std::pair{1500, 500};
  opts.want_small = false;
  opts.want_blurhash = false;
  util::Result<media::ProcessedImage> done = fail(ErrorCode::internal, "unreachable");
  {
    auto slot = m.gate.acquire(m.settings.wait_for_slot);
    if (!slot) return fail(ErrorCode::unavailable, "Too many uploads are being processed; try again shortly");
    done = media::process_image(data, *format, opts);
  }
  if (!done) {
    auto e = done.error();
    if (e.code == ErrorCode::unprocessable && e.public_message.starts_with("Validation failed: File"))
      e.public_message = std::string("Validation failed: ") + what + e.public_message.substr(23);
    return fail(std::move(e));
  }
  auto stored = put_files(m, {{done->original.data, media::extension(done->original.format)}});
  if (!stored) return fail(stored.error());
  return std::move((*stored)[0]);
}

void remove_media_file(const Deps& deps, const std::string& key) {
  if (deps.media && !key.empty()) remove_files(*deps.media, {key});
}

util::Result<std::string> read_media_file(const Deps& deps, std::string_view key) {
  if (!deps.media) return fail(not_found());
  return deps.media->storage.read(key);
}

util::Result<media::StoredFile> open_media_file(const Deps& deps, std::string_view key) {
  if (!deps.media) return fail(not_found());
  return deps.media->storage.open(key);
}

util::Result<std::size_t> remove_unattached_media(const Deps& deps, std::int64_t before_ms, int limit) {
  std::vector<core::MediaAttachment> gone;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto old = tx.media().list_unattached_before(before_ms, limit);
    if (!old) return fail(old.error());
    for (auto& m : *old) {
      auto r = tx.media().remove(m.id);
      if (!r) return fail(r.error());
      gone.push_back(std::move(m));
    }
    return {};
  });
  if (!st) return fail(st.error());
  if (deps.media)
    for (const auto& m : gone) remove_files(*deps.media, {m.file_key, m.preview_key});
  return gone.size();
}

util::Result<std::size_t> remove_orphaned_files(const Deps& deps, std::int64_t now_ms, std::int64_t min_age_ms) {
  if (!deps.media) return std::size_t{0};
  std::unordered_set<std::string> referenced;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto keys = tx.media().all_referenced_keys();
    if (!keys) return fail(keys.error());
    referenced.insert(keys->begin(), keys->end());
    return {};
  });
  if (!st) return fail(st.error());
  std::vector<std::string> orphans;
  auto listed = deps.media->storage.each([&](const std::string& key, std::int64_t mtime, std::int64_t) {
    if (mtime < now_ms - min_age_ms && !referenced.contains(key)) orphans.push_back(key);
  });
  if (!listed) return fail(listed.error());
  remove_files(*deps.media, orphans);
  return orphans.size();
}

}  // namespace parloir::services
