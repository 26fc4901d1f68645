// HMAC-SHA-256 (libsodium). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace parloir::crypto {

// Raw 32-byte HMAC-SHA-256 of `data` under `key` (any key length).
std::string hmac_sha256(std::string_view key, std::string_view data);

}  // namespace parloir::crypto
