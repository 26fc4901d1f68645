#include "media/sniff.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace parloir::media {

namespace {

bool starts_with(std::string_view d, std::string_view magic) { return d.substr(0, magic.size()) == magic; }

}  // namespace

std::optional<Format> sniff(std::string_view d) {
  if (d.size() < 12) return std::nullopt;
  if (starts_with(d, "\xFF\xD8\xFF")) return Format::jpeg;
  if (starts_with(d, "\x89PNG\r\n\x1A\n")) return Format::png;
  if (starts_with(d, "GIF87a") || starts_with(d, "GIF89a")) return Format::gif;
  if (starts_with(d, "RIFF") && d.substr(8, 4) == "WEBP") return Format::webp;
  if (starts_with(d, "RIFF") && d.substr(8, 4) == "WAVE") return Format::wav;
  if (d.substr(4, 4) == "ftyp") return Format::mp4;
  if (starts_with(d, "\x1A\x45\xDF\xA3")) return Format::webm;
  if (starts_with(d, "OggS")) return Format::ogg;
  if (starts_with(d, "fLaC")) return Format::flac;
  if (starts_with(d, "ID3")) return Format::mp3;
  // An MPEG audio frame sync (11 set bits), layer III, not a reserved version.
  auto b0 = static_cast<unsigned char>(d[0]), b1 = static_cast<unsigned char>(d[1]);
  if (b0 == 0xFF && (b1 & 0xE0) == 0xE0 && (b1 & 0x06) == 0x02 && (b1 & 0x18) != 0x08) return Format::mp3;
  return std::nullopt;
}

bool looks_like_markup(std::string_view data) {
  std::string head(data.substr(0, 1024));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  // why: not "<?xml" — XMP metadata in real photos may carry it; SVG is caught by "<svg".
  static constexpr std::array<std::string_view, 8> needles = {"<svg", "<html", "<script", "<!doctype",
                                                              "%!ps", "%pdf",  "<body",   "<iframe"};
  for (auto n : needles)
    if (head.find(n) != std::string::npos) return true;
  return false;
}

Kind kind_of(Format f) {
  switch (f) {
    case Format::jpeg:
    case Format::png:
    case Format::webp:
    case Format::gif: return Kind::image;
    case Format::mp4:
    case Format::webm: return Kind::video;
    case Format::ogg:
    case Format::mp3:
    case Format::wav:
    case Format::flac: return Kind::audio;
  }
  return Kind::image;
}

std::string_view mime_type(Format f) {
  switch (f) {
    case Format::jpeg: return "image/jpeg";
    case Format::png: return "image/png";
    case Format::webp: return "image/webp";
    case Format::gif: return "image/gif";
    case Format::mp4: return "video/mp4";
    case Format::webm: return "video/webm";
    case Format::ogg: return "audio/ogg";
    case Format::mp3: return "audio/mpeg";
    case Format::wav: return "audio/wave";
    case Format::flac: return "audio/flac";
  }
  return "application/octet-stream";
}

std::string_view extension(Format f) {
  switch (f) {
    case Format::jpeg: return "jpg";
    case Format::png: return "png";
    case Format::webp: return "webp";
    case Format::gif: return "gif";
    case Format::mp4: return "mp4";
    case Format::webm: return "webm";
    case Format::ogg: return "ogg";
    case Format::mp3: return "mp3";
    case Format::wav: return "wav";
    case Format::flac: return "flac";
  }
  return "bin";
}

}  // namespace parloir::media
