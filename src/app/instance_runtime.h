// InstanceRuntime: the long-lived objects shared by `serve` and the admin commands — the
// opened store, the ID generator and the service settings — built from a Config.
// Owned by the command that opened it; destroyed (store closed) when that command ends.
#pragma once

#include <memory>

#include "app/config.h"
#include "core/ids.h"
#include "media/gate.h"
#include "media/storage.h"
#include "services/deps.h"
#include "services/event_hub.h"
#include "services/event_relay.h"
#include "services/idempotency.h"
#include "services/instance_settings.h"
#include "services/media.h"
#include "services/token_cache.h"
#include "services/view_cache.h"
#include "store/store.h"

namespace parloir::app {

struct InstanceRuntime {
  Config config;
  std::unique_ptr<store::Store> store;
  core::SnowflakeGenerator ids;
  services::Settings settings;
  services::HomeFeeds feeds;
  services::TokenCache tokens;
  services::ViewCache views;
  services::IdempotencyKeys idempotency;
  services::EventHub events;  // streaming subscribes; the admin CLI's has no subscriber
  // Events between processes through the database (services/event_relay.h): the server
  // receives from it; admin commands publish through `relay`, which also sends to it.
  std::unique_ptr<services::OutboxChannel> channel;
  std::unique_ptr<services::RelayPublisher> relay;  // set by relay_events_to_server()
  services::FederationHooks* federation = nullptr;  // set by serve when federation is on
  std::unique_ptr<media::Storage> media_storage;  // <data_dir>/media
  std::unique_ptr<media::ProcessingGate> media_gate;
  std::unique_ptr<services::MediaDeps> media;
  // Admin-changeable instance settings over config.instance (loaded by open_instance).
  std::unique_ptr<services::InstanceSettings> instance_settings;

  services::Deps deps() {
    services::EventPublisher& publisher = relay ? static_cast<services::EventPublisher&>(*relay) : events;
    return services::Deps{*store,    ids,       settings,     feeds, tokens, views, idempotency, publisher, federation,
                          media.get(), instance_settings.get()};
  }
};

// Creates the data directory if needed, opens the database (applying migrations when
// `migrate` is true). Errors name the path.
util::Result<std::unique_ptr<InstanceRuntime>> open_instance(const Config& config, bool migrate = true);

// Inserts instance.rules when no rule was ever created (the first start with rules configured;
// afterwards they are managed with `parloir admin rule` and the admin API).
util::Status seed_configured_rules(InstanceRuntime& rt);

// For admin commands: from now on deps() publishes every event to the running server too (its
// streams see announcements, suspensions… made by this process within about a second).
void relay_events_to_server(InstanceRuntime& rt);

}  // namespace parloir::app
