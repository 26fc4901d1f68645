// RSA keys for ActivityPub actors (HTTP Signatures, rsa-sha256): generation, PEM encoding,
// PKCS#1 v1.5 signatures over SHA-256, and standard base64. OpenSSL 3. Thread-safe (no shared
// state; every call builds its own OpenSSL objects).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "util/result.h"

namespace parloir::crypto {

struct RsaKeyPair {
  std::string private_pem;  // PKCS#8 "-----BEGIN PRIVATE KEY-----"
  std::string public_pem;   // SubjectPublicKeyInfo "-----BEGIN PUBLIC KEY-----"
};

// A fresh RSA key pair of `bits` bits (2048 for actors; ~50-200 ms). Fails only on an OpenSSL error.
util::Result<RsaKeyPair> generate_rsa_keypair(int bits = 2048);

// RSASSA-PKCS1-v1_5 with SHA-256 over `data`, returned as standard (padded) base64.
// Errors: bad_request when `private_pem` is not an RSA private key.
util::Result<std::string> rsa_sha256_sign(std::string_view private_pem, std::string_view data);

// True when `signature_b64` (standard base64) is a valid RSA-SHA256 signature of `data` by the
// RSA public key `public_pem` (SubjectPublicKeyInfo "BEGIN PUBLIC KEY", what Mastodon,
// GoToSocial and Fedify publish). Any malformed
// input (bad PEM, non-RSA key, key under 1024 bits, bad base64) is simply false.
bool rsa_sha256_verify(std::string_view public_pem, std::string_view data, std::string_view signature_b64);

// An RSA public key parsed once (PEM decoding costs far more than a verification), for callers
// that verify many signatures by the same key (the inbox). Immutable; verify() is thread-safe.
class RsaPublicKey {
 public:
  // nullptr unless `public_pem` is an RSA SubjectPublicKeyInfo of at least 1024 bits.
  static std::shared_ptr<const RsaPublicKey> parse(std::string_view public_pem);
  // As rsa_sha256_verify, with this key.
  bool verify(std::string_view data, std::string_view signature_b64) const;
  ~RsaPublicKey();
  RsaPublicKey(const RsaPublicKey&) = delete;
  RsaPublicKey& operator=(const RsaPublicKey&) = delete;

 private:
  explicit RsaPublicKey(void* key) : key_(key) {}
  void* key_;  // EVP_PKEY*, owned (opaque here: only crypto/ includes OpenSSL)
};

// Standard base64 with padding (RFC 4648 §4), as HTTP Digest and Signature headers use.
std::string base64(std::string_view bytes);

}  // namespace parloir::crypto
