// Serving a file from disk: HTTP validators (ETag, Last-Modified), conditional GETs (304),
// single byte ranges (206, RFC 9110 §14) and If-Range. The body is not read into memory: the
// Response carries the open file (FileBody) and the session streams the chosen byte range
// with sendfile(2). Independent of Mastodon; pure apart from fstat-free inputs (thread-safe).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.h"

namespace parloir::http {

// A parsed Range header against a representation of `size` bytes.
struct RangeSpec {
  enum class Kind {
    none,           // no Range header, or one we ignore (bad syntax, other unit, several ranges): 200
    satisfiable,    // one range: 206 with bytes first..last
    unsatisfiable,  // 416 with Content-Range: bytes */size
  };
  Kind kind = Kind::none;
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
};

// RFC 9110 §14.1.2: "bytes=a-b", "bytes=a-", "bytes=-n" (one range; end clamped to the size).
// Several ranges are answered with the whole representation (allowed by §14.2), as is anything
// malformed; a first position at or past the end, or "-0", is unsatisfiable.
RangeSpec parse_range(std::string_view header, std::uint64_t size);

// The facts of a file to serve.
struct FileFacts {
  std::uint64_t size = 0;
  std::int64_t modified_ms = 0;  // Last-Modified (seconds precision on the wire)
};

// "\"<size hex>-<mtime ms hex>\"": a strong validator (stored media never change in place).
std::string file_etag(const FileFacts& facts);
// IMF-fixdate of `unix_seconds` ("Sun, 06 Nov 1994 08:49:37 GMT").
std::string http_date_of(std::int64_t unix_seconds);

// The response for GET/HEAD of an open file: 304 when If-None-Match (or, without it,
// If-Modified-Since, compared as the exact Last-Modified text) matches; 416 for an
// unsatisfiable range; 206 with Content-Range for one satisfiable range (If-Range must match
// the ETag or the Last-Modified text, else the whole file); 200 otherwise. Always sets
// Accept-Ranges, ETag and Last-Modified. Takes ownership of `fd` (closed by the Response, or
// at once when no body is sent). `content_type` is the Content-Type of 200/206.
Response file_response(const Request& req, int fd, const FileFacts& facts, std::string content_type);

}  // namespace parloir::http
