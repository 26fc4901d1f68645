// Secrets and digests: random tokens from the OS CSPRNG (libsodium), SHA-256, base64url, and
// constant-time comparison. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace parloir::crypto {

// `bytes` random bytes encoded as unpadded base64url (32 bytes -> 43 characters).
std::string random_token(std::size_t bytes = 32);

// A random password of `length` characters from [A-Za-z0-9] (for generated admin passwords).
std::string random_password(std::size_t length = 24);

// Raw 32-byte SHA-256 digest.
std::string sha256(std::string_view data);
// Lower-case hex SHA-256 (how tokens and codes are stored).
std::string sha256_hex(std::string_view data);

// Unpadded base64url of raw bytes.
std::string base64url(std::string_view bytes);

// Constant-time equality of two strings (length may leak).
bool constant_time_equal(std::string_view a, std::string_view b);

// PKCE S256: base64url(sha256(verifier)) == challenge, compared in constant time.
bool pkce_s256_matches(std::string_view verifier, std::string_view challenge);

}  // namespace parloir::crypto
