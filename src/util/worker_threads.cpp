#include "util/worker_threads.h"

namespace parloir::util {

void WorkerThreads::start(int count, const std::function<void()>& loop) {
  for (int i = 0; i < count; ++i) threads_.emplace_back(loop);
}

void WorkerThreads::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

bool WorkerThreads::stopping() {
  std::lock_guard lock(mu_);
  return stop_;
}

void WorkerThreads::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void WorkerThreads::wait_for_work(std::chrono::milliseconds idle, std::chrono::milliseconds settle) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, idle, [&] { return stop_ || woken_; });
  if (woken_) {
    woken_ = false;
    cv_.wait_for(lock, settle, [&] { return stop_; });
  }
}

void WorkerThreads::pause(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, d, [&] { return stop_; });
}

}  // namespace parloir::util
