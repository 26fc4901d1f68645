// Password hashing with Argon2id (libsodium crypto_pwhash_str, "interactive" limits).
// Slow on purpose (~50-100 ms): call from the blocking pool. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace parloir::crypto {

// Call once at start-up before any other crypto function. False if libsodium cannot start.
bool init();

// Returns the encoded hash ("$argon2id$v=19$...") or an internal error (out of memory).
util::Result<std::string> hash_password(std::string_view password);

// True when `password` matches `encoded`. A malformed hash never matches.
bool verify_password(std::string_view password, const std::string& encoded);

}  // namespace parloir::crypto
