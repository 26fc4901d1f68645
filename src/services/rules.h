// Instance rules (Mastodon's Rule): the list shown at sign-up and in the instance documents,
// named by reports (rule_ids). Managed by admins (manage_rules, checked by the caller) through
// the admin API and `parloir admin rule`; every change is audit-logged in its transaction
// (create_rule, update_rule, destroy_rule). Blocking.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/org.h"
#include "services/deps.h"
#include "services/moderation.h"

namespace parloir::services {

inline constexpr std::size_t kRuleTextMax = 300;  // characters, text and hint alike (Mastodon's)

struct RuleInput {
  std::optional<std::string> text;  // create: required
  std::optional<std::string> hint;
  std::optional<std::int64_t> priority;
};

// Live rules by priority, then id.
util::Result<std::vector<core::Rule>> list_rules(const Deps& deps);
// not_found ("Record not found") unless a live rule.
util::Result<core::Rule> get_rule(const Deps& deps, core::Id id);
// unprocessable when the text is blank or text/hint longer than 300 characters.
util::Result<core::Rule> create_rule(const Deps& deps, Actor actor, const RuleInput& in);
// Changes the given fields; not_found / unprocessable as above.
util::Result<core::Rule> update_rule(const Deps& deps, Actor actor, core::Id id, const RuleInput& in);
// Soft-deletes; not_found unless a live rule.
util::Status delete_rule(const Deps& deps, Actor actor, core::Id id);

struct RuleSeed {
  std::string text;
  std::string hint;
};
// Inserts `seeds` (instance.rules) when no rule was ever created, in one transaction; returns
// how many were inserted (0 when rules exist or existed). Not audit-logged (configuration).
util::Result<int> seed_rules(const Deps& deps, const std::vector<RuleSeed>& seeds);

// Rules of a report, deleted ones included, by priority then id.
util::Result<std::vector<core::Rule>> rules_by_ids(const Deps& deps, const std::vector<core::Id>& ids);

// A counter that changes whenever this process changed a rule or learnt that another process
// did (event_relay: InvalidateEvent rules): caches of documents holding rules compare it.
std::uint64_t rules_version();
void note_rules_changed();

}  // namespace parloir::services
