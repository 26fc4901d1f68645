// HTTP Signatures (draft-cavage-http-signatures-12, as Mastodon, GoToSocial and Fedify 1.5 use
// them) and the Digest header (RFC 3230, SHA-256). Pure functions over header values; the
// inbox (verification policy) and the delivery worker (signing) build on them. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace parloir::federation {

// The parameters of a `Signature:` header.
struct SignatureHeader {
  std::string key_id;
  std::string algorithm;             // "" when absent
  std::vector<std::string> headers;  // lower-case; {"date"} when absent (the spec's default)
  std::string signature;             // base64
};

// Parses `keyId="…",algorithm="…",headers="…",signature="…"`; nullopt when keyId or signature
// is missing or the syntax is broken. Unknown parameters are ignored.
std::optional<SignatureHeader> parse_signature_header(std::string_view value);

// The string that is signed: one "name: value" line per signed header, in the listed order,
// joined by '\n'. "(request-target)" is "<method lower-case> <target>". `header_value` returns a
// request header's value ("" when absent). nullopt when a listed header is absent.
std::optional<std::string> signing_string(const std::vector<std::string>& headers, std::string_view method,
                                          std::string_view target,
                                          const std::function<std::string(std::string_view)>& header_value);

// "SHA-256=<base64 of the SHA-256 of body>".
std::string digest_header(std::string_view body);
// True when the Digest header carries a SHA-256 entry (algorithm name case-insensitive; other
// entries ignored) that decodes to 32 bytes equal to SHA-256(body).
bool digest_matches(std::string_view header, std::string_view body);

// RFC 7231 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and its inverse (also accepts the
// obsolete RFC 850 / asctime forms' common subset: no; only IMF-fixdate). Unix ms.
std::string http_date(std::int64_t unix_ms);
std::optional<std::int64_t> parse_http_date(std::string_view text);

// The headers of a signed POST: Host, Date, Digest, Signature (rsa-sha256 over
// "(request-target) host date digest").
struct SignedPost {
  std::string host;
  std::string date;
  std::string digest;
  std::string signature;
};
// `path` is the request target (path and query) of the inbox; `host` its authority.
util::Result<SignedPost> sign_post(std::string_view host, std::string_view path, std::string_view body,
                                   const std::string& key_id, const std::string& private_pem, std::int64_t now_ms);

// The headers of a signed GET (authorized fetch, as Mastodon and Fedify send them): Host, Date,
// Signature (rsa-sha256 over "(request-target) host date"). `path` includes the query.
struct SignedGet {
  std::string host;
  std::string date;
  std::string signature;
};
util::Result<SignedGet> sign_get(std::string_view host, std::string_view path, const std::string& key_id,
                                 const std::string& private_pem, std::int64_t now_ms);

}  // namespace parloir::federation
