#include "services/silencing.h"

#include <algorithm>
#include <unordered_set>

namespace parloir::services {

using util::fail;

namespace {

core::Id author_of(const StatusView& v) { return v.reblog ? v.reblog->account.id : v.account.id; }

}  // namespace

util::Status hide_silenced(store::Tx& tx, const Viewer& viewer, std::vector<StatusView>& views) {
  if (views.empty()) return {};
  std::vector<core::Id> authors;
  for (const auto& v : views) {
    authors.push_back(v.account.id);
    if (v.reblog) authors.push_back(v.reblog->account.id);
  }
  std::sort(authors.begin(), authors.end());
  authors.erase(std::unique(authors.begin(), authors.end()), authors.end());
  auto silenced = tx.moderation().silenced_among(authors);
  if (!silenced) return fail(silenced.error());
  if (silenced->empty()) return {};
  std::unordered_set<core::Id> hidden(silenced->begin(), silenced->end());
  if (viewer.account_id) {
    hidden.erase(*viewer.account_id);
    std::vector<core::Id> candidates(hidden.begin(), hidden.end());
    if (!candidates.empty()) {
      auto rels = tx.graph().relationships(*viewer.account_id, candidates, 0);
      if (!rels) return fail(rels.error());
      for (const auto& r : *rels)
        if (r.following) hidden.erase(r.target_account_id);
    }
  }
  if (hidden.empty()) return {};
  views.erase(std::remove_if(views.begin(), views.end(),
                             [&](const StatusView& v) { return hidden.count(v.account.id) || hidden.count(author_of(v)); }),
              views.end());
  return {};
}

util::Result<std::vector<bool>> silenced_broadcast_audience(store::Tx& tx, core::Id author,
                                                            const std::vector<core::Id>& viewers) {
  std::vector<bool> out(viewers.size(), true);
  auto silenced = tx.moderation().silenced_among({author});
  if (!silenced) return fail(silenced.error());
  if (silenced->empty() || viewers.empty()) return out;
  auto followers = tx.graph().followers_among(author, viewers);
  if (!followers) return fail(followers.error());
  std::unordered_set<core::Id> ok(followers->begin(), followers->end());
  ok.insert(author);
  for (std::size_t i = 0; i < viewers.size(); ++i) out[i] = ok.count(viewers[i]) > 0;
  return out;
}

util::Result<bool> silenced_for(store::Tx& tx, core::Id actor, core::Id recipient) {
  if (actor == recipient) return false;
  auto silenced = tx.moderation().silenced_among({actor});
  if (!silenced) return fail(silenced.error());
  if (silenced->empty()) return false;
  auto follow = tx.graph().find_follow(recipient, actor);
  if (!follow) return fail(follow.error());
  return !follow->has_value();
}

}  // namespace parloir::services
