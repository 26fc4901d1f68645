// Scheduler: a background coroutine on the server's io_context that publishes due scheduled
// statuses (services::publish_due_statuses), handles ended polls (services::finish_ended_polls)
// and deletes expired statuses (services::delete_expired_statuses) once a second, on the
// blocking pool so the I/O
// threads never touch the database. start() spawns it; stop() cancels the timer, and the
// coroutine ends at its next wake-up (an in-flight run finishes first). Owned by run_serve; must
// outlive the io_context's run. start/stop from one thread.
#pragma once

#include <utility>  // why: boost/asio/awaitable.hpp uses std::exchange without it (g++ 12)

#include <atomic>
#include <chrono>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http/blocking_pool.h"
#include "services/deps.h"
#include "services/event_relay.h"

namespace parloir::app {

class Scheduler {
 public:
  // channel: where other processes' events come from; null for none. Must outlive the scheduler.
  Scheduler(boost::asio::io_context& ioc, http::BlockingPool& pool, services::Deps deps,
            services::EventChannel* channel = nullptr, std::chrono::milliseconds interval = std::chrono::seconds(1));
  // Positions the channel's cursor at its end (blocking, one read) and spawns the loop.
  void start();
  void stop();

 private:
  boost::asio::awaitable<void> loop();

  boost::asio::io_context& ioc_;
  http::BlockingPool& pool_;
  services::Deps deps_;
  services::EventChannel* channel_;
  std::chrono::milliseconds interval_;
  boost::asio::steady_timer timer_;
  std::atomic<bool> stopped_{false};
};

}  // namespace parloir::app
