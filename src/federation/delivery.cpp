#include "federation/delivery.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>
#include <random>

#include "federation/domain_health.h"
#include "federation/signature.h"
#include "federation/url.h"
#include "util/time.h"

namespace parloir::federation {

namespace {

constexpr std::int64_t kLeaseMs = 60'000;
constexpr int kBreakerThreshold = 10;
constexpr std::int64_t kBreakerCooloffMs = 60'000;
constexpr int kClaimBatch = 16;

std::int64_t jitter_ms(std::int64_t max_ms) {
  if (max_ms <= 0) return 0;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_int_distribution<std::int64_t>(0, max_ms)(rng);
}

}  // namespace

std::int64_t backoff_seconds(int attempt) {
  std::int64_t n = attempt - 1;
  if (n < 0) n = 0;
  return n * n * n * n + 15;
}

DeliveryOutcome classify_status(long status) {
  if (status >= 200 && status < 300) return DeliveryOutcome::delivered;
  if (status == 401 || status == 408 || status == 429) return DeliveryOutcome::retry;
  if ((status >= 400 && status < 500) || status == 501) return DeliveryOutcome::give_up;
  return DeliveryOutcome::retry;
}

void DeliveryWorker::start() {
  workers_.start(threads_, [this] { run(); });
}

void DeliveryWorker::stop() { workers_.stop(); }

void DeliveryWorker::wake() { workers_.wake(); }

std::string DeliveryWorker::sender_uri(core::Id account_id) {
  {
    std::lock_guard lock(mu_);
    if (auto it = senders_.find(account_id); it != senders_.end()) return it->second;
  }
  std::string uri;
  (void)ctx_.deps.store.read([&](store::Tx& tx) -> util::Status {
    auto a = tx.accounts().find_by_id(account_id);
    if (a && *a) uri = ctx_.actor_uri(**a);
    return {};
  });
  if (!uri.empty()) {
    std::lock_guard lock(mu_);
    senders_[account_id] = uri;
  }
  return uri;
}

bool DeliveryWorker::breaker_open(const std::string& domain, std::int64_t now) {
  std::lock_guard lock(mu_);
  auto it = breakers_.find(domain);
  return it != breakers_.end() && it->second.open_until > now;
}

void DeliveryWorker::record(const std::string& domain, bool ok, std::int64_t now) {
  std::lock_guard lock(mu_);
  if (ok) {
    breakers_.erase(domain);
    return;
  }
  Breaker& b = breakers_[domain];
  if (++b.failures >= kBreakerThreshold) {
    b.open_until = now + kBreakerCooloffMs;
    b.failures = 0;
  }
}

void DeliveryWorker::run() {
  for (;;) {
    if (workers_.stopping()) return;
    std::int64_t now = util::now_ms();
    // why: peek on a read connection first, so an idle queue costs no write transaction (the
    // single writer is shared with every API write).
    std::optional<std::int64_t> next;
    (void)ctx_.deps.store.read([&](store::Tx& tx) -> util::Status {
      auto n = tx.federation().next_delivery_at();
      if (n) next = *n;
      return {};
    });
    if (!next || *next > now) {
      workers_.wait_for_work(std::chrono::milliseconds(250), std::chrono::milliseconds(3));
      continue;
    }
    std::vector<store::Delivery> batch;
    auto st = ctx_.deps.store.write([&](store::Tx& tx) -> util::Status {
      auto claimed = tx.federation().claim_due_deliveries(now, now + kLeaseMs, kClaimBatch);
      if (!claimed) return util::fail(claimed.error());
      batch = std::move(*claimed);
      return {};
    });
    if (!st) {
      spdlog::warn("delivery queue: {}", st.error().detail);
      workers_.pause(std::chrono::milliseconds(250));
      continue;
    }
    for (const auto& d : batch) {
      if (workers_.stopping()) return;  // the lease brings the rest back after a restart
      deliver(d);
    }
  }
}

void DeliveryWorker::deliver(const store::Delivery& d) {
  std::int64_t now = util::now_ms();
  auto finish = [&] { (void)ctx_.deps.store.write([&](store::Tx& tx) { return tx.federation().finish_delivery(d.id); }); };
  auto reschedule = [&](int attempts, std::int64_t at, const std::string& why) {
    (void)ctx_.deps.store.write(
        [&](store::Tx& tx) { return tx.federation().reschedule_delivery(d.id, attempts, at, why); });
  };
  if (!ctx_.gate.permits(d.domain)) return finish();  // blocked since it was queued
  if (ctx_.health && ctx_.health->unavailable(d.domain)) return finish();  // Mastodon drops these too
  if (breaker_open(d.domain, now)) return reschedule(d.attempts, now + kBreakerCooloffMs, "circuit open");
  auto url = parse_url(d.inbox);
  // Account id 0 is the instance actor (Flags); every other sender is a local account.
  const bool instance = d.sender_account_id == 0;
  std::string actor = instance ? ctx_.instance_actor_uri() : sender_uri(d.sender_account_id);
  auto keys = instance ? ctx_.keys.instance(ctx_.deps) : ctx_.keys.get(ctx_.deps, d.sender_account_id);
  if (!url || actor.empty() || !keys) {
    spdlog::warn("delivery {} to {} dropped: sender or inbox invalid", d.id, d.inbox);
    return finish();
  }
  auto signed_post = sign_post(url->authority, url->path, d.body, actor + "#main-key", keys->private_pem, now);
  if (!signed_post) return finish();
  http::ClientRequest req;
  req.method = "POST";
  req.url = d.inbox;
  req.body = d.body;
  req.headers = {{"Host", signed_post->host},
                 {"Date", signed_post->date},
                 {"Digest", signed_post->digest},
                 {"Signature", signed_post->signature},
                 {"Content-Type", "application/activity+json"},
                 {"Accept", "application/activity+json"}};
  auto res = ctx_.client.send(req);
  DeliveryOutcome outcome;
  std::string why;
  if (!res) {
    why = res.error().public_message;
    outcome = res.error().code == util::ErrorCode::forbidden || res.error().code == util::ErrorCode::bad_request
                  ? DeliveryOutcome::give_up
                  : DeliveryOutcome::retry;
  } else {
    outcome = classify_status(res->status);
    why = "HTTP " + std::to_string(res->status);
  }
  now = util::now_ms();
  record(d.domain, outcome == DeliveryOutcome::delivered, now);
  if (ctx_.health) {
    if (outcome == DeliveryOutcome::delivered)
      ctx_.health->delivery_succeeded(ctx_.deps, d.domain);
    else if (!res || res->status >= 500 || res->status == 408 || res->status == 429)
      ctx_.health->delivery_failed(ctx_.deps, d.domain, now);  // the peer is down, not refusing us
  }
  if (outcome == DeliveryOutcome::delivered) return finish();
  int attempts = d.attempts + 1;
  if (outcome == DeliveryOutcome::give_up || attempts >= kMaxAttempts) {
    spdlog::info("delivery {} to {} given up after {} attempt(s): {}", d.id, d.inbox, attempts, why);
    return finish();
  }
  std::int64_t n = attempts - 1;
  std::int64_t delay_ms = backoff_seconds(attempts) * 1000 + jitter_ms(n * n * n * n * 500);
  reschedule(attempts, now + delay_ms, why);
}

}  // namespace parloir::federation
