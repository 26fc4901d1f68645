// Lossless metadata removal from a JPEG: rewrites the file's segments, keeping only what a
// decoder needs (frame, scans, tables, restart intervals, the JFIF and Adobe colour-transform
// markers) and dropping every other APPn segment (EXIF with GPS, XMP, ICC, IPTC, maker notes),
// comments, and anything after the end-of-image marker (polyglot payloads). The compressed
// image data is copied unchanged, so there is no recompression loss. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parloir::media {

// nullopt when `jpeg` is not a well-formed sequence of JPEG segments ending with EOI.
std::optional<std::string> strip_jpeg_metadata(std::string_view jpeg);

}  // namespace parloir::media
