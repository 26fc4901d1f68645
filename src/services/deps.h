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

// Instance-wide settings services apply (a subset of the app's Config).
struct Settings {
  std::string base_url;   // "https://social.example.org"
  std::string domain;     // "social.example.org" (host[:port])
  int max_characters = 500;
  std::string registrations = "open";  // open | approval | closed
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
};

}  // namespace parloir::services
