// The Mastodon streaming API (mastodon-api.md §6.10) on the server's own port: WebSocket
// `/api/v1/streaming` (subscribe/unsubscribe messages, several streams per connection) and the
// event-stream (SSE) endpoints `/api/v1/streaming/<channel>`, plus `/api/v1/streaming/health`.
//
// Events come from services through the EventHub (services/event_hub.h) and are handled in
// order on one dispatcher thread: for each event it finds the subscriptions it concerns, passes
// the status through the same visibility gate as the REST timelines (load_views, with blocks
// and mutes), applies each listener's filters (`filtered`, or dropped for `hide`), renders the
// status JSON once and shares it among listeners whose view of it is the same, and queues the
// message on each connection (bounded per connection: see http/stream.h).
//
// Tokens: `read` or the channel's granular scope (read:statuses, read:notifications,
// read:lists) is required per channel. Revoking a token, suspending its account or resetting
// its password closes its streams: at once for changes made by this process (events), within
// `revalidate_every` for changes made by another process (the admin CLI).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>

#include "api/env.h"
#include "http/router.h"
#include "services/event_hub.h"

namespace parloir::api {

struct StreamingConfig {
  std::size_t max_connections_per_token = 100;
  std::size_t max_connections_per_ip = 1000;
  std::chrono::milliseconds revalidate_every{500};  // re-check open streams' tokens in the database
  std::chrono::seconds sse_heartbeat{15};
  std::size_t max_pending_events = 100000;          // dispatcher backlog before events are dropped
};

class Streaming {
 public:
  // `env` and `hub` must outlive this object. Subscribes to the hub and starts the dispatcher.
  Streaming(const Env& env, services::EventHub& hub, StreamingConfig config);
  // Unsubscribes, stops the dispatcher and closes every stream.
  ~Streaming();
  Streaming(const Streaming&) = delete;
  Streaming& operator=(const Streaming&) = delete;

  // Adds the WebSocket, event-stream and health routes. The router must not outlive this object.
  void register_routes(http::Router& router);
  // Open streams (connections).
  std::size_t connections() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace parloir::api
