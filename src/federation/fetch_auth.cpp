#include "federation/fetch_auth.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "crypto/rsa.h"
#include "federation/documents.h"
#include "federation/json.h"
#include "federation/signature.h"
#include "federation/url.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::federation {

namespace {

constexpr std::int64_t kClockSkewMs = 3600 * 1000;

std::optional<FetchRefusal> refuse(unsigned status, std::string message) {
  return FetchRefusal{status, std::move(message)};
}

}  // namespace

void sign_fetch(Context& ctx, http::ClientRequest& req) {
  auto url = parse_url(req.url);
  if (!url) return;
  auto keys = ctx.keys.instance(ctx.deps);
  if (!keys) {
    spdlog::warn("federation: instance key unavailable, fetching unsigned: {}", keys.error().detail);
    return;
  }
  auto s = sign_get(url->authority, url->path, ctx.instance_actor_uri() + "#main-key", keys->private_pem,
                    util::now_ms());
  if (!s) return;
  req.headers.emplace_back("Host", s->host);
  req.headers.emplace_back("Date", s->date);
  req.headers.emplace_back("Signature", s->signature);
}

std::optional<FetchRefusal> check_signed_fetch(Context& ctx, Resolver& resolver, const http::Request& req) {
  if (!ctx.settings.authorized_fetch) return std::nullopt;
  std::string header(req.header("Signature"));
  if (header.empty()) return refuse(401, "Request not signed");
  auto sig = parse_signature_header(header);
  if (!sig) return refuse(401, "Malformed Signature header");
  if (!sig->algorithm.empty() && sig->algorithm != "rsa-sha256" && sig->algorithm != "hs2019")
    return refuse(401, "Unsupported signature algorithm");
  for (const char* required : {"(request-target)", "host", "date"})
    if (std::find(sig->headers.begin(), sig->headers.end(), required) == sig->headers.end())
      return refuse(401, std::string("Signature must cover ") + required);
  if (util::to_lower(req.header("Host")) != ctx.settings.domain) return refuse(401, "Signed for another host");
  auto date = parse_http_date(req.header("Date"));
  const std::int64_t now = util::now_ms();
  if (!date || *date < now - kClockSkewMs || *date > now + kClockSkewMs) return refuse(401, "Date out of range");
  std::string actor_uri(strip_fragment(sig->key_id));
  auto actor_url = parse_url(actor_uri);
  if (!actor_url) return refuse(401, "Invalid keyId");
  if (actor_url->authority == ctx.settings.domain) return refuse(401, "Local keys do not sign fetches");
  if (!ctx.gate.permits(actor_url->authority)) return refuse(403, "Domain not allowed");

  auto raw_target = req.raw.target();
  std::string target(raw_target.data(), raw_target.size());
  auto header_of = [&](std::string_view name) { return std::string(req.header(name)); };
  auto verifies = [&](const core::Account& actor) {
    std::string pem;
    (void)ctx.deps.store.read([&](store::Tx& tx) -> util::Status {
      auto ra = tx.federation().find_remote_actor(actor.id);
      if (ra && *ra && (*ra)->key_id == sig->key_id) pem = (*ra)->public_key_pem;
      return {};
    });
    if (pem.empty()) return false;
    for (const std::string& t : {target, req.path}) {
      auto text = signing_string(sig->headers, "get", t, header_of);
      if (text && crypto::rsa_sha256_verify(pem, *text, sig->signature)) return true;
    }
    return false;
  };
  auto actor = resolver.actor(actor_uri, false);
  if (!actor) return refuse(401, "Cannot verify the signer's key");
  if (!verifies(*actor)) {
    if (!resolver.may_refetch(actor_uri)) return refuse(401, "Signature verification failed");
    actor = resolver.actor(actor_uri, true);  // the key may have rotated (at most once a minute)
    if (!actor || !verifies(*actor)) return refuse(401, "Signature verification failed");
  }
  if (actor->suspended()) return refuse(403, "Signer is suspended");
  return std::nullopt;
}

std::string instance_actor_document(const Context& ctx, const std::string& public_pem) {
  const std::string id = ctx.instance_actor_uri();
  JsonWriter w;
  w.begin_object();
  write_context(w);
  w.field("id", id);
  w.field("type", "Application");
  w.field("preferredUsername", ctx.settings.domain);
  w.field("name", ctx.settings.domain);
  w.field("inbox", ctx.shared_inbox());
  w.field("url", ctx.settings.base_url + "/about");
  w.field("manuallyApprovesFollowers", true);
  w.key("endpoints").begin_object().field("sharedInbox", ctx.shared_inbox()).end_object();
  w.key("publicKey").begin_object().field("id", id + "#main-key").field("owner", id).field("publicKeyPem", public_pem).end_object();
  w.end_object();
  return w.take();
}

}  // namespace parloir::federation
