// ProcessingGate: at most `slots` decodes at once, so concurrent uploads cannot exhaust memory
// (each decode holds up to one full image). Callers on the blocking pool wait for a slot up to
// a timeout and fail with unavailable (503) after it. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <semaphore>
#include <utility>
#include <algorithm>

namespace parloir::media {

class ProcessingGate {
 public:
  explicit ProcessingGate(int slots) : sem_(std::max(1, slots)) {}

  // Releases its slot when destroyed.
  class Slot {
   public:
    explicit Slot(ProcessingGate* g) : gate_(g) {}
    Slot(Slot&& o) noexcept : gate_(std::exchange(o.gate_, nullptr)) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (gate_) gate_->sem_.release();
    }

   private:
    ProcessingGate* gate_;
  };

  // A held slot, or null when none became free within `timeout`.
  std::unique_ptr<Slot> acquire(std::chrono::milliseconds timeout) {
    if (!sem_.try_acquire_for(timeout)) return nullptr;
    return std::make_unique<Slot>(this);
  }

 private:
  std::counting_semaphore<1024> sem_;
};

}  // namespace parloir::media
