// Relationship use cases between accounts: follow (a request for locked accounts), unfollow,
// remove from followers, block, mute, follow-request decisions, and reading relationships and
// follower lists. Blocking: call from the blocking pool.
#pragma once

#include <optional>
#include <vector>

#include "services/accounts.h"
#include "services/statuses.h"

namespace parloir::services {

struct FollowOptions {
  std::optional<bool> reblogs;  // show their reblogs in home (default true)
  std::optional<bool> notify;   // notify on each new status (default false)
};

enum class RelationshipAction { unfollow, remove_from_followers, block, unblock, unmute, authorize, reject };

// Each returns the Relationship from the viewer to the target afterwards.
// Errors: not_found (no such account / suspended), forbidden (following someone who blocks you,
// acting on yourself where Mastodon forbids it).
util::Result<core::Relationship> follow_account(const Deps& deps, const LocalLogin& viewer, core::Id target,
                                                const FollowOptions& options);
util::Result<core::Relationship> mute_account(const Deps& deps, const LocalLogin& viewer, core::Id target,
                                              bool notifications, std::int64_t duration_seconds);
util::Result<core::Relationship> act_on_account(const Deps& deps, const LocalLogin& viewer, core::Id target,
                                                RelationshipAction action);

util::Result<std::vector<core::Relationship>> relationships(const Deps& deps, core::Id viewer,
                                                            const std::vector<core::Id>& targets);

enum class AccountList { followers, following, follow_requests, blocks, mutes };
// A page of accounts related to `account_id` (followers/following of any account; the
// others only of the viewer themself), with cursors. hide_collections hides followers/following
// from everyone but the owner.
util::Result<AccountPage> list_accounts(const Deps& deps, const Viewer& viewer, core::Id account_id, AccountList which,
                                        const core::PageRequest& page);

}  // namespace parloir::services
