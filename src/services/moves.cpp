#include "services/moves.h"

#include <spdlog/spdlog.h>

#include "services/accounts.h"
#include "services/relationships.h"
#include "services/view_cache.h"

namespace parloir::services {

using util::fail;

util::Result<MoveOutcome> remote_move(const Deps& deps, const core::Account& origin, const core::Account& target) {
  std::vector<core::Follow> followers;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    if (auto s = tx.accounts().set_moved_to(origin.id, target.id); !s) return s;
    auto f = tx.graph().all_local_followers(origin.id);
    if (!f) return fail(f.error());
    followers = std::move(*f);
    return {};
  });
  if (!st) return fail(st.error());
  deps.views.invalidate_account(origin.id);

  MoveOutcome out;
  for (const auto& f : followers) {
    auto login = find_local_login(deps, f.account_id);
    if (!login || !*login || (*login)->account.suspended()) {
      ++out.skipped;
      continue;
    }
    auto rel = relationships(deps, f.account_id, {target.id});
    if (!rel || rel->empty() || rel->front().blocked_by || rel->front().blocking) {
      ++out.skipped;
      continue;
    }
    if (!rel->front().following && !rel->front().requested) {
      FollowOptions options;
      options.reblogs = f.show_reblogs;
      options.notify = f.notify;
      auto followed = follow_account(deps, **login, target.id, options);
      if (!followed) {
        spdlog::info("move: {} could not follow {}: {}", f.account_id, target.id, followed.error().public_message);
        ++out.skipped;
        continue;
      }
    }
    auto unfollowed = act_on_account(deps, **login, origin.id, RelationshipAction::unfollow);
    if (!unfollowed)
      spdlog::warn("move: {} could not unfollow {}: {}", f.account_id, origin.id, unfollowed.error().public_message);
    ++out.refollowed;
  }
  return out;
}

}  // namespace parloir::services
