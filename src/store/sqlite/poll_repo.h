// SqlitePollRepo: the polls and poll_votes tables (migration 5), and load_polls, which status
// loading uses to attach polls to statuses. Internal to store/sqlite; ownership and threading as
// in repos.h.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "store/polls.h"
#include "store/sqlite/repo_base.h"

namespace parloir::store::sqlite {

// Polls by id (unknown ids are absent from the map).
Result<std::unordered_map<Id, core::Poll>> load_polls(Connection& conn, const std::vector<Id>& poll_ids);

// Poll options <-> their stored JSON array of strings.
std::string options_to_json(const std::vector<std::string>& options);
// nullopt when the text is not a JSON array of strings.
std::optional<std::vector<std::string>> options_from_json(const std::string& json);

class SqlitePollRepo final : public PollRepo, private RepoBase {
 public:
  SqlitePollRepo(Connection& conn, bool writable) : RepoBase(conn, writable) {}

  // Atomic on its own. The status must exist (foreign key).
  Status insert(const core::Poll& poll) override;
  Status update(const core::Poll& poll, bool reset_votes) override;
  Status remove_for_status(Id status_id) override;
  Result<std::optional<core::Poll>> find(Id poll_id) override;
  // Atomic on its own: either every choice is recorded with the tallies, or nothing.
  Status add_votes(Id poll_id, Id account_id, const std::vector<int>& choices, std::int64_t now) override;
  Result<std::unordered_map<Id, std::vector<int>>> own_votes(Id account_id, const std::vector<Id>& poll_ids) override;
  Result<std::vector<Id>> voters(Id poll_id) override;
  Result<std::vector<core::Poll>> list_ended_unhandled(std::int64_t now_ms, int limit) override;
  Status mark_end_handled(Id poll_id) override;
  Status set_remote_state(const core::Poll& poll) override;
  Status mark_update_due(Id poll_id, std::int64_t due_at) override;
  Result<std::vector<Id>> take_due_updates(std::int64_t now_ms, int limit) override;
};

}  // namespace parloir::store::sqlite
