// EventHub and EventBatch: listeners get every event in order; a batch publishes only on flush.
#include "services/event_hub.h"

#include <gtest/gtest.h>

namespace parloir::services {
namespace {

std::vector<core::Id> recorded_ids(const std::vector<Event>& events) {
  std::vector<core::Id> out;
  for (const auto& e : events)
    if (auto* n = std::get_if<NotificationEvent>(&e)) out.push_back(n->notification_id);
  return out;
}

TEST(EventHub, DeliversToEverySubscriberUntilUnsubscribed) {
  EventHub hub;
  std::vector<Event> a, b;
  auto ida = hub.subscribe([&](const std::shared_ptr<const Event>& e) { a.push_back(*e); });
  hub.subscribe([&](const std::shared_ptr<const Event>& e) { b.push_back(*e); });
  hub.publish(NotificationEvent{1, 10});
  hub.unsubscribe(ida);
  hub.publish(NotificationEvent{1, 11});
  EXPECT_EQ(recorded_ids(a), (std::vector<core::Id>{10}));
  EXPECT_EQ(recorded_ids(b), (std::vector<core::Id>{10, 11}));
}

TEST(EventBatch, PublishesOnFlushOnlyAndNests) {
  EventHub hub;
  std::vector<Event> got;
  hub.subscribe([&](const std::shared_ptr<const Event>& e) { got.push_back(*e); });
  EXPECT_EQ(EventBatch::current(), nullptr);
  {
    EventBatch failed(hub);
    EventBatch::current()->add(NotificationEvent{1, 1});
  }  // not flushed: a failed write publishes nothing
  EXPECT_TRUE(got.empty());
  {
    EventBatch outer(hub);
    outer.add(NotificationEvent{1, 2});
    {
      EventBatch inner(hub);
      EXPECT_EQ(EventBatch::current(), &inner);
      EventBatch::current()->add(NotificationEvent{1, 3});
      inner.flush();
    }
    EXPECT_EQ(EventBatch::current(), &outer);
    outer.flush();
    outer.flush();  // nothing twice
  }
  EXPECT_EQ(recorded_ids(got), (std::vector<core::Id>{3, 2}));
  EXPECT_EQ(EventBatch::current(), nullptr);
}

}  // namespace
}  // namespace parloir::services
