#include "services/status_views.h"

#include <unordered_map>
#include <unordered_set>

#include "core/visibility.h"
#include "services/view_cache.h"
#include "store/read_views.h"
#include "util/time.h"

namespace parloir::services {

using util::fail;

namespace {

// What decides whether the viewer sees an author's statuses (core::ViewerFacts, timeline hiding).
struct FactsToAuthor {
  bool following = false;
  bool blocking = false;
  bool blocked_by = false;
  bool muting = false;
};

struct Batch {
  std::unordered_map<core::Id, Versioned<core::Account>> accounts;
  std::unordered_map<core::Id, FactsToAuthor> rel;  // viewer -> author
  std::unordered_map<core::Id, store::ViewerFlags> flags;
  std::unordered_map<core::Id, std::uint64_t> status_versions;
  std::shared_ptr<const store::ViewerSnapshot> snapshot;  // the viewer's, when complete
};

bool visible(const core::Status& s, const Viewer& viewer, const Batch& b) {
  auto author = b.accounts.find(s.account_id);
  if (author == b.accounts.end()) return false;
  core::ViewerFacts f;
  f.viewer_id = viewer.account_id;
  f.author_suspended = author->second.value->suspended();
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
  const auto& author = b.accounts.at(s.account_id);
  v->account = *author.value;
  v->account_version = author.version;
  auto sv = b.status_versions.find(s.id);
  if (sv != b.status_versions.end()) v->status_version = sv->second;
  for (core::Id m : s.mentioned_account_ids) {
    auto it = b.accounts.find(m);
    if (it != b.accounts.end()) v->mentions.push_back(*it->second.value);
  }
  auto f = b.flags.find(s.id);
  if (f != b.flags.end()) v->flags = f->second;
  return v;
}

util::Result<std::vector<core::Status>> fetch(store::Tx& tx, const Deps* deps, const std::vector<core::Id>& ids,
                                              Batch& b) {
  if (!deps) return tx.statuses().find_many(ids);
  // why: the cached statuses are shared and immutable; each is copied once, into `out`
  // (callgrind: copying twice through a map of values was 13% of a warm home timeline).
  std::vector<core::Status> out;
  out.reserve(ids.size());
  std::vector<core::Id> missing;
  std::unordered_map<core::Id, std::shared_ptr<const core::Status>> loaded;
  loaded.reserve(ids.size());
  for (core::Id id : ids)
    if (auto c = deps->views.status(id)) {
      b.status_versions[id] = c->version;
      loaded.emplace(id, std::move(c->value));
    } else {
      missing.push_back(id);
    }
  if (!missing.empty()) {
    auto found = tx.statuses().find_many(missing);
    if (!found) return fail(found.error());
    for (auto& s : *found) {
      auto v = deps->views.put_status(std::move(s));
      b.status_versions[v.value->id] = v.version;
      loaded.emplace(v.value->id, std::move(v.value));
    }
  }
  for (core::Id id : ids) {
    auto it = loaded.find(id);
    if (it != loaded.end()) out.push_back(*it->second);
  }
  return out;
}

util::Status load_accounts(store::Tx& tx, const Deps* deps, const std::vector<core::Id>& ids, Batch& b) {
  std::vector<core::Id> missing;
  for (core::Id id : ids) {
    if (deps)
      if (auto c = deps->views.account(id)) {
        b.accounts.emplace(id, *c);
        continue;
      }
    missing.push_back(id);
  }
  if (missing.empty()) return {};
  auto accounts = tx.accounts().find_by_ids(missing);
  if (!accounts) return fail(accounts.error());
  for (auto& a : *accounts) {
    core::Id id = a.id;
    if (deps)
      b.accounts.emplace(id, deps->views.put_account(std::move(a)));
    else
      b.accounts.emplace(id, Versioned<core::Account>{std::make_shared<const core::Account>(std::move(a)), 0});
  }
  return {};
}

FactsToAuthor facts_of(const core::Relationship& r) {
  return FactsToAuthor{r.following, r.blocking, r.blocked_by, r.muting};
}

// The facts from the relationships query (7 queries) and the per-viewer relationship cache:
// the path without a ViewCache, and for viewers whose snapshot is incomplete.
util::Status load_relationships_by_query(store::Tx& tx, const Deps* deps, core::Id viewer,
                                         const std::vector<core::Id>& authors, Batch& b) {
  std::vector<core::Id> missing;
  for (core::Id a : authors) {
    if (deps)
      if (auto r = deps->views.relationship(viewer, a)) {
        b.rel.emplace(a, facts_of(*r));
        continue;
      }
    missing.push_back(a);
  }
  if (missing.empty()) return {};
  auto rels = tx.graph().relationships(viewer, missing, util::now_ms());
  if (!rels) return fail(rels.error());
  for (auto& r : *rels) {
    // why: a timed mute must not outlive its expiry in the cache.
    if (deps && !r.muting_expires_at) deps->views.put_relationship(viewer, r);
    b.rel.emplace(r.target_account_id, facts_of(r));
  }
  return {};
}

bool contains(const std::vector<core::Id>& sorted, core::Id id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

template <class V>
const V* find_first(const std::vector<std::pair<core::Id, V>>& sorted, core::Id id) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), id,
                             [](const std::pair<core::Id, V>& e, core::Id key) { return e.first < key; });
  return it != sorted.end() && it->first == id ? &it->second : nullptr;
}

// Snapshots bigger than this are not kept (their viewers take the query path).
constexpr std::size_t kSnapshotCap = 4096;

// The viewer's snapshot from the ViewCache, or read and cached; nullptr when incomplete.
util::Result<std::shared_ptr<const store::ViewerSnapshot>> snapshot_of(store::Tx& tx, const Deps& deps, core::Id viewer) {
  if (auto s = deps.views.snapshot(viewer)) return s->complete ? s : nullptr;
  auto* reads = store::read_views(tx);
  if (!reads) return std::shared_ptr<const store::ViewerSnapshot>();
  auto loaded = reads->viewer_snapshot(viewer, kSnapshotCap);
  if (!loaded) return fail(loaded.error());
  auto s = std::make_shared<const store::ViewerSnapshot>(std::move(*loaded));
  deps.views.put_snapshot(viewer, s);
  return s->complete ? s : nullptr;
}

// `authors`: sorted, unique, without the viewer; `need_following`: the authors of private
// statuses (only those decide anything by following, see core::may_view).
util::Status load_relationships(store::Tx& tx, const Deps* deps, core::Id viewer, const std::vector<core::Id>& authors,
                                const std::unordered_set<core::Id>& need_following, Batch& b) {
  if (!deps) return load_relationships_by_query(tx, nullptr, viewer, authors, b);
  if (authors.empty()) {
    // why: only the viewer's own statuses (e.g. the answer to a new post): no block or mute
    // decides anything, so a cold snapshot (~74 k instructions) would serve only the flags,
    // which load_flags reads for just these statuses (posting has cached them as empty).
    if (auto s = deps->views.snapshot(viewer); s && s->complete) b.snapshot = s;
    return {};
  }
  auto snap = snapshot_of(tx, *deps, viewer);
  if (!snap) return fail(snap.error());
  b.snapshot = *snap;
  if (!b.snapshot) return load_relationships_by_query(tx, deps, viewer, authors, b);
  const store::ViewerSnapshot& s = *b.snapshot;
  const std::int64_t now = util::now_ms();
  for (core::Id a : authors) {
    FactsToAuthor f;
    f.blocking = contains(s.blocking, a);
    f.blocked_by = contains(s.blocked_by, a);
    if (const auto* expiry = find_first(s.muting, a)) f.muting = !*expiry || **expiry > now;
    if (need_following.count(a)) {
      if (auto known = deps->views.follows(viewer, a)) {
        f.following = *known;
      } else {
        auto follow = tx.graph().find_follow(viewer, a);
        if (!follow) return fail(follow.error());
        f.following = follow->has_value();
        deps->views.put_follows(viewer, a, f.following);
      }
    }
    b.rel.emplace(a, f);
  }
  return {};
}

// `polls`: status id -> poll id, for the statuses among `ids` that carry a poll.
util::Status load_flags(store::Tx& tx, const Deps* deps, core::Id viewer, const std::vector<core::Id>& ids,
                        const std::unordered_map<core::Id, core::Id>& polls, Batch& b) {
  std::vector<core::Id> missing;
  for (core::Id id : ids) {
    if (deps)
      if (auto f = deps->views.flags(viewer, id)) {
        b.flags[id] = *f;
        continue;
      }
    missing.push_back(id);
  }
  if (missing.empty()) return {};
  auto flags = tx.interactions().viewer_flags(viewer, missing);
  if (!flags) return fail(flags.error());
  std::vector<core::Id> poll_ids;
  for (core::Id id : missing)
    if (auto p = polls.find(id); p != polls.end()) poll_ids.push_back(p->second);
  if (!poll_ids.empty()) {
    auto votes = tx.polls().own_votes(viewer, poll_ids);
    if (!votes) return fail(votes.error());
    for (std::size_t i = 0; i < missing.size() && i < flags->size(); ++i) {
      auto p = polls.find(missing[i]);
      if (p == polls.end()) continue;
      auto v = votes->find(p->second);
      if (v == votes->end()) continue;
      (*flags)[i].voted = true;
      (*flags)[i].own_votes = v->second;
    }
  }
  for (std::size_t i = 0; i < missing.size() && i < flags->size(); ++i) {
    b.flags[missing[i]] = (*flags)[i];
    if (deps) deps->views.put_flags(viewer, missing[i], (*flags)[i]);
  }
  return {};
}

// The flags of the shown statuses and their originals, from the viewer's snapshot (no query).
void flags_from_snapshot(const store::ViewerSnapshot& snap, const std::vector<const core::Status*>& shown,
                         const std::unordered_map<core::Id, core::Status>& originals, Batch& b) {
  auto fill = [&](const core::Status& s) {
    store::ViewerFlags f;
    if (const auto* bits = find_first(snap.statuses, s.id)) {
      f.favourited = *bits & store::ViewerSnapshot::kFavourited;
      f.reblogged = *bits & store::ViewerSnapshot::kReblogged;
      f.bookmarked = *bits & store::ViewerSnapshot::kBookmarked;
      f.pinned = *bits & store::ViewerSnapshot::kPinned;
    }
    f.muted = contains(snap.muted_conversations, s.conversation_id);
    if (s.poll)
      if (const auto* votes = find_first(snap.poll_votes, s.poll->id)) {
        f.voted = true;
        f.own_votes = *votes;
      }
    b.flags[s.id] = std::move(f);
  };
  for (const auto* s : shown) {
    fill(*s);
    if (s->reblog_of_id) fill(originals.at(*s->reblog_of_id));
  }
}

util::Result<std::vector<StatusView>> load_impl(store::Tx& tx, const Deps* deps, const Viewer& viewer,
                                                const std::vector<core::Status>& statuses, ViewPurpose purpose) {
  Batch b;
  // why: statuses handed in whole (an account's page, a tag, favourites) are not put in the
  // ViewCache: pages of any of thousands of accounts mostly miss it, and copying each one in
  // (evicting statuses that home timelines reuse) cost 6 % of an account-statuses request. A
  // status the cache already holds keeps its version, so its rendered JSON is reused.
  if (deps)
    for (const auto& s : statuses)
      if (auto c = deps->views.status(s.id)) b.status_versions[s.id] = c->version;
  std::vector<core::Id> original_ids;
  for (const auto& s : statuses)
    if (s.reblog_of_id) original_ids.push_back(*s.reblog_of_id);
  std::unordered_map<core::Id, core::Status> originals;
  if (!original_ids.empty()) {
    auto found = fetch(tx, deps, original_ids, b);
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
  if (auto st = load_accounts(tx, deps, account_ids, b); !st) return fail(st.error());

  if (viewer.account_id) {
    // why: the viewer's relationship to themself decides nothing (may_view and timeline
    // filtering let authors see their own statuses), so it is never loaded.
    std::vector<core::Id> authors;
    for (const auto& s : statuses)
      if (s.account_id != *viewer.account_id) authors.push_back(s.account_id);
    for (const auto& [id, o] : originals)
      if (o.account_id != *viewer.account_id) authors.push_back(o.account_id);
    std::sort(authors.begin(), authors.end());
    authors.erase(std::unique(authors.begin(), authors.end()), authors.end());
    std::unordered_set<core::Id> need_following;
    auto note = [&](const core::Status& s) {
      if (s.visibility == core::Visibility::private_ && s.account_id != *viewer.account_id)
        need_following.insert(s.account_id);
    };
    for (const auto& s : statuses) note(s);
    for (const auto& [id, o] : originals) note(o);
    if (auto st = load_relationships(tx, deps, *viewer.account_id, authors, need_following, b); !st)
      return fail(st.error());
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
    std::unordered_map<core::Id, core::Id> polls;  // status id -> poll id
    for (const auto* s : shown) {
      ids.push_back(s->id);
      if (s->poll) polls.emplace(s->id, s->poll->id);
      if (s->reblog_of_id) {
        ids.push_back(*s->reblog_of_id);
        const core::Status& o = originals.at(*s->reblog_of_id);
        if (o.poll) polls.emplace(o.id, o.poll->id);
      }
    }
    if (b.snapshot)
      flags_from_snapshot(*b.snapshot, shown, originals, b);
    else if (auto st = load_flags(tx, deps, *viewer.account_id, ids, polls, b); !st)
      return fail(st.error());
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

}  // namespace

util::Result<std::vector<StatusView>> load_views(store::Tx& tx, const Viewer& viewer,
                                                 const std::vector<core::Status>& statuses, ViewPurpose purpose) {
  return load_impl(tx, nullptr, viewer, statuses, purpose);
}

util::Result<std::vector<StatusView>> load_views(store::Tx& tx, const Deps& deps, const Viewer& viewer,
                                                 const std::vector<core::Status>& statuses, ViewPurpose purpose) {
  return load_impl(tx, &deps, viewer, statuses, purpose);
}

namespace {

// The facts of core::ViewerFacts for many viewers of one author, in four batch queries.
struct AuthorFacts {
  std::unordered_set<core::Id> followers, blocked_by_author, blocking_author, hiding_author;
};

util::Result<AuthorFacts> author_facts(store::Tx& tx, core::Id author, const std::vector<core::Id>& viewers,
                                       bool need_followers) {
  AuthorFacts f;
  auto fill = [](std::unordered_set<core::Id>& out, util::Result<std::vector<core::Id>> r) -> util::Status {
    if (!r) return fail(r.error());
    out.insert(r->begin(), r->end());
    return {};
  };
  auto& g = tx.graph();
  if (need_followers)
    if (auto st = fill(f.followers, g.followers_among(author, viewers)); !st) return fail(st.error());
  if (auto st = fill(f.blocked_by_author, g.blocked_among(author, viewers)); !st) return fail(st.error());
  if (auto st = fill(f.blocking_author, g.blocking_among(author, viewers)); !st) return fail(st.error());
  if (auto st = fill(f.hiding_author, g.blocking_or_muting_among(author, viewers)); !st) return fail(st.error());
  return f;
}

// visible() + hidden_from_timeline() for one viewer, from batch facts.
bool shown_on_timeline(const core::Status& s, const core::Account& author, core::Id viewer, const AuthorFacts& f) {
  core::ViewerFacts facts;
  facts.viewer_id = viewer;
  facts.author_suspended = author.suspended();
  facts.viewer_follows_author = f.followers.count(viewer) > 0;
  facts.viewer_blocks_author = f.blocking_author.count(viewer) > 0;
  facts.author_blocks_viewer = f.blocked_by_author.count(viewer) > 0;
  facts.viewer_is_mentioned =
      std::find(s.mentioned_account_ids.begin(), s.mentioned_account_ids.end(), viewer) != s.mentioned_account_ids.end();
  if (!core::may_view(s, facts)) return false;
  return s.account_id == viewer || !f.hiding_author.count(viewer);
}

}  // namespace

util::Result<std::vector<bool>> timeline_visibility(store::Tx& tx, const Deps& deps, const core::Status& s,
                                                    const std::vector<core::Id>& viewers) {
  std::vector<bool> out(viewers.size(), false);
  if (viewers.empty()) return out;
  Batch b;
  std::optional<core::Status> original;
  if (s.reblog_of_id) {
    auto found = fetch(tx, &deps, {*s.reblog_of_id}, b);
    if (!found) return fail(found.error());
    if (found->empty()) return out;
    original = std::move(found->front());
  }
  std::vector<core::Id> account_ids{s.account_id};
  if (original) account_ids.push_back(original->account_id);
  if (auto st = load_accounts(tx, &deps, account_ids, b); !st) return fail(st.error());
  auto author = b.accounts.find(s.account_id);
  if (author == b.accounts.end()) return out;
  auto facts = author_facts(tx, s.account_id, viewers, s.visibility == core::Visibility::private_);
  if (!facts) return fail(facts.error());
  std::optional<AuthorFacts> original_facts;
  const core::Account* original_author = nullptr;
  if (original) {
    auto oa = b.accounts.find(original->account_id);
    if (oa == b.accounts.end()) return out;
    original_author = oa->second.value.get();
    auto of = author_facts(tx, original->account_id, viewers, original->visibility == core::Visibility::private_);
    if (!of) return fail(of.error());
    original_facts = std::move(*of);
  }
  for (std::size_t i = 0; i < viewers.size(); ++i) {
    bool shown = shown_on_timeline(s, *author->second.value, viewers[i], *facts);
    if (shown && original) shown = shown_on_timeline(*original, *original_author, viewers[i], *original_facts);
    out[i] = shown;
  }
  return out;
}

util::Result<std::vector<core::Status>> fetch_statuses(store::Tx& tx, const Deps& deps, const std::vector<core::Id>& ids) {
  Batch unused;
  return fetch(tx, &deps, ids, unused);
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
