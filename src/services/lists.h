// List use cases: a user's lists (private to their owner), their members (only accounts the
// owner follows, or the owner), which of the owner's lists hold an account, and the list
// timeline. Every status returned passes load_views. Blocking: call from the blocking pool.
// Errors: not_found ("Record not found") for a list that does not exist or is someone else's;
// unprocessable for validation failures (Mastodon's messages).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/lists.h"
#include "services/status_views.h"
#include "services/statuses.h"

namespace parloir::services {

inline constexpr std::size_t kMaxListTitle = 256;

struct ListInput {
  std::optional<std::string> title;  // required on create
  std::optional<core::RepliesPolicy> replies_policy;
  std::optional<bool> exclusive;
};

util::Result<std::vector<core::List>> lists_of(const Deps& deps, core::Id owner);
util::Result<core::List> get_list(const Deps& deps, core::Id owner, core::Id list_id);
// Title: not blank, at most kMaxListTitle characters.
util::Result<core::List> create_list(const Deps& deps, core::Id owner, const ListInput& input);
util::Result<core::List> update_list(const Deps& deps, core::Id owner, core::Id list_id, const ListInput& input);
util::Status delete_list(const Deps& deps, core::Id owner, core::Id list_id);

// Members, paged by membership (suspended accounts skipped).
util::Result<AccountPage> list_members(const Deps& deps, core::Id owner, core::Id list_id,
                                       const core::PageRequest& page);
// not_found when an account does not exist; unprocessable when the owner does not follow it.
// Adding a member twice is not an error.
util::Status add_list_members(const Deps& deps, core::Id owner, core::Id list_id, const std::vector<core::Id>& ids);
util::Status remove_list_members(const Deps& deps, core::Id owner, core::Id list_id, const std::vector<core::Id>& ids);
// The owner's lists that contain `account_id` (not_found when the account does not exist).
util::Result<std::vector<core::List>> lists_containing(const Deps& deps, core::Id owner, core::Id account_id);

// Statuses (and reblogs) of the members the owner still follows (and the owner's own, if a
// member), newest first; replies filtered by the list's replies_policy; visibility and
// blocks/mutes applied as on the home timeline.
util::Result<std::vector<StatusView>> list_timeline(const Deps& deps, core::Id owner, core::Id list_id,
                                                    const core::PageRequest& page);

}  // namespace parloir::services
