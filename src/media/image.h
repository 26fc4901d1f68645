// Image processing with libvips: the only code in Parloir that includes <vips/...>.
//
// process_image() takes an upload whose format was already sniffed (media/sniff.h) and returns
// re-encoded files that carry no metadata of the input (no EXIF, GPS, XMP, IPTC, ICC, comments):
//  1. the header is read first and images larger than `max_input_pixels` are refused before a
//     single pixel is decoded (decompression bombs); vips must agree with the sniffed format;
//  2. the image is decoded (truncated or corrupt data fails), turned upright by its EXIF
//     orientation, converted to 8-bit sRGB and scaled down to fit the target area (or cropped
//     to a box for avatars and headers);
//  3. a `small` preview and a 4x4 BlurHash are made from it.
// Only the JPEG, PNG, WebP and GIF loaders are enabled (init_vips blocks every other loader and
// vips' "untrusted" operations), so a file cannot steer vips into another parser.
//
// Thread-safe after init_vips(). Memory: each call holds at most one decoded image of
// `target_pixels` (4 bytes a pixel) plus its encodings; bound concurrency with a
// ProcessingGate (media/gate.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "media/sniff.h"
#include "util/result.h"

namespace parloir::media {

struct VipsSettings {
  int concurrency = 1;           // worker threads per image (vips_concurrency_set)
  int cache_max_operations = 0;  // vips operation cache; uploads are never processed twice
  std::size_t cache_max_mem = 0;
};

// Records the settings libvips starts with. vips itself starts on first use (the first
// upload): its start-up maps ~20 MB that an instance without uploads never needs. Call once,
// before any thread processes images.
void configure_vips(const VipsSettings& settings);
// Starts libvips now (once per process; later calls return the first result) with the
// configured settings and applies the loader block list. False when vips cannot start.
bool init_vips();
// Releases vips' caches and threads at shutdown (optional; for leak checkers).
void shutdown_vips();

struct ImageOptions {
  std::int64_t max_input_pixels = 33'177'600;  // Mastodon MAX_MATRIX_LIMIT (7680x4320)
  std::int64_t target_pixels = 8'294'400;      // original scaled down to this area (3840x2160)
  std::int64_t small_pixels = 230'400;         // preview area (640x360)
  // Crop to exactly this box (avatars 400x400, headers 1500x500) instead of fitting an area;
  // no small preview is made then.
  std::optional<std::pair<int, int>> crop;
  bool want_small = true;
  bool want_blurhash = true;
};

struct EncodedImage {
  std::string data;
  Format format = Format::jpeg;
  int width = 0;
  int height = 0;
};

struct ProcessedImage {
  EncodedImage original;
  std::optional<EncodedImage> small;
  std::string blurhash;  // "" when not wanted
};

// Errors: unprocessable with a message for the client ("Validation failed: File ..."), never
// internal for bad input.
util::Result<ProcessedImage> process_image(std::string_view data, Format format, const ImageOptions& options);

// Number of frames (pages) the header declares: > 1 for an animated GIF/WebP. Header only.
util::Result<int> frame_count(std::string_view data);

// Width and height read from the header only (no pixel decoded); for an animation, one frame's.
util::Result<std::pair<int, int>> image_dimensions(std::string_view data);

// Re-encodes an animated WebP as an animated GIF (every frame, with its delay and the loop
// count; metadata dropped) so that ffmpeg — which cannot read animated WebP (Debian's 5.1) —
// can turn it into a gifv MP4 like an uploaded GIF. Frames are decoded one after another
// (sequential access): memory is about one frame plus the GIF. The caller checks the header
// (frame size, frames x pixels) first. Errors: unprocessable for anything vips cannot decode.
util::Result<std::string> animated_webp_to_gif(std::string_view data);

}  // namespace parloir::media
