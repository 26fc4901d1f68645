#include "services/stream_support.h"

#include <algorithm>

#include "services/fanout.h"
#include "services/silencing.h"

namespace parloir::services {

using util::fail;

util::Result<StreamGate> stream_gate(const Deps& deps, const core::Status& status, const std::vector<core::Id>& viewers) {
  StreamGate out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto visible = timeline_visibility(tx, deps, status, viewers);
    if (!visible) return fail(visible.error());
    out.visible = std::move(*visible);
    auto broadcast = silenced_broadcast_audience(tx, status.account_id, viewers);
    if (!broadcast) return fail(broadcast.error());
    out.broadcast = std::move(*broadcast);
    for (std::size_t i = 0; i < viewers.size(); ++i) {
      if (!out.visible[i]) continue;
      auto views = load_views(tx, deps, Viewer{viewers[i]}, {status}, ViewPurpose::timeline);
      if (!views) return fail(views.error());
      if (!views->empty()) out.view = std::move(views->front());
      break;
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::vector<core::Id>> home_audience(const Deps& deps, const core::Status& status) {
  std::vector<core::Id> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto plan = plan_fanout(tx, deps, status);
    if (!plan) return fail(plan.error());
    out = std::move(plan->home_recipients);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<bool> list_shows(const Deps& deps, core::Id owner, core::Id list_id, const core::Status& s) {
  bool shows = false;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto list = tx.lists().find(list_id);
    if (!list) return fail(list.error());
    if (!*list || (*list)->account_id != owner) return {};
    auto members = tx.lists().all_member_ids(list_id);
    if (!members) return fail(members.error());
    auto is_member = [&](core::Id id) { return std::find(members->begin(), members->end(), id) != members->end(); };
    if (!is_member(s.account_id)) return {};
    if (s.account_id != owner) {
      auto follow = tx.graph().find_follow(owner, s.account_id);
      if (!follow) return fail(follow.error());
      if (!*follow) return {};  // unfollowed since: out of the list's feed
    }
    // Replies to others pass per the list's policy (replies to oneself always do).
    if (s.in_reply_to_account_id && *s.in_reply_to_account_id != s.account_id) {
      const core::Id to = *s.in_reply_to_account_id;
      switch ((*list)->replies_policy) {
        case core::RepliesPolicy::none: return {};
        case core::RepliesPolicy::list:
          if (!is_member(to) && to != owner) return {};
          break;
        case core::RepliesPolicy::followed: {
          if (to == owner) break;
          auto f = tx.graph().find_follow(owner, to);
          if (!f) return fail(f.error());
          if (!*f) return {};
          break;
        }
      }
    }
    shows = true;
    return {};
  });
  if (!st) return fail(st.error());
  return shows;
}

util::Result<std::optional<ConversationView>> conversation_for(const Deps& deps, core::Id viewer,
                                                               core::Id conversation_id) {
  return find_conversation(deps, viewer, conversation_id);
}

util::Result<std::vector<std::string>> invalid_tokens(const Deps& deps, const std::vector<std::string>& hashes) {
  std::vector<std::string> out;
  if (hashes.empty()) return out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    for (const auto& h : hashes) {
      auto token = tx.oauth().find_token(h);
      if (!token) return fail(token.error());
      bool valid = *token && !(*token)->revoked_at;
      if (valid && (*token)->account_id) {
        auto account = tx.accounts().find_by_id(*(*token)->account_id);
        if (!account) return fail(account.error());
        auto user = tx.accounts().find_user_by_account(*(*token)->account_id);
        if (!user) return fail(user.error());
        valid = *account && *user && !(*account)->suspended() && !(*user)->disabled;
      }
      if (!valid) out.push_back(h);
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

}  // namespace parloir::services
