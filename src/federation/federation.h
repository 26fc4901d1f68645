// Federation: the ActivityPub side of a Parloir instance, built once by app/serve. Owns the
// SSRF-guarded HTTP client, the domain gate, actor keys, the resolver, the outbox (the
// FederationHooks services call), the inbox and the delivery worker, and registers the
// federation routes (WebFinger, actors, notes, inboxes, collections). In `off` mode nothing is
// registered (every federation URL answers 404), hooks() is null (nothing is ever queued) and
// no thread or connection is started. In `allowlist` mode authorized fetch is always on.
// Thread-safe after start().
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "federation/context.h"
#include "federation/delivery.h"
#include "federation/domain_health.h"
#include "federation/inbox.h"
#include "federation/media_fetcher.h"
#include "federation/outbox.h"
#include "federation/resolver.h"
#include "http/blocking_pool.h"
#include "http/router.h"

namespace parloir::federation {

struct Options {
  Settings settings;
  Mode mode = Mode::open;
  std::vector<std::string> allowed_domains;
  std::vector<std::string> blocked_domains;
  http::ClientOptions client;
};

class Federation {
 public:
  Federation(const services::Deps& deps, Options options);
  ~Federation();

  // What services call (null in off mode).
  services::FederationHooks* hooks() { return mode_ == Mode::off ? nullptr : &outbox_; }
  Mode mode() const { return mode_; }

  // Adds the federation routes (none in off mode). Call before the router is used.
  void register_routes(http::Router& router, http::BlockingPool& pool);
  // Starts the delivery worker, the remote-media fetcher and the domain-list refresher (not
  // in off mode).
  void start();
  void stop();

  // Re-reads the database's domain allow/block entries into the gate.
  void refresh_domains();

 private:
  Mode mode_;
  std::atomic<bool> cancel_{false};  // set by stop(): aborts transfers in progress
  http::HttpClient client_;
  DomainGate gate_;
  KeyCache keys_;
  DomainHealth health_;
  Context ctx_;
  Resolver resolver_;
  DeliveryWorker worker_;
  MediaFetcher fetcher_;
  Outbox outbox_;
  Inbox inbox_;
  std::thread refresher_;
  std::mutex mu_;  // guards stopping_
  std::condition_variable cv_;
  bool stopping_ = false;
  bool started_ = false;
};

}  // namespace parloir::federation
