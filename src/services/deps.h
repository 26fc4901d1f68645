// Deps: what every service function needs, built once by app/ and passed by reference.
// Services are plain blocking functions: call them from the blocking pool, never from an I/O
// thread. Everything reachable from Deps is thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/ids.h"
#include "services/home_feeds.h"
#include "store/store.h"

namespace parloir::services {

class TokenCache;
class ViewCache;
class IdempotencyKeys;
class EventPublisher;
class FederationHooks;
struct MediaDeps;  // services/media.h

// Instance-wide settings services apply (a subset of the app's Config).
struct Settings {
  std::string base_url;   // "https://social.example.org"
  std::string domain;     // "social.example.org" (host[:port])
  int max_characters = 500;
  std::string registrations = "open";  // open | approval | invite | closed
  // Sign-up email domains: when the allowlist is not empty only its domains (and their
  // subdomains) may sign up; the denylist refuses its domains (and subdomains). Lower-case.
  std::vector<std::string> email_domain_allowlist;
  std::vector<std::string> email_domain_denylist;
  std::vector<std::string> default_follows;  // local usernames every new member follows
  bool local_only_default = false;           // new statuses are local-only unless asked otherwise
  std::int64_t min_expires_in_s = 60;        // bounds of `expires_in` on new statuses
  std::int64_t max_expires_in_s = 31536000;
  std::size_t min_password_length = 8;
  int min_schedule_seconds = 300;  // scheduled_at must be at least this far ahead
  int min_poll_expiration_seconds = 300;  // a poll's expires_in must be at least this
};

struct Deps {
  store::Store& store;
  core::SnowflakeGenerator& ids;
  const Settings& settings;
  HomeFeeds& feeds;
  class TokenCache& tokens;
  class ViewCache& views;
  class IdempotencyKeys& idempotency;
  class EventPublisher& events;  // after-commit events (event_hub.h)
  FederationHooks* federation = nullptr;  // null: nothing federates (off mode, admin CLI)
  MediaDeps* media = nullptr;  // null where media are not set up (uploads then fail with 503)
  // Admin-changeable instance settings in memory (instance_settings.h); null in tools that need none.
  class InstanceSettings* instance_settings = nullptr;
};

}  // namespace parloir::services
