#include "util/worker_threads.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

using namespace parloir::util;
using namespace std::chrono_literals;

TEST(WorkerThreads, RunsEveryLoopUntilStopJoinsThem) {
  WorkerThreads w;
  std::atomic<int> started{0}, finished{0};
  w.start(3, [&] {
    ++started;
    while (!w.stopping()) w.wait_for_work(10s, 0ms);
    ++finished;
  });
  while (started.load() < 3) std::this_thread::sleep_for(1ms);
  EXPECT_FALSE(w.stopping());
  auto t0 = std::chrono::steady_clock::now();
  w.stop();  // wakes the 10 s waits at once
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  EXPECT_TRUE(w.stopping());
  EXPECT_EQ(finished.load(), 3);
  w.stop();  // idempotent
}

TEST(WorkerThreads, WakeCutsTheIdleWaitShortAndIsConsumed) {
  WorkerThreads w;
  std::atomic<int> rounds{0};
  w.start(1, [&] {
    while (!w.stopping()) {
      w.wait_for_work(10s, 1ms);
      ++rounds;
    }
  });
  w.wake();
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (rounds.load() < 1 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(rounds.load(), 1);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(rounds.load(), 1) << "the wake was consumed: the loop waits again";
  w.stop();
}

TEST(WorkerThreads, PauseIgnoresWakeButNotStop) {
  WorkerThreads w;
  w.wake();
  auto t0 = std::chrono::steady_clock::now();
  w.pause(30ms);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 30ms);
  std::atomic<bool> paused{false};
  w.start(1, [&] {
    paused = true;
    w.pause(10s);
  });
  while (!paused.load()) std::this_thread::sleep_for(1ms);
  t0 = std::chrono::steady_clock::now();
  w.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}
