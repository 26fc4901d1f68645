#include "app/media_sweeper.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "services/media.h"
#include "services/remote_media.h"
#include "util/time.h"

namespace parloir::app {

namespace asio = boost::asio;

MediaSweeper::MediaSweeper(asio::io_context& ioc, http::BlockingPool& pool, services::Deps deps, std::int64_t ttl_ms,
                           std::chrono::milliseconds interval, std::int64_t remote_retention_ms)
    : ioc_(ioc),
      pool_(pool),
      deps_(deps),
      ttl_ms_(ttl_ms),
      remote_retention_ms_(remote_retention_ms),
      interval_(interval),
      timer_(ioc) {}

void MediaSweeper::start() { asio::co_spawn(ioc_, loop(), asio::detached); }

void MediaSweeper::stop() {
  stopped_ = true;
  asio::post(ioc_, [this] { timer_.cancel(); });
}

asio::awaitable<void> MediaSweeper::loop() {
  while (!stopped_) {
    timer_.expires_after(interval_);
    boost::system::error_code ec;
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (stopped_) break;
    try {
      const std::int64_t before = util::now_ms() - ttl_ms_;
      const auto& deps = deps_;
      auto n = co_await pool_.run([&] { return services::remove_unattached_media(deps, before); });
      if (!n)
        spdlog::error("media sweeper: {}", n.error().detail);
      else if (*n > 0)
        spdlog::info("media sweeper: removed {} unattached upload(s)", *n);
      if (remote_retention_ms_ > 0) {
        const std::int64_t fetched_before = util::now_ms() - remote_retention_ms_;
        auto r = co_await pool_.run([&] { return services::prune_remote_media(deps, fetched_before); });
        if (!r)
          spdlog::error("media sweeper: {}", r.error().detail);
        else if (*r > 0)
          spdlog::info("media sweeper: removed {} cached remote file(s)", *r);
      }
    } catch (const http::PoolOverloaded&) {
      // Busy: try again next time.
    } catch (const std::exception& e) {
      spdlog::error("media sweeper: {}", e.what());
    }
  }
}

}  // namespace parloir::app
