#include "crypto/rsa.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>

#include "util/strings.h"

namespace parloir::crypto {

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

Bio read_bio(std::string_view pem) {
  return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

Pkey load_public(std::string_view pem) {
  Bio bio = read_bio(pem);
  if (!bio) return nullptr;
  return Pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
}

}  // namespace

util::Result<RsaKeyPair> generate_rsa_keypair(int bits) {
  std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), static_cast<unsigned>(bits)) <= 0 ||
      EVP_PKEY_generate(ctx.get(), &raw) <= 0)
    return util::fail(util::ErrorCode::internal, "Key generation failed", "EVP_PKEY_generate");
  Pkey key(raw);
  Bio priv(BIO_new(BIO_s_mem())), pub(BIO_new(BIO_s_mem()));
  if (!priv || !pub || PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1)
    return util::fail(util::ErrorCode::internal, "Key generation failed", "PEM_write");
  return RsaKeyPair{bio_string(priv.get()), bio_string(pub.get())};
}

util::Result<std::string> rsa_sha256_sign(std::string_view private_pem, std::string_view data) {
  Bio bio = read_bio(private_pem);
  Pkey key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
    return util::fail(util::ErrorCode::bad_request, "Invalid private key");
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  std::size_t len = 0;
  if (!md || EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(md.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    return util::fail(util::ErrorCode::internal, "Signing failed");
  std::string sig(len, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    return util::fail(util::ErrorCode::internal, "Signing failed");
  sig.resize(len);
  return base64(sig);
}

namespace {

bool verify_with(EVP_PKEY* key, std::string_view data, std::string_view signature_b64) {
  auto sig = util::base64_decode(signature_b64);
  if (!sig || sig->empty()) return false;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key) != 1) return false;
  return EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(sig->data()), sig->size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

bool usable_rsa(const Pkey& key) {
  return key && EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA && EVP_PKEY_get_bits(key.get()) >= 1024;
}

}  // namespace

bool rsa_sha256_verify(std::string_view public_pem, std::string_view data, std::string_view signature_b64) {
  Pkey key = load_public(public_pem);
  if (!usable_rsa(key)) return false;
  return verify_with(key.get(), data, signature_b64);
}

std::shared_ptr<const RsaPublicKey> RsaPublicKey::parse(std::string_view public_pem) {
  Pkey key = load_public(public_pem);
  if (!usable_rsa(key)) return nullptr;
  return std::shared_ptr<const RsaPublicKey>(new RsaPublicKey(key.release()));
}

bool RsaPublicKey::verify(std::string_view data, std::string_view signature_b64) const {
  return verify_with(static_cast<EVP_PKEY*>(key_), data, signature_b64);
}

RsaPublicKey::~RsaPublicKey() { EVP_PKEY_free(static_cast<EVP_PKEY*>(key_)); }

std::string base64(std::string_view bytes) {
  static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += table[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? table[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace parloir::crypto
