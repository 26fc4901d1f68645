#include "services/media_urls.h"

#include "crypto/hmac.h"
#include "crypto/random.h"

namespace parloir::services {

namespace {
constexpr const char* kSecretKey = "media.url_secret";
}

util::Result<std::string> media_url_secret(const Deps& deps) {
  std::string secret;
  // why: a write transaction, so two processes starting at once agree on one secret.
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto existing = tx.meta().get(kSecretKey);
    if (!existing) return util::fail(existing.error());
    if (*existing && !(*existing)->empty()) {
      secret = **existing;
      return {};
    }
    secret = crypto::random_token(32);
    return tx.meta().put(kSecretKey, secret);
  });
  if (!st) return util::fail(st.error());
  return secret;
}

std::string media_url_signature(std::string_view secret, std::string_view key) {
  std::string data = "media:";
  data += key;
  std::string mac = crypto::hmac_sha256(secret, data);
  return crypto::base64url(std::string_view(mac).substr(0, 16));
}

bool media_url_signature_valid(std::string_view secret, std::string_view key, std::string_view signature) {
  if (signature.size() != 22) return false;
  return crypto::constant_time_equal(media_url_signature(secret, key), signature);
}

}  // namespace parloir::services
