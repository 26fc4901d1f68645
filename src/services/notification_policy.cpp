#include "services/notification_policy.h"

#include <unordered_map>

#include "services/event_hub.h"
#include "services/reads.h"
#include "util/time.h"

namespace parloir::services {

using util::fail;

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr std::int64_t kNewAccountMs = 30 * kDayMs;   // Mastodon's NEW_ACCOUNT_THRESHOLD
constexpr std::int64_t kNewFollowerMs = 3 * kDayMs;   // Mastodon's NEW_FOLLOWER_THRESHOLD

util::Result<core::NotificationPolicy> policy_of(store::Tx& tx, core::Id account_id) {
  auto p = tx.notifications().find_policy(account_id);
  if (!p) return fail(p.error());
  return p->value_or(core::NotificationPolicy{});
}

bool asks(core::PolicyValue v) { return v != core::PolicyValue::accept; }

}  // namespace

util::Result<core::PolicyOutcome> screen_notification(store::Tx& tx, const Deps&, const core::Notification& n) {
  if (!core::filterable(n.type)) return core::PolicyOutcome::accept;
  auto policy = policy_of(tx, n.account_id);
  if (!policy) return fail(policy.error());
  const core::NotificationPolicy& p = *policy;
  core::SenderFacts f;
  const core::Id me = n.account_id, sender = n.from_account_id;
  // The sender is limited: only a policy of accept lets them through to non-followers.
  auto silenced = tx.moderation().silenced_among({sender});
  if (!silenced) return fail(silenced.error());
  f.sender_limited = !silenced->empty();
  const bool private_rule = asks(p.for_private_mentions) && n.type == core::NotificationType::mention && n.status_id;
  const bool needs_following = asks(p.for_not_following) || asks(p.for_new_accounts) || private_rule ||
                               (f.sender_limited && asks(p.for_limited_accounts));
  if (!needs_following && !asks(p.for_not_followers)) return core::PolicyOutcome::accept;
  f.recipient_follows_sender = true;  // assumed until read: no rule needing it then applies
  if (needs_following) {
    auto follow = tx.graph().find_follow(me, sender);
    if (!follow) return fail(follow.error());
    f.recipient_follows_sender = follow->has_value();
  }
  f.sender_follows_recipient_3_days = true;
  const std::int64_t now = util::now_ms();
  if (asks(p.for_not_followers)) {
    auto follow = tx.graph().find_follow(sender, me);
    if (!follow) return fail(follow.error());
    f.sender_follows_recipient_3_days = follow->has_value() && now - (*follow)->created_at >= kNewFollowerMs;
  }
  if (asks(p.for_new_accounts) && !f.recipient_follows_sender) {
    auto a = tx.accounts().find_by_id(sender);
    if (!a) return fail(a.error());
    f.sender_is_new = *a && now - (*a)->created_at < kNewAccountMs;
  }
  if (private_rule && !f.recipient_follows_sender) {
    auto s = tx.statuses().find(*n.status_id);
    if (!s) return fail(s.error());
    // why: Mastodon lets a private reply to the recipient through (a conversation they began).
    f.private_mention_not_in_reply = *s && (*s)->visibility == core::Visibility::direct &&
                                     (*s)->in_reply_to_account_id != std::optional<core::Id>(me);
  }
  core::PolicyOutcome out = core::apply_policy(p, n.type, f);
  if (out == core::PolicyOutcome::accept) return out;
  auto permitted = tx.notifications().has_permission(me, sender);
  if (!permitted) return fail(permitted.error());
  if (*permitted) {
    f.permitted = true;
    return core::apply_policy(p, n.type, f);
  }
  return out;
}

util::Status assign_group_key(store::Tx& tx, core::Notification& n) {
  if (n.filtered) return {};  // Mastodon leaves filtered notifications ungrouped
  std::string prefix = core::group_key_prefix(n.type, n.status_id);
  if (prefix.empty()) return {};
  auto latest = tx.notifications().latest_with_group_prefix(n.account_id, prefix);
  if (!latest) return fail(latest.error());
  std::optional<core::LatestInGroup> last;
  if (*latest && (*latest)->group_key) {
    if (auto b = core::group_key_bucket(*(*latest)->group_key)) last = core::LatestInGroup{*b, (*latest)->created_at};
  }
  n.group_key = prefix + std::to_string(core::choose_group_bucket(n.created_at, last));
  return {};
}

util::Result<PolicyView> get_notification_policy(const Deps& deps, core::Id me) {
  PolicyView out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto p = policy_of(tx, me);
    if (!p) return fail(p.error());
    out.policy = *p;
    auto s = tx.notifications().request_summary(me);
    if (!s) return fail(s.error());
    out.summary = *s;
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<PolicyView> update_notification_policy(const Deps& deps, core::Id me, const PolicyChange& change) {
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto p = policy_of(tx, me);
    if (!p) return fail(p.error());
    core::NotificationPolicy policy = *p;
    if (change.for_not_following) policy.for_not_following = *change.for_not_following;
    if (change.for_not_followers) policy.for_not_followers = *change.for_not_followers;
    if (change.for_new_accounts) policy.for_new_accounts = *change.for_new_accounts;
    if (change.for_private_mentions) policy.for_private_mentions = *change.for_private_mentions;
    if (change.for_limited_accounts) policy.for_limited_accounts = *change.for_limited_accounts;
    return tx.notifications().save_policy(me, policy);
  });
  if (!st) return fail(st.error());
  return get_notification_policy(deps, me);
}

namespace {

util::Result<std::vector<RequestView>> request_views(store::Tx& tx, const Deps& deps, core::Id me,
                                                     std::vector<core::NotificationRequest> list) {
  std::vector<core::Id> account_ids, status_ids;
  for (const auto& r : list) {
    account_ids.push_back(r.from_account_id);
    if (r.last_status_id) status_ids.push_back(*r.last_status_id);
  }
  auto accounts = tx.accounts().find_by_ids(account_ids);
  if (!accounts) return fail(accounts.error());
  std::unordered_map<core::Id, core::Account> by_id;
  for (auto& a : *accounts) by_id.emplace(a.id, std::move(a));
  auto statuses = tx.statuses().find_many(status_ids);
  if (!statuses) return fail(statuses.error());
  auto views = load_views(tx, deps, Viewer{me}, *statuses, ViewPurpose::direct);
  if (!views) return fail(views.error());
  std::unordered_map<core::Id, StatusView> view_by_id;
  for (auto& v : *views) view_by_id.emplace(v.status.id, std::move(v));
  std::vector<RequestView> out;
  for (auto& r : list) {
    auto a = by_id.find(r.from_account_id);
    if (a == by_id.end() || a->second.suspended()) continue;
    RequestView rv{std::move(r), a->second, std::nullopt};
    if (rv.request.last_status_id) {
      auto v = view_by_id.find(*rv.request.last_status_id);
      if (v != view_by_id.end()) rv.last_status = v->second;
    }
    out.push_back(std::move(rv));
  }
  return out;
}

}  // namespace

util::Result<std::vector<RequestView>> list_notification_requests(const Deps& deps, core::Id me,
                                                                  std::optional<core::Id> from_account_id,
                                                                  const core::PageRequest& page) {
  return read_page_views(
      deps, [&](store::Tx& tx) { return tx.notifications().list_requests(me, from_account_id, page); },
      [&](store::Tx& tx, std::vector<core::NotificationRequest> list) {
        return request_views(tx, deps, me, std::move(list));
      });
}

util::Result<RequestView> get_notification_request(const Deps& deps, core::Id me, core::Id id) {
  return read_found_view(
      deps, [&](store::Tx& tx) { return tx.notifications().find_request(me, id); },
      [&](store::Tx& tx, std::vector<core::NotificationRequest> list) {
        return request_views(tx, deps, me, std::move(list));
      });
}

namespace {

// Runs `each(tx, request)` for every request of `ids` in one write transaction.
template <class Fn>
util::Result<int> for_requests(const Deps& deps, core::Id me, const std::vector<core::Id>& ids, bool strict, Fn&& each) {
  int done = 0;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    done = 0;
    for (core::Id id : ids) {
      auto r = tx.notifications().find_request(me, id);
      if (!r) return fail(r.error());
      if (!*r) {
        if (strict) return fail(util::ErrorCode::not_found, "Record not found");
        continue;
      }
      if (auto s = each(tx, **r); !s) return s;
      auto d = tx.notifications().delete_request(me, id);
      if (!d) return fail(d.error());
      ++done;
    }
    return {};
  });
  if (!st) return fail(st.error());
  return done;
}

}  // namespace

util::Status accept_notification_requests(const Deps& deps, core::Id me, const std::vector<core::Id>& ids, bool strict) {
  const std::int64_t now = util::now_ms();
  auto done = for_requests(deps, me, ids, strict, [&](store::Tx& tx, const core::NotificationRequest& r) -> util::Status {
    if (auto s = tx.notifications().add_permission(me, r.from_account_id, now); !s) return s;
    auto moved = tx.notifications().unfilter_from(me, r.from_account_id);
    if (!moved) return fail(moved.error());
    return {};
  });
  if (!done) return fail(done.error());
  if (*done > 0) deps.events.publish(NotificationsMergedEvent{me});
  return {};
}

util::Status dismiss_notification_requests(const Deps& deps, core::Id me, const std::vector<core::Id>& ids, bool strict) {
  auto done = for_requests(deps, me, ids, strict, [&](store::Tx& tx, const core::NotificationRequest& r) -> util::Status {
    auto gone = tx.notifications().delete_filtered_from(me, r.from_account_id);
    if (!gone) return fail(gone.error());
    return {};
  });
  if (!done) return fail(done.error());
  return {};
}

}  // namespace parloir::services
