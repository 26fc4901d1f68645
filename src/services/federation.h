// FederationHooks: how use cases tell the federation layer what happened, without services
// knowing ActivityPub (dependency inversion: federation/ implements this, app/ wires it into
// Deps::federation; null when federation is off or in the admin CLI).
//
// The on_* hooks are called INSIDE the action's write transaction, after the action's rows are
// written, so the deliveries they enqueue commit or roll back with the action (transactional
// outbox). They decide themselves whether anything must be sent (e.g. nothing for a local-only
// status or between two local accounts), must not do network I/O, and fail only on storage
// errors (which roll the action back). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/status.h"
#include "store/store.h"
#include "util/result.h"

namespace parloir::services {

class FederationHooks {
 public:
  virtual ~FederationHooks() = default;

  virtual util::Status on_status_posted(store::Tx& tx, const core::Account& author, const core::Status& status) = 0;
  virtual util::Status on_status_edited(store::Tx& tx, const core::Account& author, const core::Status& status) = 0;
  // `status` is the row as it was before deletion (a reblog wrapper for an unreblog is not
  // passed here; see on_reblog).
  virtual util::Status on_status_deleted(store::Tx& tx, const core::Account& author, const core::Status& status) = 0;
  virtual util::Status on_favourite(store::Tx& tx, const core::Account& actor, const core::Status& status,
                                    bool undo) = 0;
  virtual util::Status on_reblog(store::Tx& tx, const core::Account& actor, const core::Status& wrapper,
                                 const core::Status& original, bool undo) = 0;
  // A local account followed (undo: unfollowed or withdrew the request of) a remote account.
  virtual util::Status on_follow(store::Tx& tx, const core::Account& follower, const core::Account& target,
                                 bool undo) = 0;
  // A local account accepted or rejected a remote follower (or follow request).
  virtual util::Status on_follow_decision(store::Tx& tx, const core::Account& target, const core::Account& follower,
                                          bool accepted) = 0;
  virtual util::Status on_block(store::Tx& tx, const core::Account& actor, const core::Account& target, bool undo) = 0;
  virtual util::Status on_profile_updated(store::Tx& tx, const core::Account& account) = 0;
  // A local account voted `choices` (option indexes) in the poll of remote `status` by `author`:
  // one Create(Note) per choice (name = the option, inReplyTo = the status) to the author.
  virtual util::Status on_poll_vote(store::Tx& tx, const core::Account& voter, const core::Account& author,
                                    const core::Status& status, const std::vector<int>& choices) = 0;
  // The poll of the local `status` by `author` changed its tallies or ended: an
  // Update(Question) with the current tallies (and `closed` once ended) goes to the status's
  // audience and to the poll's remote voters. Called by the coalescing runner
  // (services::send_due_poll_updates) and when the poll ends, never once per vote.
  virtual util::Status on_poll_updated(store::Tx& tx, const core::Account& author, const core::Status& status) = 0;
  // A local user filed report `report_id` about the remote account `target` (with some of its
  // `statuses`) and chose to forward it: a Flag from the instance actor goes to its instance.
  virtual util::Status on_report_forwarded(store::Tx& tx, core::Id report_id, const core::Account& target,
                                           const std::vector<core::Status>& statuses, const std::string& comment) = 0;

  // Resolves `username@domain` (WebFinger, then the actor document) into a stored remote
  // account, creating or refreshing it. Network I/O: call from the blocking pool, outside any
  // transaction. nullopt when the handle does not resolve or the domain may not be contacted.
  virtual util::Result<std::optional<core::Id>> resolve_handle(const std::string& username,
                                                               const std::string& domain) = 0;
};

}  // namespace parloir::services
