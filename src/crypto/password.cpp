#include "crypto/password.h"

#include <sodium.h>

namespace parloir::crypto {

bool init() { return sodium_init() >= 0; }

util::Result<std::string> hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return util::fail(util::ErrorCode::internal, "Internal error", "crypto_pwhash_str failed (out of memory)");
  return std::string(out);
}

bool verify_password(std::string_view password, const std::string& encoded) {
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

}  // namespace parloir::crypto
