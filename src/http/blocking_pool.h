// BlockingPool: a bounded set of threads for work that must not run on I/O threads
// (SQLite, Argon2, RSA, image processing). A coroutine awaits pool.run(fn): fn runs on a pool
// thread and the coroutine resumes on its own executor with fn's result (exceptions rethrown).
// When more than max_queued tasks wait, run() throws PoolOverloaded at once (the caller answers
// 503) instead of queueing without bound. Thread-safe.
//
// g++ 12 bug (checked under ASan): a lambda or aggregate *temporary* with non-trivial members
// (std::string captures...) written inside a co_await expression is copied bytewise into the
// coroutine frame, and its strings are then freed twice. Name the task first:
//   co_await pool.run([s = std::string(id)] { ... });      // WRONG with g++ 12
//   auto task = [s = std::string(id)] { ... };
//   co_await pool.run(std::move(task));                   // fine
// Lambdas capturing only references/pointers/integers are unaffected. The same holds for any
// coroutine call: never pass a lambda/aggregate prvalue with such members inside co_await.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace parloir::http {

struct PoolOverloaded : std::runtime_error {
  PoolOverloaded() : std::runtime_error("blocking pool overloaded") {}
};

class BlockingPool {
 public:
  BlockingPool(std::size_t threads, std::size_t max_queued) : pool_(threads), max_queued_(max_queued) {}
  ~BlockingPool() { stop(); }
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F>> run(F fn) {
    using R = std::invoke_result_t<F>;
    if (queued_.load(std::memory_order_relaxed) >= max_queued_) throw PoolOverloaded();
    queued_.fetch_add(1, std::memory_order_relaxed);
    auto state = std::make_shared<std::optional<Stored<R>>>();
    auto initiation = [this](auto handler, F f, std::shared_ptr<std::optional<Stored<R>>> out) {
      auto work = boost::asio::make_work_guard(handler);
      boost::asio::post(pool_, [this, h = std::move(handler), f = std::move(f), out = std::move(out),
                                w = std::move(work)]() mutable {
        queued_.fetch_sub(1, std::memory_order_relaxed);
        std::exception_ptr ep;
        try {
          if constexpr (std::is_void_v<R>) {
            f();
            out->emplace();
          } else {
            out->emplace(f());
          }
        } catch (...) {
          ep = std::current_exception();
        }
        auto ex = w.get_executor();
        boost::asio::post(ex, [h = std::move(h), ep]() mutable { h(ep); });
      });
    };
    auto done = boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(std::exception_ptr)>(
        std::move(initiation), boost::asio::use_awaitable, std::move(fn), state);
    return finish<R>(std::move(done), std::move(state));
  }

  // Waits for queued work to finish and joins the threads. Idempotent.
  void stop() {
    if (!stopped_.exchange(true)) pool_.join();
  }

  std::size_t queued() const { return queued_.load(std::memory_order_relaxed); }

 private:
  template <class R>
  using Stored = std::conditional_t<std::is_void_v<R>, char, R>;

  template <class R>
  static boost::asio::awaitable<R> finish(boost::asio::awaitable<void> done,
                                          std::shared_ptr<std::optional<Stored<R>>> out) {
    co_await std::move(done);
    if constexpr (!std::is_void_v<R>) co_return std::move(**out);
  }

  boost::asio::thread_pool pool_;
  std::size_t max_queued_;
  std::atomic<std::size_t> queued_{0};
  std::atomic<bool> stopped_{false};
};

}  // namespace parloir::http
