#include "services/status_views.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/visibility.h"
#include "util/time.h"

namespace parloir::services {

using util::fail;

namespace {

struct Batch {
  std::unordered_map<core::Id, core::Account> accounts;
  std::unordered_map<core::Id, core::Relationship> rel;  // viewer -> author
  std::unordered_map<core::Id, store::ViewerFlags> flags;
};

bool visible(const core::Status& s, const Viewer& viewer, const Batch& b) {
  auto author = b.accounts.find(s.account_id);
  if (author == b.accounts.end()) return false;
  core::ViewerFacts f;
  f.viewer_id = viewer.account_id;
  f.author_suspended = author->second.suspended();
  if (viewer.account_id) {
    auto r = b.rel.find(s.account_id);
    if (r != b.rel.end()) {
      f.viewer_follows_author = r->second.following;
      f.viewer_blocks_author = r->second.blocking;
      f.author_blocks_viewer = r->second.blocked_by;
    }
    f.viewer_is_mentioned = std::find(s.mentioned_account_ids.begin(), s.mentioned_account_ids.end(),
                                      *viewer.account_id) != s.mentioned_account_ids.end();
  }
  return core::may_view(s, f);
}

bool hidden_from_timeline(core::Id author, const Viewer& viewer, const Batch& b) {
  if (!viewer.account_id || author == *viewer.account_id) return false;
  auto r = b.rel.find(author);
  return r != b.rel.end() && (r->second.blocking || r->second.muting);
}

std::shared_ptr<StatusView> make_view(const core::Status& s, const Batch& b) {
  auto v = std::make_shared<StatusView>();
  v->status = s;
  v->account = b.accounts.at(s.account_id);
  for (core::Id m : s.mentioned_account_ids) {
    auto it = b.accounts.find(m);
    if (it != b.accounts.end()) v->mentions.push_back(it->second);
  }
  auto f = b.flags.find(s.id);
  if (f != b.flags.end()) v->flags = f->second;
  return v;
}

}  // namespace

util::Result<std::vector<StatusView>> load_views(store::Tx& tx, const Viewer& viewer,
                                                 const std::vector<core::Status>& statuses, ViewPurpose purpose) {
  std::vector<core::Id> original_ids;
  for (const auto& s : statuses)
    if (s.reblog_of_id) original_ids.push_back(*s.reblog_of_id);
  std::unordered_map<core::Id, core::Status> originals;
  if (!original_ids.empty()) {
    auto found = tx.statuses().find_many(original_ids);
    if (!found) return fail(found.error());
    for (auto& o : *found) originals.emplace(o.id, std::move(o));
  }

  std::vector<core::Id> account_ids;
  std::unordered_set<core::Id> seen;
  auto want = [&](core::Id id) {
    if (seen.insert(id).second) account_ids.push_back(id);
  };
  auto collect = [&](const core::Status& s) {
    want(s.account_id);
    for (core::Id m : s.mentioned_account_ids) want(m);
  };
  for (const auto& s : statuses) collect(s);
  for (const auto& [id, o] : originals) collect(o);

  Batch b;
  auto accounts = tx.accounts().find_by_ids(account_ids);
  if (!accounts) return fail(accounts.error());
  for (auto& a : *accounts) b.accounts.emplace(a.id, std::move(a));

  if (viewer.account_id) {
    std::vector<core::Id> authors;
    for (const auto& s : statuses) authors.push_back(s.account_id);
    for (const auto& [id, o] : originals) authors.push_back(o.account_id);
    std::sort(authors.begin(), authors.end());
    authors.erase(std::unique(authors.begin(), authors.end()), authors.end());
    auto rels = tx.graph().relationships(*viewer.account_id, authors, util::now_ms());
    if (!rels) return fail(rels.error());
    for (auto& r : *rels) b.rel.emplace(r.target_account_id, std::move(r));
  }

  // Decide what is shown, then load the viewer's flags for exactly those.
  std::vector<const core::Status*> shown;
  for (const auto& s : statuses) {
    if (!visible(s, viewer, b)) continue;
    if (purpose == ViewPurpose::timeline && hidden_from_timeline(s.account_id, viewer, b)) continue;
    if (s.reblog_of_id) {
      auto o = originals.find(*s.reblog_of_id);
      if (o == originals.end() || !visible(o->second, viewer, b)) continue;
      if (purpose == ViewPurpose::timeline && hidden_from_timeline(o->second.account_id, viewer, b)) continue;
    }
    shown.push_back(&s);
  }
  if (viewer.account_id && !shown.empty()) {
    std::vector<core::Id> ids;
    for (const auto* s : shown) {
      ids.push_back(s->id);
      if (s->reblog_of_id) ids.push_back(*s->reblog_of_id);
    }
    auto flags = tx.interactions().viewer_flags(*viewer.account_id, ids);
    if (!flags) return fail(flags.error());
    for (std::size_t i = 0; i < ids.size() && i < flags->size(); ++i) b.flags[ids[i]] = (*flags)[i];
  }

  std::vector<StatusView> out;
  out.reserve(shown.size());
  for (const auto* s : shown) {
    auto v = make_view(*s, b);
    if (s->reblog_of_id) v->reblog = make_view(originals.at(*s->reblog_of_id), b);
    out.push_back(std::move(*v));
  }
  return out;
}

util::Result<std::optional<StatusView>> load_view(store::Tx& tx, const Viewer& viewer, core::Id status_id) {
  auto s = tx.statuses().find(status_id);
  if (!s) return fail(s.error());
  if (!*s) return std::optional<StatusView>{};
  auto views = load_views(tx, viewer, {**s}, ViewPurpose::direct);
  if (!views) return fail(views.error());
  if (views->empty()) return std::optional<StatusView>{};
  return std::optional<StatusView>(std::move(views->front()));
}

}  // namespace parloir::services
