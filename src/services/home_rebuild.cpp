#include "services/home_rebuild.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "util/time.h"

namespace parloir::services {

using util::fail;

namespace {

constexpr std::size_t kFactsChunk = 128;  // candidates looked up per batch

struct Rules {
  core::Id viewer = 0;
  std::unordered_map<core::Id, bool> following;  // followed account -> shows their reblogs
  std::unordered_set<core::Id> excluded;          // hidden (blocks, mutes) and exclusive-list members
  std::unordered_set<core::Id> mentions;          // candidates mentioning the viewer

  // fanout.cpp's plan_fanout, seen from one recipient.
  bool keeps(const store::HomeEntryFacts& f) const {
    if (f.account_id == viewer) return true;  // the author always gets their own
    if (excluded.count(f.account_id)) return false;
    auto follow = following.find(f.account_id);
    // why: only followed accounts reach the home of a rebuilt feed, as Mastodon's (a stranger's
    // mention is a notification; test_visibility_matrix). Fan-out on write also pushes a
    // status to mentioned accounts that do not follow its author: those entries are lost on a
    // rebuild (bench/RESULTS.md session 4, what is left).
    if (follow == following.end()) return false;
    if (mentions.count(f.id)) return true;
    if (f.visibility == core::Visibility::direct) return false;
    if (f.reblog && !follow->second) return false;
    if (f.in_reply_to_account_id && *f.in_reply_to_account_id != f.account_id &&
        *f.in_reply_to_account_id != viewer && !following.count(*f.in_reply_to_account_id))
      return false;
    return true;
  }
};

}  // namespace

util::Result<std::vector<core::Id>> read_home_entries(store::Tx& tx, core::Id viewer, core::Id before_id,
                                                      std::size_t limit, int per_source) {
  std::vector<core::Id> out;
  if (limit == 0) return out;
  Rules rules;
  rules.viewer = viewer;
  auto follows = tx.graph().following_with_reblogs(viewer);
  if (!follows) return fail(follows.error());
  rules.following.reserve(follows->size());
  for (const auto& [id, reblogs] : *follows) rules.following.emplace(id, reblogs);
  auto hidden = tx.graph().hidden_from_home(viewer, util::now_ms());
  if (!hidden) return fail(hidden.error());
  auto exclusive = tx.lists().exclusive_members(viewer);
  if (!exclusive) return fail(exclusive.error());
  rules.excluded.insert(hidden->begin(), hidden->end());
  rules.excluded.insert(exclusive->begin(), exclusive->end());
  rules.excluded.erase(viewer);

  // Sources: the viewer, every followed account whose statuses may show, the viewer's mentions.
  std::vector<core::Id> authors;
  authors.reserve(follows->size() + 1);
  authors.push_back(viewer);
  for (const auto& [id, reblogs] : *follows)
    if (id != viewer && !rules.excluded.count(id)) authors.push_back(id);
  per_source = std::max(per_source, static_cast<int>(2 * limit / (authors.size() + 1)));
  auto by_author = tx.statuses().recent_ids_by_accounts(authors, before_id, per_source);
  if (!by_author) return fail(by_author.error());
  auto mentioning = tx.statuses().recent_ids_mentioning(viewer, before_id, per_source);
  if (!mentioning) return fail(mentioning.error());

  // The horizon: a source that filled its quota may have older statuses that were not read.
  core::Id horizon = 0;
  std::size_t total = mentioning->size();
  for (const auto& ids : *by_author) {
    total += ids.size();
    if (ids.size() >= static_cast<std::size_t>(per_source)) horizon = std::max(horizon, ids.back());
  }
  if (mentioning->size() >= static_cast<std::size_t>(per_source)) horizon = std::max(horizon, mentioning->back());

  std::vector<core::Id> candidates;
  candidates.reserve(total);
  for (const auto& ids : *by_author)
    for (core::Id id : ids) {
      if (id < horizon) break;  // newest first
      candidates.push_back(id);
    }
  for (core::Id id : *mentioning) {
    if (id < horizon) break;
    candidates.push_back(id);
    rules.mentions.insert(id);
  }
  std::sort(candidates.begin(), candidates.end(), std::greater<core::Id>());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  // Newest first, look up only as many candidates as it takes to keep `limit`.
  out.reserve(std::min(limit, candidates.size()));
  std::vector<core::Id> chunk;
  for (std::size_t at = 0; at < candidates.size() && out.size() < limit; at += kFactsChunk) {
    std::size_t end = std::min(candidates.size(), at + kFactsChunk);
    chunk.assign(candidates.begin() + static_cast<std::ptrdiff_t>(at), candidates.begin() + static_cast<std::ptrdiff_t>(end));
    auto facts = tx.statuses().home_entry_facts(chunk);
    if (!facts) return fail(facts.error());
    for (const auto& f : *facts) {
      if (out.size() >= limit) break;
      if (rules.keeps(f)) out.push_back(f.id);
    }
  }
  return out;
}

}  // namespace parloir::services
