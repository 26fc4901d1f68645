#include "services/fanout.h"

#include <algorithm>

#include "services/event_hub.h"
#include "services/notification_policy.h"
#include "services/silencing.h"
#include "util/time.h"


namespace parloir::services {

using util::fail;

util::Result<FanoutPlan> plan_fanout(store::Tx& tx, const Deps&, const core::Status& s) {
  FanoutPlan plan;
  plan.home_recipients.push_back(s.account_id);
  std::vector<core::Id> candidates;
  if (s.visibility != core::Visibility::direct) {
    auto followers = tx.graph().local_followers(s.account_id);
    if (!followers) return fail(followers.error());
    const store::LocalFollowers& fl = **followers;
    candidates.reserve(fl.ids.size() + s.mentioned_account_ids.size());
    for (std::size_t i = 0; i < fl.ids.size(); ++i) {
      if (fl.notify(i)) plan.notify_followers.push_back(fl.ids[i]);
      if (s.is_reblog() && !fl.show_reblogs(i)) continue;
      candidates.push_back(fl.ids[i]);
    }
  }
  // why: FeedManager#filter_from_home keeps replies to others only for followers of both.
  bool reply_to_other = s.in_reply_to_account_id && *s.in_reply_to_account_id != s.account_id;
  if (reply_to_other && !candidates.empty()) {
    auto kept = tx.graph().followers_among(*s.in_reply_to_account_id, candidates);
    if (!kept) return fail(kept.error());
    for (core::Id c : candidates)
      if (c == *s.in_reply_to_account_id) kept->push_back(c);
    candidates = std::move(*kept);
  }
  for (core::Id m : s.mentioned_account_ids) candidates.push_back(m);
  if (candidates.empty()) return plan;
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  // Drop recipients who block or mute the author (one batch query), and those who put the
  // author in an exclusive list (FeedManager#filter_from_home's exclusive_list_users).
  auto blockers = tx.graph().blocking_or_muting_among(s.account_id, candidates);
  if (!blockers) return fail(blockers.error());
  std::vector<core::Id> excluded = std::move(*blockers);
  auto exclusive = tx.lists().exclusive_list_owners(s.account_id);
  if (!exclusive) return fail(exclusive.error());
  excluded.insert(excluded.end(), exclusive->begin(), exclusive->end());
  // why: sorted vectors, not hash sets: ~85 k instructions per post went to building and
  // freeing a set of the ~200 followers (callgrind, session 5).
  std::sort(excluded.begin(), excluded.end());
  plan.home_recipients.reserve(1 + candidates.size());
  for (core::Id c : candidates)  // sorted and unique; the author is already first
    if (c != s.account_id && !std::binary_search(excluded.begin(), excluded.end(), c)) plan.home_recipients.push_back(c);
  return plan;
}

void apply_fanout(const Deps& deps, const FanoutPlan& plan, core::Id status_id) {
  for (core::Id r : plan.home_recipients) deps.feeds.push(r, status_id);
}

void publish_created(const Deps& deps, EventBatch& batch, const core::Status& s, const FanoutPlan& plan) {
  deps.events.publish(StatusEvent{StatusEventKind::created, s, plan.home_recipients, {}});
  if (s.visibility == core::Visibility::direct && !s.is_reblog()) {
    ConversationEvent c{s.conversation_id, s.id, {s.account_id}};
    for (core::Id m : s.mentioned_account_ids)
      if (m != s.account_id) c.participants.push_back(m);
    deps.events.publish(std::move(c));
  }
  batch.flush();
}

util::Status notify(store::Tx& tx, const Deps& deps, core::Id recipient, core::Id actor, core::NotificationType type,
                    std::optional<core::Id> status_id) {
  if (recipient == actor) return {};
  auto user = tx.accounts().find_user_by_account(recipient);
  if (!user) return fail(user.error());
  if (!*user) return {};  // remote recipients are told through federation
  std::int64_t now = util::now_ms();
  auto silenced = tx.graph().silences_notifications_from(recipient, actor, now);
  if (!silenced) return fail(silenced.error());
  if (*silenced) return {};
  // A muted conversation sends no notifications about its statuses (Mastodon's NotifyService).
  if (status_id && type != core::NotificationType::follow && type != core::NotificationType::follow_request) {
    auto muted = tx.interactions().conversation_muted(recipient, *status_id);
    if (!muted) return fail(muted.error());
    if (*muted) return {};
  }
  core::Notification n;
  n.id = deps.ids.next(now);
  n.account_id = recipient;
  n.from_account_id = actor;
  n.type = type;
  n.status_id = status_id;
  n.created_at = now;
  // The recipient's policy (notification_policy.h): a silenced (limited) actor's notifications
  // to non-followers are filtered into a request by default, or dropped, as the policy says.
  auto outcome = screen_notification(tx, deps, n);
  if (!outcome) return fail(outcome.error());
  if (*outcome == core::PolicyOutcome::drop) return {};
  n.filtered = *outcome == core::PolicyOutcome::filter;
  if (n.filtered) {
    std::optional<core::Id> about = type == core::NotificationType::mention ? status_id : std::nullopt;
    if (auto st = tx.notifications().note_filtered(deps.ids.next(now), recipient, actor, about, now); !st) return st;
  }
  if (auto st = assign_group_key(tx, n); !st) return st;
  if (auto st = tx.notifications().insert(n); !st) return st;
  if (auto* batch = EventBatch::current(); batch && !n.filtered) batch->add(NotificationEvent{recipient, n.id});
  return {};
}

util::Status notify_for_new_status(store::Tx& tx, const Deps& deps, const core::Status& s, const FanoutPlan& plan) {
  for (core::Id m : s.mentioned_account_ids)
    if (auto st = notify(tx, deps, m, s.account_id, core::NotificationType::mention, s.id); !st) return st;
  if (s.visibility == core::Visibility::direct || s.is_reblog()) return {};
  for (core::Id f : plan.notify_followers) {
    if (std::find(s.mentioned_account_ids.begin(), s.mentioned_account_ids.end(), f) != s.mentioned_account_ids.end())
      continue;
    if (auto st = notify(tx, deps, f, s.account_id, core::NotificationType::status, s.id); !st) return st;
  }
  return {};
}

util::Status notify_update(store::Tx& tx, const Deps& deps, const core::Status& s) {
  core::PageRequest page;
  page.limit = 1000;
  auto rebloggers = tx.interactions().list_reblogged_by(s.id, page);
  if (!rebloggers) return fail(rebloggers.error());
  for (const auto& r : *rebloggers)
    if (auto st = notify(tx, deps, r.item, s.account_id, core::NotificationType::update, s.id); !st) return st;
  return {};
}

}  // namespace parloir::services
