// WorkerThreads: a set of threads that each run one job loop until stop(), and the stop / wake
// signalling such a loop waits on (the federation delivery worker and media fetcher). The loop
// checks stopping() between jobs and calls wait_for_work() when its queue is empty.
// Thread-safe; start() once, stop() joins (idempotent; the destructor stops).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace parloir::util {

class WorkerThreads {
 public:
  WorkerThreads() = default;
  ~WorkerThreads() { stop(); }
  WorkerThreads(const WorkerThreads&) = delete;
  WorkerThreads& operator=(const WorkerThreads&) = delete;

  // Starts `count` threads, each running `loop()` until it returns (it should return soon after
  // stopping() turns true).
  void start(int count, const std::function<void()>& loop);
  // Makes stopping() true, wakes every waiting thread and joins them all.
  void stop();
  // Whether stop() was called.
  bool stopping();
  // Tells the loops there may be work now (a queue row was added or is about to be).
  void wake();
  // Waits up to `idle` for wake() or stop(). After a wake it waits `settle` more (unless stopped),
  // because wake() may come from inside the enqueuing transaction, which needs time to commit;
  // the wake is then consumed.
  void wait_for_work(std::chrono::milliseconds idle, std::chrono::milliseconds settle);
  // Waits `d` unless stop() comes first (a pause after an error); ignores wake().
  void pause(std::chrono::milliseconds d);

 private:
  std::vector<std::thread> threads_;
  std::mutex mu_;  // guards stop_, woken_
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
};

}  // namespace parloir::util
