// gzip (RFC 1952) compression with zlib, for serving precompressed static files. http owns zlib.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace parloir::http {

// `data` gzip-compressed at the best level, with no file name or time in the header (so the
// output is the same for the same input). Returns "" only if zlib fails (out of memory).
std::string gzip_compress(std::string_view data);

// The data of a gzip stream, or nullopt when it is not valid gzip or inflates to more than
// `max_size` bytes.
std::optional<std::string> gzip_decompress(std::string_view gz, std::size_t max_size);

// True when an Accept-Encoding header value accepts gzip (a "gzip" or "x-gzip" coding not
// refused with q=0; "*" counts too).
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace parloir::http
