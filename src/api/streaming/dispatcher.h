// Internals of the streaming API (streaming.h): connected clients, the registry with its
// connection caps, and the dispatcher thread that turns events into messages. Not part of the
// module's public API.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "api/streaming/channels.h"
#include "api/streaming/streaming.h"
#include "core/filter.h"
#include "http/stream.h"
#include "services/oauth.h"

namespace parloir::api {

namespace streaming {

// One open stream (a WebSocket or an event stream). Subscriptions change on the dispatcher
// thread only (subscribe messages are queued to it), so events and subscription changes are
// applied in order. `filters` is the account's active filters, loaded and dropped by the
// dispatcher only.
class Client final : public http::StreamHandler, public std::enable_shared_from_this<Client> {
 public:
  Client(std::shared_ptr<Streaming::Impl> impl, bool sse, const services::TokenContext& ctx, std::string ip);
  ~Client() override;  // releases the connection-cap reservation

  void on_open(std::shared_ptr<http::Outbound> out) override;
  void on_message(std::string_view text) override;
  void on_close() override;

  const bool sse;
  const core::Id account_id;
  const std::string token_hash;
  const core::Scopes scopes;
  const std::string ip;

  std::shared_ptr<http::Outbound> out;                  // set by on_open before the client is attached
  std::vector<Subscription> subscriptions;              // dispatcher thread only (and before attach)

  void send(const std::shared_ptr<const std::string>& message) {
    if (out) out->send(message);
  }

 private:
  std::shared_ptr<Streaming::Impl> impl_;
};

}  // namespace streaming

struct Streaming::Impl : std::enable_shared_from_this<Streaming::Impl> {
  Impl(const Env& e, services::EventHub& h, StreamingConfig c) : env(e), hub(h), config(c) {}

  const Env& env;
  services::EventHub& hub;
  const StreamingConfig config;
  std::uint64_t hub_subscription = 0;

  // Registry and caps, guarded by mutex.
  mutable std::mutex mutex;
  std::unordered_map<streaming::Client*, std::shared_ptr<streaming::Client>> clients;
  std::unordered_map<std::string, std::size_t> per_token;
  std::unordered_map<std::string, std::size_t> per_ip;

  // Reserves a connection slot for (token, ip); false when a cap is reached.
  bool reserve(const std::string& token_hash, const std::string& ip);
  void release(const std::string& token_hash, const std::string& ip);
  void attach(const std::shared_ptr<streaming::Client>& c);
  void detach(streaming::Client* c);
  std::vector<std::shared_ptr<streaming::Client>> snapshot() const;

  // Dispatcher: tasks run in order on one thread. post() drops the task (and logs) when the
  // backlog is full; false then.
  bool post(std::function<void()> task);
  void run_dispatcher();
  void stop();
  std::mutex task_mutex;
  std::condition_variable task_cv;
  std::deque<std::function<void()>> tasks;  // guarded by task_mutex
  bool stopping = false;                    // guarded by task_mutex
  std::thread thread;

  // Dispatcher-thread work (dispatch.cpp).
  void handle(const services::Event& event);
  void subscribe(const std::shared_ptr<streaming::Client>& c, const streaming::SubscriptionRequest& r, bool add);
  void revalidate();
  // Validates a subscription for a client (scope, list ownership); blocking. Error text + status.
  // Active filters per account with an open stream, loaded on first use; dropped for an account
  // on FiltersChangedEvent and all every 30 s (filters expire). Dispatcher thread only.
  const std::vector<core::Filter>& filters_of(core::Id account_id);
  std::unordered_map<core::Id, std::vector<core::Filter>> filters;
  std::chrono::steady_clock::time_point filters_loaded_at = std::chrono::steady_clock::now();

  std::optional<streaming::Subscription> check_subscription(core::Id account_id, const core::Scopes& scopes,
                                                            const streaming::SubscriptionRequest& r,
                                                            std::string* error, int* status) const;
};

}  // namespace parloir::api
