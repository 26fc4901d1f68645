// Config: every setting of a Parloir instance, loaded from (lowest to highest precedence)
// built-in defaults, a TOML file, environment variables PARLOIR_<SECTION>_<KEY>, and command-line
// flags. Built once by app/ at start-up, then read-only (safe to share between threads).
// docs/configuration.md documents every key; keep it in sync with kKeys in config.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace parloir::app {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  std::string url = "http://localhost:8080";  // public base URL; the instance domain is its host[:port]
  int io_threads = 2;
  int blocking_threads = 4;
  int max_connections = 10000;
  int header_limit = 16 * 1024;
  int body_limit = 1024 * 1024;
  std::int64_t read_timeout_s = 30;
  std::int64_t idle_timeout_s = 75;
};

struct StorageConfig {
  std::string data_dir = "./data";
  int read_connections = 4;    // pooled SQLite read connections
  // why 8 + 4 × 2 MiB (was 16 + 4 × 4, before that 32 + 4 × 8): issue 4's RSS bound (150 MB on
  // the 10k social benchmark); the OS page cache still holds the file (bench/RESULTS.md,
  // "Memory, session 6").
  int writer_cache_mib = 4;    // SQLite page cache of the writer connection
  int reader_cache_mib = 2;    // SQLite page cache of each read connection
};

// One entry of instance.rules: a string, or a table {text, hint}.
struct RuleSetting {
  std::string text;
  std::string hint;
};

struct InstanceConfig {
  std::string title = "Parloir";
  std::string description = "A Parloir instance.";
  std::string contact_email;
  int max_characters = 500;
  std::string registrations = "open";  // open | approval | invite | closed
  bool private_instance = false;       // instance.private: nothing readable without a user token
  std::vector<std::string> email_domain_allowlist;  // lower-case; empty = any domain
  std::vector<std::string> email_domain_denylist;
  std::vector<std::string> default_follows;  // local usernames every new member follows
  std::vector<RuleSetting> rules;  // instance.rules: seeded into the database on first start
  bool local_only_default = false;
  int min_expires_in = 60;         // bounds of `expires_in` (seconds) on new statuses
  int max_expires_in = 31536000;
  std::string nodeinfo_software_name = "parloir";
  std::vector<std::string> languages = {"en"};
  int min_schedule_seconds = 300;  // scheduled_at must be at least this far in the future
  int min_poll_expiration_seconds = 300;  // a poll must run at least this long (Mastodon: 5 minutes)
};

// One throttle: `limit` requests per `period_s` seconds.
struct RateLimitSetting {
  std::int64_t limit = 300;
  std::int64_t period_s = 300;
};

// [rate_limits]: Mastodon's defaults (see api/rate_limit.h for what each one counts).
struct RateLimitsConfig {
  bool enabled = true;
  std::int64_t authenticated = 300;  // per token, per `period`
  std::int64_t anonymous = 300;      // per IP, per `period`
  std::int64_t period_s = 300;
  RateLimitSetting sign_ups{5, 1800};
  RateLimitSetting media{30, 1800};
  RateLimitSetting deletes{30, 1800};
  RateLimitSetting failed_logins{25, 300};
};

// [federation]: ActivityPub (docs/configuration.md, docs/federation.md).
struct FederationConfig {
  std::string mode = "open";  // open | allowlist | off
  bool allow_http = false;    // plain http:// peers (tests on loopback only)
  std::vector<std::string> allow_private_addresses;  // CIDRs exempt from the SSRF guard
  std::vector<std::string> allowed_domains;          // allowlist mode: the only peers
  std::vector<std::string> blocked_domains;          // open mode: refused peers
  int delivery_workers = 4;                          // threads sending queued deliveries
  bool authorized_fetch = false;  // our ActivityPub GETs need a signature (on for private instances)
  std::int64_t unavailable_after_s = 7 * 24 * 3600;  // failing deliveries for this long: domain unavailable
};

// [media]: upload limits (Mastodon's defaults) and how much image decoding may run at once.
struct MediaConfig {
  std::int64_t image_size_limit = 16 * 1024 * 1024;  // bytes
  std::int64_t video_size_limit = 99 * 1024 * 1024;  // bytes, video and audio
  std::int64_t image_matrix_limit = 33'177'600;      // pixels read from the header, else 422
  std::int64_t animation_pixel_limit = 100'000'000;  // frames x pixels of an animated GIF/WebP, else 422
  int processing_slots = 2;                          // images/videos processed at once
  int vips_threads = 1;                              // libvips worker threads per image
  std::int64_t unattached_ttl_s = 24 * 3600;         // unattached uploads are removed after this
  std::int64_t remote_cache_retention_s = 0;         // cached remote media older than this are pruned; 0 = kept
};

// The streaming API (api/streaming/streaming.h, http/stream.h).
struct StreamingConfig {
  int max_connections_per_token = 100;
  int max_connections_per_ip = 1000;
  int queue_bytes = 1024 * 1024;  // per connection, before a client that does not read is dropped
  std::int64_t ping_timeout_s = 60;  // a silent WebSocket is pinged after half, dropped after all
  std::int64_t sse_heartbeat_s = 15;
};

// [web]: the browser app served at / (api/web/app.h).
struct WebConfig {
  std::string root;                    // web.root: a built web/dist on disk; "" = the embedded build,
                                       // else the source tree's web/dist when it exists
  std::string media_sources = "https:";  // extra img-src/media-src of the app's CSP (remote media)
};

struct LogConfig {
  std::string level = "info";
  std::string access_log;  // "" = <data_dir>/access.log, "off", "-" = stdout, or a path
};

struct Config {
  ServerConfig server;
  StorageConfig storage;
  InstanceConfig instance;
  LogConfig log;
  RateLimitsConfig rate_limits;
  FederationConfig federation;
  MediaConfig media;
  StreamingConfig streaming;
  WebConfig web;

  // Derived from server.url.
  std::string scheme;  // "http" | "https"
  std::string domain;  // host[:port], lower-case
  std::string host;    // host only
  std::string base_url;  // scheme://domain (no trailing slash)
  std::string listen_host;
  std::uint16_t listen_port = 0;

  std::string database_path() const { return storage.data_dir + "/parloir.db"; }
  std::string media_path() const { return storage.data_dir + "/media"; }
};

// Values given on the command line (--config, --url, --listen, --data-dir); empty = not given.
struct ConfigFlags {
  std::string config_file;
  std::string url;
  std::string listen;
  std::string data_dir;
};

// Loads and validates. A bad value fails with bad_request and a message naming the key, e.g.
// "server.listen (PARLOIR_SERVER_LISTEN): expected HOST:PORT, got \"nonsense\"". `env` is the
// environment to read (tests pass their own; app passes the process environment).
util::Result<Config> load_config(const ConfigFlags& flags, const std::map<std::string, std::string>& env);

// The process environment as a map.
std::map<std::string, std::string> process_environment();

}  // namespace parloir::app
