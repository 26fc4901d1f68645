// Content sniffing: what a file is, decided from its first bytes only (never from its name or
// the type a client declared). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace parloir::media {

enum class Format { jpeg, png, webp, gif, mp4, webm, ogg, mp3, wav, flac };

enum class Kind { image, video, audio };

// The format whose magic bytes `data` starts with, or nullopt for anything else (SVG, HTML,
// PostScript, PDF, text, truncated headers...). MP4/MOV are recognised by an `ftyp` box;
// WebM/Matroska by the EBML magic; audio by the RIFF/WAVE, fLaC, OggS, ID3 or MPEG frame sync.
std::optional<Format> sniff(std::string_view data);

// True when the first KiB of `data` looks like markup or a script a browser or an interpreter
// would act on (<svg, <html, <script, <!DOCTYPE, <body, <iframe, %!PS, %PDF): such files are refused
// even when their first bytes are also a valid image magic (polyglots).
bool looks_like_markup(std::string_view data);

Kind kind_of(Format f);
std::string_view mime_type(Format f);   // "image/jpeg"...
std::string_view extension(Format f);   // "jpg", "png"... (no dot)

}  // namespace parloir::media
