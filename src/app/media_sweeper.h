// MediaSweeper: a background coroutine on the server's io_context that removes unattached
// uploads older than the configured TTL (Mastodon: 24 hours) and their files, and — when
// `remote_retention_ms` > 0 — cached copies of remote media older than that (Mastodon's media
// cache retention), every `interval`, on the blocking pool. Same life cycle as Scheduler (app/scheduler.h): start() spawns it,
// stop() cancels the timer; owned by run_serve and must outlive the io_context's run.
#pragma once

#include <utility>  // why: boost/asio/awaitable.hpp uses std::exchange without it (g++ 12)

#include <atomic>
#include <chrono>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http/blocking_pool.h"
#include "services/deps.h"

namespace parloir::app {

class MediaSweeper {
 public:
  MediaSweeper(boost::asio::io_context& ioc, http::BlockingPool& pool, services::Deps deps, std::int64_t ttl_ms,
               std::chrono::milliseconds interval, std::int64_t remote_retention_ms = 0);
  void start();
  void stop();

 private:
  boost::asio::awaitable<void> loop();

  boost::asio::io_context& ioc_;
  http::BlockingPool& pool_;
  services::Deps deps_;
  std::int64_t ttl_ms_;
  std::int64_t remote_retention_ms_;
  std::chrono::milliseconds interval_;
  boost::asio::steady_timer timer_;
  std::atomic<bool> stopped_{false};
};

}  // namespace parloir::app
