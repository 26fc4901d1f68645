// Env: what every API route needs — the services' dependencies, the blocking pool, and the
// instance's public description. Built once by app/ and shared read-only by all I/O threads.
#pragma once

#include <utility>  // why: boost/asio/awaitable.hpp uses std::exchange without it (g++ 12)

#include <cstdint>
#include <string>
#include <vector>

#include "api/rate_limit.h"
#include "api/render_cache.h"
#include "http/blocking_pool.h"
#include "services/deps.h"

namespace parloir::api {

class WebAssets;  // api/web/assets.h

// What the configuration says of the instance and admins cannot change at run time. Title,
// descriptions, contact, registration mode and languages are services::instance_settings(deps)
// (admin-changeable; instance_title() below).
struct InstanceDescription {
  std::string nodeinfo_software_name;   // "parloir" by default
  int max_characters = 500;
  bool private_instance = false;        // instance.private: see api/private_instance.h
  std::string federation_mode = "open";  // federation.mode: open | allowlist | off (v2 instance `parloir`)
  bool local_only_default = false;      // instance.local_only_default (v2 instance `parloir`)
  std::int64_t image_size_limit = 16777216;   // [media] limits, shown in configuration.media_attachments
  std::int64_t video_size_limit = 103809024;
  std::int64_t image_matrix_limit = 33177600;
};

struct Env {
  services::Deps deps;
  http::BlockingPool& pool;
  InstanceDescription instance;
  std::string scheme;      // "http" | "https"
  std::string domain;      // host[:port]
  std::string base_url;    // scheme://domain
  RateLimitConfig rate_limits;  // applied by register_routes
  RenderCache* render_cache = nullptr;  // optional; owned by app
  std::size_t media_body_limit = 100u << 20;  // request body limit of the upload routes
  const WebAssets* web_assets = nullptr;  // the built web app (api/web/); null = not built; owned by app
  std::string web_media_sources = "https:";  // web.media_sources: extra CSP img/media sources
  // Private instance: the secret that signs media file URLs (capability URLs, services/media.h
  // media_url_signature); empty = URLs are not signed (public instance).
  std::string media_url_secret{};
  std::string streaming_url() const { return (scheme == "https" ? "wss://" : "ws://") + domain; }
};

// "4.3.0+parloir-0.1.0": the Mastodon API level we implement, then our own version
// (mastodon-api.md §7: Mastodon.py, Phanpy and toot all parse it).
std::string mastodon_version_string();
// "0.1.0".
std::string parloir_version();
// The instance's current title (services/instance_settings.h; from memory).
std::string instance_title(const Env& env);

}  // namespace parloir::api
