#include "services/relationships.h"

#include <unordered_map>

#include "services/event_hub.h"
#include "services/fanout.h"
#include "services/federation.h"
#include "services/view_cache.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

util::Result<core::Account> require_target(store::Tx& tx, core::Id target) {
  auto a = tx.accounts().find_by_id(target);
  if (!a) return fail(a.error());
  if (!*a || (*a)->suspended()) return fail(ErrorCode::not_found, "Record not found");
  return **a;
}

util::Result<core::Relationship> relationship_in(store::Tx& tx, core::Id viewer, core::Id target) {
  auto r = tx.graph().relationships(viewer, {target}, util::now_ms());
  if (!r) return fail(r.error());
  if (r->empty()) {
    core::Relationship none;
    none.target_account_id = target;
    return none;
  }
  return r->front();
}

// Takes `member` out of every list of `owner` (Mastodon removes an account from your lists
// when you stop following it).
util::Status leave_lists(store::Tx& tx, core::Id owner, core::Id member) {
  auto lists = tx.lists().lists_containing(owner, member);
  if (!lists) return fail(lists.error());
  for (const auto& l : *lists)
    if (auto s = tx.lists().remove_members(l.id, {member}); !s) return s;
  return {};
}

// Runs `fn` in a write transaction, then reads the relationship.
template <class F>
util::Result<core::Relationship> mutate(const Deps& deps, core::Id viewer, core::Id target, F fn) {
  core::Relationship out;
  EventBatch events(deps.events);  // notifications (follow, follow_request), sent after the commit
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto account = require_target(tx, target);
    if (!account) return fail(account.error());
    if (auto s = fn(tx, *account); !s) return s;
    auto r = relationship_in(tx, viewer, target);
    if (!r) return fail(r.error());
    out = *r;
    return {};
  });
  // why: counters and relationship facts of both accounts may have changed.
  deps.views.invalidate_relationship(viewer, target);
  deps.views.invalidate_account(viewer);
  deps.views.invalidate_account(target);
  if (!st) return fail(st.error());
  events.flush();
  return out;
}

}  // namespace

util::Result<core::Relationship> follow_account(const Deps& deps, const LocalLogin& viewer, core::Id target,
                                                const FollowOptions& options) {
  core::Id me = viewer.account.id;
  if (me == target) return fail(ErrorCode::forbidden, "This action is not allowed");
  bool now_following = false;
  auto rel = mutate(deps, me, target, [&](store::Tx& tx, const core::Account& account) -> util::Status {
    auto r = relationship_in(tx, me, target);
    if (!r) return fail(r.error());
    if (r->blocked_by || r->blocking) return fail(ErrorCode::forbidden, "This action is not allowed");
    std::int64_t now = util::now_ms();
    if (r->following) {
      auto f = tx.graph().find_follow(me, target);
      if (!f) return fail(f.error());
      if (!*f) return {};
      core::Follow updated = **f;
      if (options.reblogs) updated.show_reblogs = *options.reblogs;
      if (options.notify) updated.notify = *options.notify;
      return tx.graph().update_follow(updated);
    }
    if (r->requested) return {};
    core::Follow f{deps.ids.next(now), me, target, options.reblogs.value_or(true), options.notify.value_or(false), now};
    if (!account.is_local()) {
      // why: a remote follow is a request until the remote server answers Accept (as Mastodon).
      if (!deps.federation) return fail(ErrorCode::unprocessable, "Federation is disabled on this server");
      if (auto s = tx.graph().insert_follow_request(f); !s) return s;
      return deps.federation->on_follow(tx, viewer.account, account, false);
    }
    if (account.locked) {
      if (auto s = tx.graph().insert_follow_request(f); !s) return s;
      return notify(tx, deps, target, me, core::NotificationType::follow_request, std::nullopt);
    }
    if (auto s = tx.graph().insert_follow(f); !s) return s;
    now_following = true;
    return notify(tx, deps, target, me, core::NotificationType::follow, std::nullopt);
  });
  if (rel && now_following) deps.feeds.invalidate(me);  // rebuilt with the new account's statuses
  return rel;
}

util::Result<core::Relationship> mute_account(const Deps& deps, const LocalLogin& viewer, core::Id target,
                                              bool notifications, std::int64_t duration_seconds) {
  core::Id me = viewer.account.id;
  if (me == target) return fail(ErrorCode::forbidden, "This action is not allowed");
  auto rel = mutate(deps, me, target, [&](store::Tx& tx, const core::Account&) -> util::Status {
    std::int64_t now = util::now_ms();
    core::Mute m;
    m.id = deps.ids.next(now);
    m.account_id = me;
    m.target_account_id = target;
    m.hide_notifications = notifications;
    if (duration_seconds > 0) m.expires_at = now + duration_seconds * 1000;
    m.created_at = now;
    return tx.graph().upsert_mute(m);
  });
  return rel;
}

util::Result<core::Relationship> act_on_account(const Deps& deps, const LocalLogin& viewer, core::Id target,
                                                RelationshipAction action) {
  core::Id me = viewer.account.id;
  if (me == target && action == RelationshipAction::block) return fail(ErrorCode::forbidden, "This action is not allowed");
  bool feed_changed = false;
  auto rel = mutate(deps, me, target, [&](store::Tx& tx, const core::Account& account) -> util::Status {
    auto& g = tx.graph();
    services::FederationHooks* fed = account.is_local() ? nullptr : deps.federation;
    std::int64_t now = util::now_ms();
    util::Result<bool> r = false;
    switch (action) {
      case RelationshipAction::unfollow:
        r = g.remove_follow(me, target);
        if (r && !*r) r = g.remove_follow_request(me, target);
        if (r && *r && fed)
          if (auto h = fed->on_follow(tx, viewer.account, account, true); !h) return h;
        if (auto s = leave_lists(tx, me, target); !s) return s;
        feed_changed = true;
        break;
      case RelationshipAction::remove_from_followers:
        r = g.remove_follow(target, me);
        if (r && *r && fed)
          if (auto h = fed->on_follow_decision(tx, viewer.account, account, false); !h) return h;
        break;
      case RelationshipAction::block: {
        if (auto s = g.insert_block(deps.ids.next(now), me, target, now); !s) return s;
        // why: a block severs follows and pending requests both ways, as in Mastodon.
        for (auto [a, b] : {std::pair{me, target}, std::pair{target, me}}) {
          if (auto x = g.remove_follow(a, b); !x) return fail(x.error());
          if (auto x = g.remove_follow_request(a, b); !x) return fail(x.error());
          if (auto x = leave_lists(tx, a, b); !x) return x;
        }
        feed_changed = true;
        if (fed)
          if (auto h = fed->on_block(tx, viewer.account, account, false); !h) return h;
        break;
      }
      case RelationshipAction::unblock:
        r = g.remove_block(me, target);
        if (r && *r && fed)
          if (auto h = fed->on_block(tx, viewer.account, account, true); !h) return h;
        break;
      case RelationshipAction::unmute: r = g.remove_mute(me, target); break;
      case RelationshipAction::authorize: {
        auto req = g.find_follow_request(target, me);
        if (!req) return fail(req.error());
        if (!*req) return fail(ErrorCode::not_found, "Record not found");
        if (auto x = g.remove_follow_request(target, me); !x) return fail(x.error());
        core::Follow f = **req;
        f.id = deps.ids.next(now);
        f.created_at = now;
        if (auto s = g.insert_follow(f); !s) return s;
        deps.feeds.invalidate(target);
        if (fed)
          if (auto h = fed->on_follow_decision(tx, viewer.account, account, true); !h) return h;
        return notify(tx, deps, target, me, core::NotificationType::follow, std::nullopt);
      }
      case RelationshipAction::reject: {
        auto x = g.remove_follow_request(target, me);
        if (!x) return fail(x.error());
        if (!*x) return fail(ErrorCode::not_found, "Record not found");
        if (fed)
          if (auto h = fed->on_follow_decision(tx, viewer.account, account, false); !h) return h;
        break;
      }
    }
    if (!r) return fail(r.error());
    return {};
  });
  if (rel && feed_changed) deps.feeds.invalidate(me);
  return rel;
}

util::Result<std::vector<core::Relationship>> relationships(const Deps& deps, core::Id viewer,
                                                            const std::vector<core::Id>& targets) {
  std::vector<core::Relationship> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto r = tx.graph().relationships(viewer, targets, util::now_ms());
    if (!r) return fail(r.error());
    out = std::move(*r);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<AccountPage> list_accounts(const Deps& deps, const Viewer& viewer, core::Id account_id, AccountList which,
                                        const core::PageRequest& page) {
  AccountPage out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto owner = require_target(tx, account_id);
    if (!owner) return fail(owner.error());
    bool is_owner = viewer.account_id && *viewer.account_id == account_id;
    std::vector<store::Cursored<core::Id>> rows;
    std::unordered_map<core::Id, std::optional<std::int64_t>> expiries;
    auto& g = tx.graph();
    switch (which) {
      case AccountList::followers:
      case AccountList::following: {
        if (owner->hide_collections && !is_owner) return {};
        auto r = which == AccountList::followers ? g.list_followers(account_id, page) : g.list_following(account_id, page);
        if (!r) return fail(r.error());
        rows = std::move(*r);
        break;
      }
      case AccountList::follow_requests: {
        auto r = g.list_follow_requests(account_id, page);
        if (!r) return fail(r.error());
        rows = std::move(*r);
        break;
      }
      case AccountList::blocks: {
        auto r = g.list_blocks(account_id, page);
        if (!r) return fail(r.error());
        rows = std::move(*r);
        break;
      }
      case AccountList::mutes: {
        auto r = g.list_mutes(account_id, page);
        if (!r) return fail(r.error());
        for (auto& m : *r) {
          rows.push_back({m.cursor, m.item.target_account_id});
          expiries[m.item.target_account_id] = m.item.expires_at;
        }
        break;
      }
    }
    return fill_account_page(tx, rows, out, [&](std::size_t i) {
      if (which == AccountList::mutes) out.mute_expires_at.push_back(expiries[rows[i].item]);
    });
  });
  if (!st) return fail(st.error());
  return out;
}

}  // namespace parloir::services
