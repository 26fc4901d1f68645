#include "services/rules.h"

#include "services/event_hub.h"
#include "services/reads.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

std::atomic<std::uint64_t> g_rules_version{1};

util::Error rule_not_found() { return util::Error{ErrorCode::not_found, "Record not found", {}}; }

util::Status validate(const core::Rule& r) {
  if (util::trim(r.text).empty()) return fail(ErrorCode::unprocessable, "Validation failed: Text can't be blank");
  if (!util::is_valid_utf8(r.text) || !util::is_valid_utf8(r.hint))
    return fail(ErrorCode::unprocessable, "Validation failed: Text is not valid UTF-8");
  if (util::utf8_length(r.text) > kRuleTextMax)
    return fail(ErrorCode::unprocessable, "Validation failed: Text is too long (maximum is 300 characters)");
  if (util::utf8_length(r.hint) > kRuleTextMax)
    return fail(ErrorCode::unprocessable, "Validation failed: Hint is too long (maximum is 300 characters)");
  return {};
}

void apply(core::Rule& r, const RuleInput& in) {
  if (in.text) r.text = std::string(util::trim(*in.text));
  if (in.hint) r.hint = std::string(util::trim(*in.hint));
  if (in.priority) r.priority = *in.priority;
}

// After a committed change: this process's caches, and other processes through the relay.
void changed(const Deps& deps) {
  note_rules_changed();
  deps.events.publish(InvalidateEvent{InvalidateKind::rules, 0});
}

}  // namespace

std::uint64_t rules_version() { return g_rules_version.load(std::memory_order_acquire); }
void note_rules_changed() { g_rules_version.fetch_add(1, std::memory_order_acq_rel); }

util::Result<std::vector<core::Rule>> list_rules(const Deps& deps) {
  return read_value(deps, [](store::Tx& tx) { return tx.rules().list(); });
}

util::Result<std::vector<core::Rule>> rules_by_ids(const Deps& deps, const std::vector<core::Id>& ids) {
  if (ids.empty()) return std::vector<core::Rule>{};
  return read_value(deps, [&](store::Tx& tx) { return tx.rules().find_any(ids); });
}

util::Result<core::Rule> get_rule(const Deps& deps, core::Id id) {
  return read_found(deps, [&](store::Tx& tx) { return tx.rules().find(id); }, rule_not_found());
}

util::Result<core::Rule> create_rule(const Deps& deps, Actor actor, const RuleInput& in) {
  core::Rule r;
  apply(r, in);
  if (auto v = validate(r); !v) return fail(v.error());
  r.created_at = r.updated_at = util::now_ms();
  std::optional<core::Rule> out;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto inserted = tx.rules().insert(r);
    if (!inserted) return fail(inserted.error());
    out = std::move(*inserted);
    return log_action(tx, deps, actor, "create_rule", "Rule", out->id, out->text);
  });
  if (!st) return fail(st.error());
  changed(deps);
  return std::move(*out);
}

util::Result<core::Rule> update_rule(const Deps& deps, Actor actor, core::Id id, const RuleInput& in) {
  std::optional<core::Rule> out;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto found = tx.rules().find(id);
    if (!found) return fail(found.error());
    if (!*found) return fail(rule_not_found());
    core::Rule r = std::move(**found);
    apply(r, in);
    if (auto v = validate(r); !v) return v;
    r.updated_at = util::now_ms();
    if (auto s = tx.rules().update(r); !s) return s;
    out = r;
    return log_action(tx, deps, actor, "update_rule", "Rule", id, r.text);
  });
  if (!st) return fail(st.error());
  changed(deps);
  return std::move(*out);
}

util::Status delete_rule(const Deps& deps, Actor actor, core::Id id) {
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto found = tx.rules().find(id);
    if (!found) return fail(found.error());
    if (!*found) return fail(rule_not_found());
    auto removed = tx.rules().remove(id, util::now_ms());
    if (!removed) return fail(removed.error());
    return log_action(tx, deps, actor, "destroy_rule", "Rule", id, (*found)->text);
  });
  if (!st) return st;
  changed(deps);
  return {};
}

util::Result<int> seed_rules(const Deps& deps, const std::vector<RuleSeed>& seeds) {
  if (seeds.empty()) return 0;
  int inserted = 0;
  const std::int64_t now = util::now_ms();
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto ever = tx.rules().count_ever();
    if (!ever) return fail(ever.error());
    if (*ever > 0) return {};
    for (const auto& seed : seeds) {
      core::Rule r;
      r.text = std::string(util::trim(seed.text));
      r.hint = std::string(util::trim(seed.hint));
      r.created_at = r.updated_at = now;
      if (auto v = validate(r); !v)
        return fail(ErrorCode::bad_request, "instance.rules: \"" + seed.text + "\": " + v.error().public_message);
      auto ins = tx.rules().insert(r);
      if (!ins) return fail(ins.error());
      ++inserted;
    }
    return {};
  });
  if (!st) return fail(st.error());
  if (inserted > 0) note_rules_changed();
  return inserted;
}

}  // namespace parloir::services
