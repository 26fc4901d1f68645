// Outbox: the FederationHooks implementation. Turns local actions into ActivityPub activities
// (Create/Update/Delete Note, Follow, Accept/Reject, Undo, Like, Announce, Block, Update
// Person) addressed by visibility, and enqueues one delivery per distinct inbox (shared inboxes
// preferred, so a server hosting many followers gets one copy) in the action's own transaction.
// Peers the DomainGate refuses get nothing. Thread-safe (stateless beyond Context).
#pragma once

#include <functional>

#include "federation/context.h"
#include "services/federation.h"

namespace parloir::federation {

class Resolver;

class Outbox final : public services::FederationHooks {
 public:
  // `wake` is called after an enqueue so the delivery worker looks at the queue soon.
  Outbox(Context& ctx, Resolver& resolver, std::function<void()> wake)
      : ctx_(ctx), resolver_(resolver), wake_(std::move(wake)) {}

  util::Status on_status_posted(store::Tx& tx, const core::Account& author, const core::Status& status) override;
  util::Status on_status_edited(store::Tx& tx, const core::Account& author, const core::Status& status) override;
  util::Status on_status_deleted(store::Tx& tx, const core::Account& author, const core::Status& status) override;
  util::Status on_favourite(store::Tx& tx, const core::Account& actor, const core::Status& status, bool undo) override;
  util::Status on_reblog(store::Tx& tx, const core::Account& actor, const core::Status& wrapper,
                         const core::Status& original, bool undo) override;
  util::Status on_follow(store::Tx& tx, const core::Account& follower, const core::Account& target, bool undo) override;
  util::Status on_follow_decision(store::Tx& tx, const core::Account& target, const core::Account& follower,
                                  bool accepted) override;
  util::Status on_block(store::Tx& tx, const core::Account& actor, const core::Account& target, bool undo) override;
  util::Status on_profile_updated(store::Tx& tx, const core::Account& account) override;
  util::Status on_poll_vote(store::Tx& tx, const core::Account& voter, const core::Account& author,
                            const core::Status& status, const std::vector<int>& choices) override;
  util::Status on_poll_updated(store::Tx& tx, const core::Account& author, const core::Status& status) override;
  util::Status on_report_forwarded(store::Tx& tx, core::Id report_id, const core::Account& target,
                                   const std::vector<core::Status>& statuses, const std::string& comment) override;
  util::Result<std::optional<core::Id>> resolve_handle(const std::string& username, const std::string& domain) override;

 private:
  // Enqueues `activity` from `sender` (account id 0: the instance actor) to each permitted,
  // distinct inbox.
  util::Status enqueue(store::Tx& tx, const core::Account& sender, const std::string& activity,
                       std::vector<std::string> inboxes);
  // Inboxes for a status: remote followers of the author (not for direct) + remote mentioned.
  util::Result<std::vector<std::string>> status_inboxes(store::Tx& tx, const core::Account& author,
                                                        core::Visibility visibility,
                                                        const std::vector<core::Id>& mentioned);
  util::Result<std::vector<std::string>> inbox_of(store::Tx& tx, const core::Account& remote);
  util::Status send_note(store::Tx& tx, const core::Account& author, const core::Status& status, const char* type);

  Context& ctx_;
  Resolver& resolver_;
  std::function<void()> wake_;
};

}  // namespace parloir::federation
