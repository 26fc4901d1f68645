#include "services/event_hub.h"

namespace parloir::services {

namespace {
thread_local EventBatch* t_current_batch = nullptr;
}  // namespace

void EventHub::publish(Event event) {
  std::shared_ptr<const std::vector<std::pair<std::uint64_t, Listener>>> listeners;
  {
    std::lock_guard lock(mutex_);
    listeners = listeners_;
  }
  if (listeners->empty()) return;
  auto shared = std::make_shared<const Event>(std::move(event));
  for (const auto& [id, listener] : *listeners) listener(shared);
}

std::uint64_t EventHub::subscribe(Listener listener) {
  std::lock_guard lock(mutex_);
  auto next = std::make_shared<std::vector<std::pair<std::uint64_t, Listener>>>(*listeners_);
  std::uint64_t id = next_id_++;
  next->emplace_back(id, std::move(listener));
  listeners_ = std::move(next);
  return id;
}

void EventHub::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto next = std::make_shared<std::vector<std::pair<std::uint64_t, Listener>>>();
  for (const auto& l : *listeners_)
    if (l.first != id) next->push_back(l);
  listeners_ = std::move(next);
}

EventBatch::EventBatch(EventPublisher& publisher) : publisher_(publisher), outer_(t_current_batch) {
  t_current_batch = this;
}

EventBatch::~EventBatch() { t_current_batch = outer_; }

void EventBatch::add(Event event) { events_.push_back(std::move(event)); }

void EventBatch::flush() {
  auto events = std::move(events_);
  events_.clear();
  for (auto& e : events) publisher_.publish(std::move(e));
}

EventBatch* EventBatch::current() { return t_current_batch; }

}  // namespace parloir::services
