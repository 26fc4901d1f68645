#include <utility>  // before Asio (g++ 12)

#include "http/blocking_pool.h"

#include <chrono>
#include <future>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace parloir::http {
namespace {

namespace asio = boost::asio;

// The tasks below are bound to locals before co_await: see the g++ 12 note in blocking_pool.h.
asio::awaitable<void> compute(BlockingPool& pool, int* out, std::thread::id* ran_on, std::thread::id* resumed_on) {
  *out = co_await pool.run([ran_on] {
    *ran_on = std::this_thread::get_id();
    return 6 * 7;
  });
  *resumed_on = std::this_thread::get_id();
}

TEST(BlockingPool, ReturnsResultAndResumesOnCallersExecutor) {
  BlockingPool pool(2, 16);
  asio::io_context ioc;
  int result = 0;
  std::thread::id ran_on, resumed_on;
  asio::co_spawn(ioc, compute(pool, &result, &ran_on, &resumed_on), asio::detached);
  ioc.run();
  EXPECT_EQ(result, 42);
  EXPECT_NE(ran_on, std::this_thread::get_id());
  EXPECT_EQ(resumed_on, std::this_thread::get_id());  // the only thread running ioc
  EXPECT_EQ(pool.queued(), 0u);
}

asio::awaitable<void> throwing(BlockingPool& pool, std::string* caught) {
  try {
    co_await pool.run([]() -> int { throw std::runtime_error("boom"); });
  } catch (const std::runtime_error& e) {
    *caught = e.what();
  }
  co_await pool.run([] {});  // void works too
}

TEST(BlockingPool, RethrowsExceptionInCaller) {
  BlockingPool pool(1, 16);
  asio::io_context ioc;
  std::string caught;
  asio::co_spawn(ioc, throwing(pool, &caught), asio::detached);
  ioc.run();
  EXPECT_EQ(caught, "boom");
}

asio::awaitable<void> blocked(BlockingPool& pool, std::shared_future<void> gate) {
  auto task = [gate] { gate.wait(); };
  co_await pool.run(std::move(task));
}

// Captures with destructors survive the round trip (and are destroyed exactly once).
asio::awaitable<void> with_string(BlockingPool& pool, std::string* out) {
  auto task = [s = std::string(100, 'x')] { return s + "!"; };
  *out = co_await pool.run(std::move(task));
}

TEST(BlockingPool, MovesCapturesThrough) {
  BlockingPool pool(1, 4);
  asio::io_context ioc;
  std::string out;
  asio::co_spawn(ioc, with_string(pool, &out), asio::detached);
  ioc.run();
  EXPECT_EQ(out.size(), 101u);
}

asio::awaitable<void> overflow(BlockingPool& pool, bool* overloaded) {
  try {
    co_await pool.run([] {});
  } catch (const PoolOverloaded&) {
    *overloaded = true;
  }
}

TEST(BlockingPool, ThrowsPoolOverloadedWhenQueueIsFull) {
  BlockingPool pool(1, 2);
  asio::io_context ioc;
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  // One task occupies the thread; then two wait in the queue.
  asio::co_spawn(ioc, blocked(pool, gate), asio::detached);
  ioc.poll();
  while (pool.queued() != 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  asio::co_spawn(ioc, blocked(pool, gate), asio::detached);
  asio::co_spawn(ioc, blocked(pool, gate), asio::detached);
  ioc.poll();
  EXPECT_EQ(pool.queued(), 2u);
  bool overloaded = false;
  asio::co_spawn(ioc, overflow(pool, &overloaded), asio::detached);
  ioc.poll();
  EXPECT_TRUE(overloaded);
  release.set_value();
  ioc.run();
  EXPECT_EQ(pool.queued(), 0u);
}

}  // namespace
}  // namespace parloir::http
