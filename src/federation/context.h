// Context: what every part of the federation module shares — the services' dependencies, the
// instance's identity, the SSRF-guarded HTTP client, the domain gate and the key cache. Built
// once by Federation (federation.h); everything reachable from it is thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/account.h"
#include "federation/gate.h"
#include "federation/keys.h"
#include "http/client.h"
#include "services/deps.h"

namespace parloir::federation {

class DomainHealth;  // domain_health.h

struct Settings {
  std::string base_url;  // "https://social.example"
  std::string domain;    // host[:port]
  int delivery_workers = 4;
  // Our actor/object/collection GETs and WebFinger require a valid HTTP signature from a
  // permitted domain (federation.authorized_fetch; always on for a private instance).
  bool authorized_fetch = false;
  // Deliveries failing for this long mark their domain unavailable (domain_health.h).
  std::int64_t unavailable_after_ms = 7LL * 24 * 3600 * 1000;
};

struct Context {
  services::Deps deps;
  Settings settings;
  const http::HttpClient& client;
  DomainGate& gate;
  KeyCache& keys;
  // Tells the remote-media fetcher that files were queued (no-op until set by Federation).
  std::function<void()> wake_media_fetcher;
  // Unavailable domains (set by Federation; null only in tests that build a bare Context).
  DomainHealth* health = nullptr;

  // Our ActivityPub ids (the API serializers derive the same ones).
  std::string actor_uri(const core::Account& a) const {
    return a.is_local() || a.uri.empty() ? settings.base_url + "/users/" + a.username : a.uri;
  }
  std::string profile_url(const core::Account& a) const {
    return a.is_local() || a.url.empty() ? settings.base_url + "/@" + a.username : a.url;
  }
  std::string key_id(const core::Account& a) const { return actor_uri(a) + "#main-key"; }
  std::string shared_inbox() const { return settings.base_url + "/inbox"; }
  // The instance actor (an Application that signs our GETs; served without a signature).
  std::string instance_actor_uri() const { return settings.base_url + "/actor"; }
};

}  // namespace parloir::federation
