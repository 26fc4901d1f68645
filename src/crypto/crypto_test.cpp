#include <gtest/gtest.h>

#include "crypto/hmac.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "util/strings.h"

using namespace parloir::crypto;

TEST(Password, HashVerifiesOnlyTheRightPassword) {
  ASSERT_TRUE(init());
  auto h = hash_password("correct horse");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password("correct horse", *h));
  EXPECT_FALSE(verify_password("wrong horse", *h));
  EXPECT_FALSE(verify_password("x", "not a hash"));
}

TEST(Random, TokensAreUrlSafeAndDistinct) {
  ASSERT_TRUE(init());
  auto a = random_token();
  auto b = random_token();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
}

TEST(Random, Sha256AndPkceMatchRfc7636Example) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 7636 appendix B.
  EXPECT_TRUE(pkce_s256_matches("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
  EXPECT_FALSE(pkce_s256_matches("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "nope"));
}


#include "crypto/rsa.h"

namespace {

TEST(Rsa, SignsAndVerifies) {
  auto kp = parloir::crypto::generate_rsa_keypair(2048);
  ASSERT_TRUE(kp);
  EXPECT_NE(kp->private_pem.find("BEGIN PRIVATE KEY"), std::string::npos);
  EXPECT_NE(kp->public_pem.find("BEGIN PUBLIC KEY"), std::string::npos);
  auto sig = parloir::crypto::rsa_sha256_sign(kp->private_pem, "(request-target): post /inbox");
  ASSERT_TRUE(sig);
  EXPECT_TRUE(parloir::crypto::rsa_sha256_verify(kp->public_pem, "(request-target): post /inbox", *sig));
  EXPECT_FALSE(parloir::crypto::rsa_sha256_verify(kp->public_pem, "(request-target): post /inboX", *sig));
  EXPECT_FALSE(parloir::crypto::rsa_sha256_verify(kp->public_pem, "x", "not base64!"));
  EXPECT_FALSE(parloir::crypto::rsa_sha256_verify("garbage", "x", *sig));
  auto other = parloir::crypto::generate_rsa_keypair(2048);
  ASSERT_TRUE(other);
  EXPECT_FALSE(parloir::crypto::rsa_sha256_verify(other->public_pem, "(request-target): post /inbox", *sig));
  EXPECT_FALSE(parloir::crypto::rsa_sha256_sign("garbage", "x"));
}

TEST(Rsa, ParsedPublicKeyVerifiesLikeThePem) {
  auto kp = parloir::crypto::generate_rsa_keypair(2048);
  ASSERT_TRUE(kp);
  auto sig = parloir::crypto::rsa_sha256_sign(kp->private_pem, "date: x");
  ASSERT_TRUE(sig);
  auto key = parloir::crypto::RsaPublicKey::parse(kp->public_pem);
  ASSERT_TRUE(key);
  EXPECT_TRUE(key->verify("date: x", *sig));
  EXPECT_TRUE(key->verify("date: x", *sig));  // reusable
  EXPECT_FALSE(key->verify("date: y", *sig));
  EXPECT_FALSE(key->verify("date: x", "not base64!"));
  EXPECT_FALSE(parloir::crypto::RsaPublicKey::parse("garbage"));
  EXPECT_FALSE(parloir::crypto::RsaPublicKey::parse(kp->private_pem));  // not a public key
}

TEST(Rsa, Base64MatchesRfc4648) {
  using parloir::crypto::base64;
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
}

}  // namespace

TEST(Hmac, Sha256MatchesRfc4231Case2) {
  ASSERT_TRUE(init());
  EXPECT_EQ(parloir::util::to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}
