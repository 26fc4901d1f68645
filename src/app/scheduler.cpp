#include "app/scheduler.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "services/polls.h"
#include "services/search.h"
#include "services/scheduled_statuses.h"
#include "services/status_expiry.h"
#include "util/time.h"

namespace parloir::app {

namespace asio = boost::asio;

Scheduler::Scheduler(asio::io_context& ioc, http::BlockingPool& pool, services::Deps deps,
                     services::EventChannel* channel, std::chrono::milliseconds interval)
    : ioc_(ioc), pool_(pool), deps_(deps), channel_(channel), interval_(interval), timer_(ioc) {}

void Scheduler::start() {
  if (channel_) {
    // why: the first receive() only sets the cursor at the end: events sent while no server
    // ran have no stream to reach.
    if (auto r = channel_->receive(); !r) spdlog::warn("event outbox: {}", r.error().detail);
  }
  asio::co_spawn(ioc_, loop(), asio::detached);
}

void Scheduler::stop() {
  stopped_ = true;
  // why: the timer is not thread-safe; cancel it on the io_context.
  asio::post(ioc_, [this] { timer_.cancel(); });
}

asio::awaitable<void> Scheduler::loop() {
  while (!stopped_) {
    timer_.expires_after(interval_);
    boost::system::error_code ec;
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (stopped_) break;
    try {
      const std::int64_t now = util::now_ms();
      const auto& deps = deps_;
      std::size_t n = co_await pool_.run([&] { return services::publish_due_statuses(deps, now); });
      if (n > 0) spdlog::info("scheduler: published {} scheduled status(es)", n);
      std::size_t ended = co_await pool_.run([&] { return services::finish_ended_polls(deps, now); });
      if (ended > 0) spdlog::info("scheduler: {} poll(s) ended", ended);
      std::size_t tallied = co_await pool_.run([&] { return services::send_due_poll_updates(deps, now); });
      if (tallied > 0) spdlog::debug("scheduler: sent the tallies of {} poll(s)", tallied);
      std::size_t expired = co_await pool_.run([&] { return services::delete_expired_statuses(deps, now); });
      if (expired > 0) spdlog::info("scheduler: deleted {} expired status(es)", expired);
      // why: bounded per tick (about 10 s of posting at the target rate), so a large backlog
      // (bench-seed, an import) never holds the writer for long; search() indexes the rest itself.
      auto indexed = co_await pool_.run([&] { return services::index_pending_statuses(deps, 20000); });
      if (!indexed) spdlog::warn("scheduler: search indexing: {}", indexed.error().detail);
      if (channel_) {
        auto* channel = channel_;
        std::size_t relayed = co_await pool_.run([&] { return services::relay_received_events(deps, *channel); });
        if (relayed > 0) spdlog::debug("scheduler: relayed {} event(s) from other processes", relayed);
      }
    } catch (const http::PoolOverloaded&) {
      // Busy: try again next tick.
    } catch (const std::exception& e) {
      spdlog::error("scheduler: {}", e.what());
    }
  }
}

}  // namespace parloir::app
