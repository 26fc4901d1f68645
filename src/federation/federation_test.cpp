// Unit tests of the pure parts: signatures and digests, HTTP dates, URLs, the domain gate,
// retry policy, attachment parsing.
#include <gtest/gtest.h>

#include "crypto/rsa.h"
#include "federation/attachments.h"
#include "federation/delivery.h"
#include "federation/gate.h"
#include "federation/resolver.h"
#include "federation/signature.h"
#include "federation/url.h"

using namespace parloir::federation;

namespace {

TEST(Signature, ParsesCavageHeader) {
  auto s = parse_signature_header(
      R"(keyId="https://a.example/users/x#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="abc=")");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->key_id, "https://a.example/users/x#main-key");
  EXPECT_EQ(s->algorithm, "rsa-sha256");
  EXPECT_EQ(s->headers, (std::vector<std::string>{"(request-target)", "host", "date", "digest"}));
  EXPECT_EQ(s->signature, "abc=");
  auto d = parse_signature_header(R"(keyId="k",signature="s")");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->headers, std::vector<std::string>{"date"});
  EXPECT_FALSE(parse_signature_header(R"(keyId="k")"));
  EXPECT_FALSE(parse_signature_header(R"(keyId="k,signature="s)"));
}

TEST(Signature, DigestMatchesOnlyTheBody) {
  std::string h = digest_header("{\"a\":1}");
  EXPECT_EQ(h.rfind("SHA-256=", 0), 0u);
  EXPECT_TRUE(digest_matches(h, "{\"a\":1}"));
  EXPECT_TRUE(digest_matches("sha-256=" + h.substr(8), "{\"a\":1}"));
  EXPECT_FALSE(digest_matches(h, "{\"a\":2}"));
  EXPECT_FALSE(digest_matches("SHA-512=abc", "{\"a\":1}"));
  EXPECT_FALSE(digest_matches("SHA-256=AAAA", "{\"a\":1}"));
  EXPECT_FALSE(digest_matches("", "{\"a\":1}"));
}

TEST(Signature, HttpDatesRoundTrip) {
  EXPECT_EQ(http_date(784111777000), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777000);
  EXPECT_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date(""));
}

TEST(Signature, SignedPostVerifiesAndTamperingFails) {
  auto kp = parloir::crypto::generate_rsa_keypair(2048);
  ASSERT_TRUE(kp);
  auto p = sign_post("b.example", "/inbox", "{}", "https://a.example/users/x#main-key", kp->private_pem, 784111777000);
  ASSERT_TRUE(p);
  auto sig = parse_signature_header(p->signature);
  ASSERT_TRUE(sig);
  auto headers = [&](std::string_view name) -> std::string {
    if (name == "host") return p->host;
    if (name == "date") return p->date;
    if (name == "digest") return p->digest;
    return "";
  };
  auto text = signing_string(sig->headers, "POST", "/inbox", headers);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "(request-target): post /inbox\nhost: b.example\ndate: Sun, 06 Nov 1994 08:49:37 GMT\ndigest: " +
                       p->digest);
  EXPECT_TRUE(parloir::crypto::rsa_sha256_verify(kp->public_pem, *text, sig->signature));
  auto other_path = signing_string(sig->headers, "POST", "/users/y/inbox", headers);
  EXPECT_FALSE(parloir::crypto::rsa_sha256_verify(kp->public_pem, *other_path, sig->signature));
  EXPECT_FALSE(signing_string({"(request-target)", "x-missing"}, "POST", "/", headers));
}

TEST(Url, AuthorityIsTheIdentity) {
  auto u = parse_url("HTTPS://Social.Example:443/users/a?x=1#main-key");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->authority, "social.example");
  EXPECT_EQ(u->path, "/users/a?x=1");
  EXPECT_EQ(authority_of("http://127.0.0.1:8401/users/a"), "127.0.0.1:8401");
  EXPECT_TRUE(same_authority("https://a.example/x", "https://A.example/y"));
  EXPECT_FALSE(same_authority("https://a.example/x", "https://a.example.evil/y"));
  EXPECT_FALSE(same_authority("http://127.0.0.1:1/x", "http://127.0.0.1:2/x"));
  for (const char* bad : {"ftp://a.example/", "javascript:alert(1)", "https://user@a.example/", "https:///x",
                          "https://a.example:99999/", "https://a .example/", "/relative"})
    EXPECT_FALSE(parse_url(bad)) << bad;
  EXPECT_EQ(strip_fragment("https://a/x#k"), "https://a/x");
}

TEST(Gate, ModesAndMatching) {
  DomainGate open(Mode::open, {}, {"evil.example"});
  EXPECT_TRUE(open.permits("good.example"));
  EXPECT_FALSE(open.permits("evil.example"));
  EXPECT_FALSE(open.permits("sub.evil.example:8443"));
  EXPECT_TRUE(open.permits("notevil.example"));
  DomainGate allow(Mode::allowlist, {"127.0.0.1:8401", "school.example"}, {});
  EXPECT_TRUE(allow.permits("127.0.0.1:8401"));
  EXPECT_FALSE(allow.permits("127.0.0.1:8402"));
  EXPECT_TRUE(allow.permits("a.school.example"));
  EXPECT_FALSE(allow.permits("other.example"));
  allow.set_dynamic({"other.example"}, {});
  EXPECT_TRUE(allow.permits("other.example"));
  DomainGate off(Mode::off, {"a.example"}, {});
  EXPECT_FALSE(off.permits("a.example"));
  EXPECT_EQ(parse_mode("nonsense"), Mode::off);
}

TEST(Delivery, MastodonRetryPolicy) {
  EXPECT_EQ(classify_status(202), DeliveryOutcome::delivered);
  EXPECT_EQ(classify_status(404), DeliveryOutcome::give_up);
  EXPECT_EQ(classify_status(410), DeliveryOutcome::give_up);
  EXPECT_EQ(classify_status(501), DeliveryOutcome::give_up);
  for (long s : {401L, 408L, 429L, 500L, 502L, 503L, 0L}) EXPECT_EQ(classify_status(s), DeliveryOutcome::retry) << s;
  EXPECT_EQ(backoff_seconds(1), 15);
  EXPECT_EQ(backoff_seconds(2), 16);
  EXPECT_EQ(backoff_seconds(3), 31);
  std::int64_t total = 0;
  for (int n = 1; n < kMaxAttempts; ++n) total += backoff_seconds(n);
  EXPECT_GT(total, 24 * 3600);       // more than a day of retries
  EXPECT_LT(total, 4 * 24 * 3600);   // about two to three days
}

TEST(Resolver, ActivityPubMediaTypes) {
  EXPECT_TRUE(is_activitypub_media_type("application/activity+json"));
  EXPECT_TRUE(is_activitypub_media_type("application/activity+json; charset=utf-8"));
  EXPECT_TRUE(is_activitypub_media_type("application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""));
  EXPECT_FALSE(is_activitypub_media_type("application/ld+json"));
  EXPECT_FALSE(is_activitypub_media_type("application/json"));
  EXPECT_FALSE(is_activitypub_media_type("text/html"));
}

TEST(Signature, SignedGetVerifies) {
  auto pair = parloir::crypto::generate_rsa_keypair(2048);
  ASSERT_TRUE(pair);
  auto g = sign_get("b.example", "/users/x?page=1", "https://a.example/actor#main-key", pair->private_pem, 0);
  ASSERT_TRUE(g);
  auto sig = parse_signature_header(g->signature);
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->headers, (std::vector<std::string>{"(request-target)", "host", "date"}));
  auto text = signing_string(sig->headers, "GET", "/users/x?page=1", [&](std::string_view name) -> std::string {
    if (name == "host") return g->host;
    if (name == "date") return g->date;
    return "";
  });
  ASSERT_TRUE(text);
  EXPECT_TRUE(parloir::crypto::rsa_sha256_verify(pair->public_pem, *text, sig->signature));
  auto other = signing_string(sig->headers, "GET", "/users/y", [&](std::string_view name) -> std::string {
    return name == "host" ? g->host : g->date;
  });
  EXPECT_FALSE(parloir::crypto::rsa_sha256_verify(pair->public_pem, *other, sig->signature));
}

TEST(Attachments, ReadsWhatPeersSendAndDropsTheRest) {
  rapidjson::Document d;
  ASSERT_TRUE(parse_object(R"json({"attachment": [
    {"type": "Document", "mediaType": "image/jpeg", "url": "https://a.example/1.jpg", "name": "alt",
     "blurhash": "LEHV6nWB2yk8", "focalPoint": [0.5, -2], "width": 640, "height": 480},
    {"type": "Document", "mediaType": "image/png", "url": "javascript:alert(1)"},
    {"type": "Note", "url": "https://a.example/not-media"},
    {"type": "Video", "url": {"type": "Link", "href": "https://a.example/v.mp4"}},
    {"type": "Document", "url": [{"type": "Link", "href": "ftp://x"}, "https://a.example/a.mp3"], "mediaType": "audio/mpeg"},
    {"type": "Image", "url": "https://a.example/2.png"},
    {"type": "Image", "url": "https://a.example/3.png"}
  ]})json", d));
  auto a = read_attachments(get(d, "attachment"));
  ASSERT_EQ(a.size(), 4u);  // at most 4, unusable entries skipped
  EXPECT_EQ(a[0].url, "https://a.example/1.jpg");
  EXPECT_EQ(a[0].type, parloir::core::MediaType::image);
  EXPECT_EQ(a[0].description, "alt");
  EXPECT_EQ(a[0].blurhash, "LEHV6nWB2yk8");
  EXPECT_DOUBLE_EQ(a[0].focus_x, 0.5);
  EXPECT_DOUBLE_EQ(a[0].focus_y, -1.0);  // clamped
  EXPECT_EQ(a[0].width, 640);
  EXPECT_EQ(a[1].url, "https://a.example/v.mp4");
  EXPECT_EQ(a[1].type, parloir::core::MediaType::video);
  EXPECT_EQ(a[2].url, "https://a.example/a.mp3");
  EXPECT_EQ(a[2].type, parloir::core::MediaType::audio);
  EXPECT_EQ(a[3].url, "https://a.example/2.png");
  rapidjson::Document one;
  ASSERT_TRUE(parse_object(R"({"icon": {"type": "Image", "url": "https://a.example/me.png"}})", one));
  EXPECT_EQ(read_image_url(get(one, "icon")), "https://a.example/me.png");
  EXPECT_EQ(read_image_url(nullptr), "");
  EXPECT_EQ(content_type_for_key("ab/cd.jpg"), "image/jpeg");
  EXPECT_EQ(content_type_for_key("ab/cd.webm"), "video/webm");
  EXPECT_EQ(content_type_for_key("noext"), "application/octet-stream");
}

}  // namespace
