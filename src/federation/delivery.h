// DeliveryWorker: sends queued deliveries (the deliveries table) with HTTP Signatures, on
// `threads` threads of its own. At-least-once: a delivery is claimed with a lease, sent, then
// removed (2xx, or a failure not worth retrying) or rescheduled with Mastodon's backoff
// (retry n waits n⁴ + 15 s plus jitter up to n⁴/2; 16 retries ≈ 2.1–3.1 days). Not retried: 4xx other
// than 401/408/429, and 501. A per-domain circuit breaker stops sending to a domain for 60 s
// after 10 consecutive failures (its deliveries wait without using attempts).
// Thread-safe; start() once, stop() joins.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "federation/context.h"
#include "services/deps.h"  // store::Delivery
#include "util/worker_threads.h"

namespace parloir::federation {

// Seconds before retry number `attempt` (1-based count of failures so far), without jitter.
std::int64_t backoff_seconds(int attempt);
inline constexpr int kMaxAttempts = 17;  // the first try + 16 retries, as Mastodon

// What to do after an HTTP status (0 = network error).
enum class DeliveryOutcome { delivered, retry, give_up };
DeliveryOutcome classify_status(long status);

class DeliveryWorker {
 public:
  DeliveryWorker(Context& ctx, int threads) : ctx_(ctx), threads_(threads) {}
  ~DeliveryWorker() { stop(); }
  void start();
  void stop();
  // Looks at the queue now (called after an enqueue commits or is about to).
  void wake();

 private:
  void run();
  void deliver(const store::Delivery& d);
  // The actor URI of a local sender (cached).
  std::string sender_uri(core::Id account_id);
  bool breaker_open(const std::string& domain, std::int64_t now);
  void record(const std::string& domain, bool ok, std::int64_t now);

  Context& ctx_;
  int threads_;
  util::WorkerThreads workers_;
  std::mutex mu_;  // guards breakers_, senders_
  struct Breaker {
    int failures = 0;
    std::int64_t open_until = 0;
  };
  std::unordered_map<std::string, Breaker> breakers_;
  std::unordered_map<core::Id, std::string> senders_;
};

}  // namespace parloir::federation
