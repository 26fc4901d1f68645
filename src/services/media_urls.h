// Capability URLs for media files on a private instance (instance.private): a file URL carries
// an HMAC of its storage key under a secret of the instance, so Mastodon apps — which load
// images without an Authorization header — can show them, while a URL nobody was given (a
// guessed, altered or unsigned one) is refused. The signature depends only on the key, so
// rendered JSON stays cacheable; deleting the media deletes the file, so its URL stops working.
#pragma once

#include <string>
#include <string_view>

#include "services/deps.h"
#include "util/result.h"

namespace parloir::services {

// The instance's media URL secret: read from the store (meta key "media.url_secret"), created
// (256 random bits) and stored on first use, so URLs survive restarts. Blocking.
util::Result<std::string> media_url_secret(const Deps& deps);

// The signature of storage key `key`: the first 128 bits of HMAC-SHA-256(secret, "media:" +
// key), base64url (22 characters).
std::string media_url_signature(std::string_view secret, std::string_view key);

// True when `signature` is `key`'s (constant-time comparison).
bool media_url_signature_valid(std::string_view secret, std::string_view key, std::string_view signature);

}  // namespace parloir::services
