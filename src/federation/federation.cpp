#include "federation/federation.h"

#include <spdlog/spdlog.h>

namespace parloir::federation {

Federation::Federation(const services::Deps& deps, Options options)
    : mode_(options.mode),
      client_([&] {
        options.client.cancel = &cancel_;
        return std::move(options.client);
      }()),
      gate_(options.mode, std::move(options.allowed_domains), std::move(options.blocked_domains)),
      health_(options.settings.unavailable_after_ms),
      ctx_{deps, std::move(options.settings), client_, gate_, keys_, {}, &health_},
      resolver_(ctx_),
      worker_(ctx_, ctx_.settings.delivery_workers),
      fetcher_(ctx_, 2),
      outbox_(ctx_, resolver_, [this] { worker_.wake(); }),
      inbox_(ctx_, resolver_) {
  ctx_.deps.federation = hooks();
  // why: an allowlist is a closed circuit in both directions; an unsigned GET names no domain to
  // check, so allowlist mode implies authorized fetch (Mastodon's limited federation mode does too).
  if (mode_ == Mode::allowlist) ctx_.settings.authorized_fetch = true;
  ctx_.wake_media_fetcher = [this] { fetcher_.wake(); };
}

Federation::~Federation() { stop(); }

void Federation::refresh_domains() {
  std::vector<std::string> allowed, blocked;
  auto st = ctx_.deps.store.read([&](store::Tx& tx) -> util::Status {
    auto list = tx.federation().domain_policies();
    if (!list) return util::fail(list.error());
    for (auto& [domain, policy] : *list) (policy == store::DomainPolicy::allow ? allowed : blocked).push_back(domain);
    return {};
  });
  if (!st) {
    spdlog::warn("federation: cannot read domain policies: {}", st.error().detail);
    return;
  }
  gate_.set_dynamic(std::move(allowed), std::move(blocked));
}

void Federation::start() {
  if (mode_ == Mode::off || started_) return;
  started_ = true;
  refresh_domains();
  health_.load(ctx_.deps);
  worker_.start();
  if (ctx_.deps.media) fetcher_.start();
  refresher_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; });
      if (stopping_) break;
      lock.unlock();
      refresh_domains();
      lock.lock();
    }
  });
}

void Federation::stop() {
  cancel_ = true;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (refresher_.joinable()) refresher_.join();
  worker_.stop();
  fetcher_.stop();
}

}  // namespace parloir::federation
