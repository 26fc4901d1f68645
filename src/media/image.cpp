#include "media/image.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>

#include <vips/vips8>

#include "media/blurhash.h"
#include "media/jpeg_strip.h"

namespace parloir::media {

using util::ErrorCode;
using util::fail;

namespace {

std::once_flag g_vips_once;
bool g_vips_ok = false;
VipsSettings g_vips_settings;

util::Error unavailable() {
  return util::Error{ErrorCode::internal, "Image processing is unavailable", "libvips failed to start"};
}

util::Error invalid(std::string detail) {
  return util::Error{ErrorCode::unprocessable, "Validation failed: File could not be processed as an image",
                     std::move(detail)};
}

// The vips loader name prefix each sniffed format must produce.
const char* loader_for(Format f) {
  switch (f) {
    case Format::jpeg: return "VipsForeignLoadJpeg";
    case Format::png: return "VipsForeignLoadPng";
    case Format::webp: return "VipsForeignLoadWebp";
    case Format::gif: return "VipsForeignLoadNsgif";
    default: return nullptr;
  }
}

std::string take_blob(VipsBlob* blob) {
  std::size_t len = 0;
  const void* p = vips_blob_get(blob, &len);
  std::string out(static_cast<const char*>(p), len);
  vips_area_unref(reinterpret_cast<VipsArea*>(blob));
  return out;
}

// The side of a square box that fits an image of w x h scaled to at most `area` pixels
// (the longer side of the result); the box works whatever the EXIF rotation turns out to be.
int box_for_area(int w, int h, std::int64_t area) {
  const double px = static_cast<double>(w) * h;
  const double scale = px > static_cast<double>(area) ? std::sqrt(static_cast<double>(area) / px) : 1.0;
  return std::max(1, static_cast<int>(std::floor(std::max(w, h) * scale)));
}

// 8-bit sRGB (or sRGB + alpha), whatever came in (CMYK, grey, 16-bit, Lab...).
vips::VImage to_srgb8(vips::VImage img) {
  VipsInterpretation want = VIPS_INTERPRETATION_sRGB;
  if (img.interpretation() != want) img = img.colourspace(want);
  if (img.format() != VIPS_FORMAT_UCHAR) img = img.cast(VIPS_FORMAT_UCHAR);
  if (img.bands() > 4) img = img.extract_band(0, vips::VImage::option()->set("n", 4));
  return img;
}

EncodedImage encode(const vips::VImage& img, Format preferred) {
  EncodedImage out;
  out.width = img.width();
  out.height = img.height();
  const bool alpha = img.has_alpha();
  // why: strip=true drops every metadata block (EXIF, XMP, IPTC, ICC, comments).
  if (preferred == Format::webp) {
    out.format = Format::webp;
    out.data = take_blob(img.webpsave_buffer(vips::VImage::option()->set("strip", true)->set("Q", 85)));
  } else if (alpha || preferred == Format::png) {
    out.format = Format::png;
    out.data = take_blob(img.pngsave_buffer(vips::VImage::option()->set("strip", true)->set("compression", 6)));
  } else {
    out.format = Format::jpeg;
    out.data = take_blob(img.jpegsave_buffer(
        vips::VImage::option()->set("strip", true)->set("Q", 85)));
  }
  return out;
}

// Scaled so that its longer side is `box` (never up). `fast`: bilinear after the integer box
// shrink (previews), else Lanczos3 (originals).
// why: vips_thumbnail_image on an in-memory image measured 2-3x slower than resize here.
vips::VImage fit(const vips::VImage& img, int box, bool fast) {
  const double scale = static_cast<double>(box) / std::max(img.width(), img.height());
  if (scale >= 1.0) return img;
  return fast ? img.resize(scale, vips::VImage::option()->set("kernel", VIPS_KERNEL_LINEAR)) : img.resize(scale);
}

std::string blurhash_of(const vips::VImage& img) {
  // A box-filtered ~32-pixel version: a 4x4-component hash cannot tell it from the full image.
  const double factor = std::max(1.0, std::max(img.width(), img.height()) / 32.0);
  vips::VImage tiny = factor > 1.0 ? img.shrink(factor, factor) : img;
  if (tiny.has_alpha()) tiny = tiny.flatten(vips::VImage::option()->set("background", std::vector<double>{255, 255, 255}));
  tiny = to_srgb8(tiny);
  if (tiny.bands() != 3) return "";
  std::size_t size = 0;
  void* mem = tiny.write_to_memory(&size);
  std::string hash;
  if (size == static_cast<std::size_t>(tiny.width()) * static_cast<std::size_t>(tiny.height()) * 3)
    hash = blurhash_encode(static_cast<const std::uint8_t*>(mem), tiny.width(), tiny.height(), 3,
                           static_cast<std::size_t>(tiny.width()) * 3, 4, 4);
  g_free(mem);
  return hash;
}

}  // namespace

void configure_vips(const VipsSettings& settings) { g_vips_settings = settings; }

bool init_vips() {
  std::call_once(g_vips_once, [] {
    const VipsSettings& settings = g_vips_settings;
    if (VIPS_INIT("parloir") != 0) return;
    // why: Mastodon's config/initializers/vips.rb — only the loaders we sniff for may run, and
    // nothing vips marks untrusted (e.g. its ImageMagick, PDF or matrix loaders).
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    for (const char* allowed : {"VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp",
                                "VipsForeignLoadNsgif"})
      vips_operation_block_set(allowed, FALSE);
    vips_concurrency_set(std::max(1, settings.concurrency));
    vips_cache_set_max(settings.cache_max_operations);
    vips_cache_set_max_mem(settings.cache_max_mem);
    vips_cache_set_max_files(0);
    g_vips_ok = true;
  });
  return g_vips_ok;
}

void shutdown_vips() {
  if (g_vips_ok) vips_shutdown();
}

util::Result<std::pair<int, int>> image_dimensions(std::string_view data) {
  if (!init_vips()) return fail(unavailable());
  const char* loader = vips_foreign_find_load_buffer(data.data(), data.size());
  if (!loader) {
    vips_error_clear();
    return fail(invalid("no vips loader"));
  }
  try {
    auto img = vips::VImage::new_from_buffer(data.data(), data.size(), "",
                                             vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
    return std::pair<int, int>{img.width(), img.height()};
  } catch (const vips::VError& e) {
    vips_error_clear();
    return fail(invalid(e.what()));
  }
}

util::Result<int> frame_count(std::string_view data) {
  if (!init_vips()) return fail(unavailable());
  try {
    auto img = vips::VImage::new_from_buffer(data.data(), data.size(), "",
                                             vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
    return img.get_typeof(VIPS_META_N_PAGES) != 0 ? img.get_int(VIPS_META_N_PAGES) : 1;
  } catch (const vips::VError& e) {
    vips_error_clear();
    return fail(invalid(e.what()));
  }
}

util::Result<std::string> animated_webp_to_gif(std::string_view data) {
  if (!init_vips()) return fail(unavailable());
  const char* loader = vips_foreign_find_load_buffer(data.data(), data.size());
  if (!loader || std::strncmp(loader, "VipsForeignLoadWebp", 19) != 0) {
    vips_error_clear();
    return fail(invalid(std::string("loader mismatch: ") + (loader ? loader : "none")));
  }
  try {
    auto frames = vips::VImage::new_from_buffer(data.data(), data.size(), "",
                                                vips::VImage::option()
                                                    ->set("n", -1)
                                                    ->set("access", VIPS_ACCESS_SEQUENTIAL)
                                                    ->set("fail_on", VIPS_FAIL_ON_ERROR));
    frames = to_srgb8(frames);
    return take_blob(frames.gifsave_buffer(vips::VImage::option()->set("strip", true)));
  } catch (const vips::VError& e) {
    vips_error_clear();
    return fail(invalid(e.what()));
  }
}

util::Result<ProcessedImage> process_image(std::string_view data, Format format, const ImageOptions& opt) {
  if (!init_vips()) return fail(unavailable());
  const char* want = loader_for(format);
  if (!want) return fail(invalid("not an image format"));
  // 1. The header: which loader, how many pixels. Nothing is decoded yet.
  const char* loader = vips_foreign_find_load_buffer(data.data(), data.size());
  if (!loader || std::strncmp(loader, want, std::strlen(want)) != 0) {
    vips_error_clear();
    return fail(invalid(std::string("loader mismatch: ") + (loader ? loader : "none")));
  }
  try {
    auto header = vips::VImage::new_from_buffer(data.data(), data.size(), "",
                                                vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
    const std::int64_t pixels = static_cast<std::int64_t>(header.width()) * header.height();
    if (header.width() <= 0 || header.height() <= 0) return fail(invalid("empty image"));
    if (pixels > opt.max_input_pixels)
      return fail(ErrorCode::unprocessable,
                  "Validation failed: File dimensions are too large (" + std::to_string(header.width()) + "x" +
                      std::to_string(header.height()) + "; at most " + std::to_string(opt.max_input_pixels) +
                      " pixels)");

    // Fast path: an upright sRGB JPEG that needs no scaling keeps its compressed data as it is
    // (no recompression loss, several times cheaper); its metadata segments are cut out
    // losslessly, and the stripped file is decoded (at reduced scale) to validate it and make
    // the preview.
    const bool upright = vips_image_get_orientation(header.get_image()) <= 1;
    const bool has_icc = header.get_typeof(VIPS_META_ICC_NAME) != 0;
    const bool plain = header.interpretation() == VIPS_INTERPRETATION_sRGB ||
                       header.interpretation() == VIPS_INTERPRETATION_B_W;
    if (format == Format::jpeg && !opt.crop && pixels <= opt.target_pixels && upright && !has_icc && plain) {
      if (auto stripped = strip_jpeg_metadata(data)) {
        auto load = vips::VImage::option()->set("fail_on", VIPS_FAIL_ON_ERROR);
        int shrink = 1;
        while (shrink < 8 && (pixels / ((shrink * 2) * (shrink * 2))) >= opt.small_pixels) shrink *= 2;
        if (shrink > 1) load->set("shrink", shrink);
        vips::VImage img = to_srgb8(vips::VImage::new_from_buffer(stripped->data(), stripped->size(), "", load));
        if (static_cast<std::int64_t>(img.width()) * img.height() > opt.small_pixels)
          img = fit(img, box_for_area(img.width(), img.height(), opt.small_pixels), true);
        img = img.copy_memory();  // decodes: a corrupt or truncated file fails here
        ProcessedImage out;
        out.original.format = Format::jpeg;
        out.original.width = header.width();
        out.original.height = header.height();
        out.original.data = std::move(*stripped);
        if (opt.want_small) out.small = encode(img, Format::jpeg);
        if (opt.want_blurhash) out.blurhash = blurhash_of(img);
        return out;
      }
    }

    // 2. Decode (truncated or corrupt data fails: fail_on=error), upright by the EXIF
    //    orientation, 8-bit sRGB, scaled to the target area or cropped to the box, in memory.
    //    why: an explicit load rather than vips_thumbnail_buffer, which ignores fail_on in 8.14
    //    and would turn a truncated file into a half-grey picture. JPEGs shrink on load.
    auto load = vips::VImage::option()->set("fail_on", VIPS_FAIL_ON_ERROR);
    if (format == Format::jpeg) {
      const std::int64_t need = opt.crop ? static_cast<std::int64_t>(opt.crop->first) * opt.crop->second * 4
                                         : opt.target_pixels;
      int shrink = 1;
      while (shrink < 8 && (pixels / ((shrink * 2) * (shrink * 2))) >= need) shrink *= 2;
      if (shrink > 1) load->set("shrink", shrink);
    }
    vips::VImage img = vips::VImage::new_from_buffer(data.data(), data.size(), "", load);
    img = img.autorot();
    if (img.get_typeof(VIPS_META_ICC_NAME) != 0) {
      // why: the profile is stripped on save, so colours are converted to sRGB first.
      try {
        img = img.icc_transform("srgb", vips::VImage::option()->set("embedded", true));
      } catch (const vips::VError&) {
        vips_error_clear();  // a broken profile: keep the pixels as they are
      }
    }
    img = to_srgb8(img);
    if (opt.crop) {
      img = img.thumbnail_image(opt.crop->first, vips::VImage::option()
                                                     ->set("height", opt.crop->second)
                                                     ->set("crop", VIPS_INTERESTING_CENTRE)
                                                     ->set("size", VIPS_SIZE_BOTH));
    } else if (static_cast<std::int64_t>(img.width()) * img.height() > opt.target_pixels) {
      img = fit(img, box_for_area(img.width(), img.height(), opt.target_pixels), false);
    }
    img = img.copy_memory();

    ProcessedImage out;
    const Format keep = format == Format::gif ? Format::png : format;
    out.original = encode(img, keep);
    if (!opt.crop && opt.want_small) {
      vips::VImage small = fit(img, box_for_area(img.width(), img.height(), opt.small_pixels), true).copy_memory();
      out.small = encode(small, keep == Format::png ? Format::png : Format::jpeg);
      if (opt.want_blurhash) out.blurhash = blurhash_of(small);
    } else if (opt.want_blurhash) {
      out.blurhash = blurhash_of(img);
    }
    return out;
  } catch (const vips::VError& e) {
    vips_error_clear();
    return fail(invalid(e.what()));
  }
}

}  // namespace parloir::media
