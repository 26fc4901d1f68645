// Cross-process events: how an event published in one Parloir process (the admin CLI) reaches
// the streams of another (the running server).
//
// EventChannel is the transport between processes: send() hands an event to the others,
// receive() returns what the others sent since the last call. Today's implementation,
// OutboxChannel, goes through the shared database (table event_outbox, migration 10): send()
// appends a row; receive() reads the rows after this process's cursor (which starts at the end,
// so a starting server does not replay old events) and now and then prunes rows older than a
// minute. A PostgreSQL LISTEN/NOTIFY channel can replace it without touching services or the
// streaming API.
//
// RelayPublisher is the EventPublisher of a process without streams (the admin CLI): each event
// is published to the local hub and sent through the channel. The server calls
// relay_received_events() each second (app/scheduler): received events first drop what the
// server's caches hold about the accounts and tokens they name, then are published to its hub.
//
// Only events that need nothing but ids cross: access revoked, announcements, filters changed,
// notifications, cache invalidations (InvalidateEvent: a CLI role change or unsuspension reaches
// the server's token and view caches at once; rule changes refresh its instance documents), views
// changed (ViewsChangedEvent: statuses/accounts whose cached views must go, e.g. after
// `parloir admin media prune-remote`). Status and conversation events (which carry whole statuses) are not sent; the
// admin CLI creates none but bench-seed's, which no stream needs.
//
// Durability: the CLI sends after its action's commit (services publish after commits), so a
// CLI killed between the two loses the live event, never the action; streams then catch up
// through the REST API (the token re-check also closes streams of revoked tokens within 0.5 s).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/deps.h"
#include "services/event_hub.h"

namespace parloir::services {

// The wire form of an event: one line of tab-separated fields, or nullopt when it does not cross.
std::optional<std::string> encode_event(const Event& event);
// The inverse; nullopt for anything malformed or unknown (a newer process's event).
std::optional<Event> decode_event(std::string_view line);

class EventChannel {
 public:
  virtual ~EventChannel() = default;
  // Hands the event to other processes. Events that do not cross are ignored.
  virtual util::Status send(const Event& event) = 0;
  // What other processes sent since the previous call (the first call: since construction).
  virtual util::Result<std::vector<Event>> receive() = 0;
};

// Through the shared database. Thread-safe (cursor guarded by mu_).
class OutboxChannel final : public EventChannel {
 public:
  explicit OutboxChannel(store::Store& store);
  util::Status send(const Event& event) override;
  util::Result<std::vector<Event>> receive() override;

 private:
  store::Store& store_;
  std::mutex mu_;
  std::optional<std::int64_t> cursor_;  // guarded by mu_; unset until the first receive()
  std::int64_t last_prune_ms_ = 0;      // guarded by mu_
};

// Publishes locally and to other processes. A failed send is logged, never thrown.
class RelayPublisher final : public EventPublisher {
 public:
  RelayPublisher(EventPublisher& local, EventChannel& channel) : local_(local), channel_(channel) {}
  void publish(Event event) override;

 private:
  EventPublisher& local_;
  EventChannel& channel_;
};

// Server side, once a second: receives from the channel, invalidates deps' token and view caches
// for the accounts and tokens named, and publishes each event to deps.events. Returns how many.
std::size_t relay_received_events(const Deps& deps, EventChannel& channel);

}  // namespace parloir::services
