#include "services/timelines.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "services/silencing.h"
#include "services/view_cache.h"
#include "store/read_views.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::fail;

namespace {

constexpr int kRebuildPerAccount = 40;  // at least this many per followed account (more when few)

// A followed account's status belongs in the viewer's home unless it is a direct message not
// addressed to them (fan-out never delivers those).
bool home_receives(const core::Status& s, core::Id viewer) {
  return s.visibility != core::Visibility::direct || s.account_id == viewer ||
         std::find(s.mentioned_account_ids.begin(), s.mentioned_account_ids.end(), viewer) !=
             s.mentioned_account_ids.end();
}

// Whose statuses make `viewer`'s home: the followed accounts and the viewer, minus the members
// of the viewer's exclusive lists (their statuses are read in those lists instead).
util::Result<std::vector<core::Id>> home_authors(store::Tx& tx, core::Id viewer, const std::vector<core::Id>& following) {
  auto exclusive = tx.lists().exclusive_members(viewer);
  if (!exclusive) return fail(exclusive.error());
  std::unordered_set<core::Id> skip(exclusive->begin(), exclusive->end());
  std::vector<core::Id> authors;
  authors.reserve(following.size() + 1);
  for (core::Id a : following)
    if (!skip.count(a)) authors.push_back(a);
  authors.push_back(viewer);
  return authors;
}

// Rebuilds `viewer`'s home feed from the statuses of the accounts they follow (and their own):
// the newest few of each author, merged, cut at the "horizon" below which some author may have
// more statuses than were read (older pages then come from the database, see home_timeline).
// Only cheap filters apply here (direct messages not addressed to the viewer, muted/blocked
// authors); everything else is checked by load_views when the feed is read.
// `ids` receives the feed's status ids; the caller installs them (HomeFeeds::finish_rebuild).
util::Status rebuild_home(store::Tx& tx, core::Id viewer, std::vector<core::Id>& ids) {
  auto following = tx.graph().all_following_ids(viewer);
  if (!following) return fail(following.error());
  auto authors = home_authors(tx, viewer, *following);
  if (!authors) return fail(authors.error());
  int per_account = std::max<int>(kRebuildPerAccount,
                                  static_cast<int>(2 * HomeFeeds::kCapacity / std::max<std::size_t>(1, authors->size())));
  auto recent = tx.statuses().list_recent_by_accounts(*authors, 0, per_account);
  if (!recent) return fail(recent.error());
  auto rels = tx.graph().relationships(viewer, *following, util::now_ms());
  if (!rels) return fail(rels.error());
  std::unordered_set<core::Id> hidden;
  for (const auto& r : *rels)
    if (r.blocking || r.muting || r.blocked_by) hidden.insert(r.target_account_id);
  std::unordered_map<core::Id, std::pair<int, core::Id>> per_author;  // count, oldest id
  for (const auto& s : *recent) {
    auto& [count, oldest] = per_author[s.account_id];
    ++count;
    oldest = oldest == 0 ? s.id : std::min(oldest, s.id);
  }
  core::Id horizon = 0;
  for (const auto& [author, stats] : per_author)
    if (stats.first >= per_account) horizon = std::max(horizon, stats.second);
  for (const auto& s : *recent) {
    if (s.id < horizon || hidden.count(s.account_id)) continue;
    if (!home_receives(s, viewer)) continue;
    ids.push_back(s.id);
  }
  return {};
}

}  // namespace

util::Result<std::vector<StatusView>> home_timeline(const Deps& deps, core::Id viewer, const core::PageRequest& page) {
  std::vector<StatusView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto ids = deps.feeds.page(viewer, page);
    if (!ids) {
      // why: registered before this transaction's first read, which takes its snapshot (deferred
      // BEGIN): a status committed after the snapshot, pushed while the feed is not loaded, is
      // merged into the rebuilt feed instead of missing from it for good (two back-to-back
      // posts: the second never showed up at home).
      std::uint64_t token = deps.feeds.begin_rebuild(viewer);
      std::vector<core::Id> rebuilt;
      if (auto r = rebuild_home(tx, viewer, rebuilt); !r) {
        deps.feeds.abandon_rebuild(viewer, token);
        return r;
      }
      deps.feeds.finish_rebuild(viewer, token, rebuilt);
      ids = HomeFeeds::page_of(rebuilt, page);  // installed, or invalidated meanwhile: this page from it
    }
    // Past the end of the in-memory feed (it holds at most kCapacity entries), page from the
    // database like Mastodon's HomeFeed#from_database.
    if (ids->size() < static_cast<std::size_t>(page.limit) && !page.min_id && !page.since_id) {
      core::Id before = ids->empty() ? page.max_id.value_or(0) : ids->back();
      if (before != 0) {
        auto following = tx.graph().all_following_ids(viewer);
        if (!following) return fail(following.error());
        auto authors = home_authors(tx, viewer, *following);
        if (!authors) return fail(authors.error());
        auto older = tx.statuses().list_recent_by_accounts(*authors, before, page.limit);
        if (!older) return fail(older.error());
        std::vector<core::Id> extra;
        for (const auto& s : *older) {
          if (home_receives(s, viewer)) extra.push_back(s.id);
        }
        std::sort(extra.begin(), extra.end(), std::greater<core::Id>());
        for (core::Id id : extra) {
          if (ids->size() >= static_cast<std::size_t>(page.limit)) break;
          ids->push_back(id);
        }
      }
    }
    auto found = fetch_statuses(tx, deps, *ids);
    if (!found) return fail(found.error());
    auto views = load_views(tx, deps, Viewer{viewer}, *found, ViewPurpose::timeline);
    if (!views) return fail(views.error());
    out = std::move(*views);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::vector<StatusView>> public_timeline(const Deps& deps, const Viewer& viewer,
                                                      const store::PublicFilter& filter, const core::PageRequest& page) {
  std::vector<StatusView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    // why: ids from the index, statuses from the ViewCache: a warm page reads no status row,
    // mention, tag, media or poll (callgrind: list_public + its child queries were ~35% of a page).
    auto found = [&]() -> util::Result<std::vector<core::Status>> {
      auto* reads = store::read_views(tx);
      if (!reads) return tx.statuses().list_public(filter, viewer.account_id.has_value(), page);
      auto ids = reads->list_public_ids(filter, viewer.account_id.has_value(), page);
      if (!ids) return fail(ids.error());
      return fetch_statuses(tx, deps, *ids);
    }();
    if (!found) return fail(found.error());
    auto views = load_views(tx, deps, viewer, *found, ViewPurpose::timeline);
    if (!views) return fail(views.error());
    if (auto h = hide_silenced(tx, viewer, *views); !h) return h;
    out = std::move(*views);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::vector<StatusView>> tag_timeline(const Deps& deps, const Viewer& viewer, const TagQuery& q,
                                                   const core::PageRequest& page) {
  std::vector<StatusView> out;
  auto lower = [](const std::vector<std::string>& v) {
    std::vector<std::string> r;
    for (const auto& t : v) r.push_back(util::to_lower(t));
    return r;
  };
  auto any = lower(q.any), all = lower(q.all), none = lower(q.none);
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto found = tx.statuses().list_by_tags(any, q.local, page);
    if (!found) return fail(found.error());
    std::vector<core::Status> kept;
    for (auto& s : *found) {
      if (s.visibility != core::Visibility::public_) continue;
      auto tags = lower(s.tags);
      auto has = [&](const std::string& t) { return std::find(tags.begin(), tags.end(), t) != tags.end(); };
      if (!std::all_of(all.begin(), all.end(), has)) continue;
      if (std::any_of(none.begin(), none.end(), has)) continue;
      if (s.local_only && !viewer.account_id) continue;
      kept.push_back(std::move(s));
    }
    auto views = load_views(tx, deps, viewer, kept, ViewPurpose::timeline);
    if (!views) return fail(views.error());
    if (auto h = hide_silenced(tx, viewer, *views); !h) return h;
    out = std::move(*views);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::vector<StatusView>> account_statuses(const Deps& deps, const Viewer& viewer, core::Id account_id,
                                                       const store::AccountStatusFilter& filter,
                                                       const core::PageRequest& page) {
  std::vector<StatusView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    bool suspended = false;
    if (auto cached = deps.views.account(account_id)) {
      suspended = cached->value->suspended();
    } else {
      auto account = tx.accounts().find_by_id(account_id);
      if (!account) return fail(account.error());
      if (!*account) return fail(util::ErrorCode::not_found, "Record not found");
      suspended = (*account)->suspended();
      deps.views.put_account(std::move(**account));
    }
    if (suspended) return fail(util::ErrorCode::not_found, "Record not found");
    // why: as public_timeline: ids from the index, statuses from the ViewCache.
    auto found = [&]() -> util::Result<std::vector<core::Status>> {
      auto* reads = store::read_views(tx);
      if (!reads) return tx.statuses().list_by_account(account_id, filter, page);
      auto ids = reads->list_ids_by_account(account_id, filter, page);
      if (!ids) return fail(ids.error());
      return fetch_statuses(tx, deps, *ids);
    }();
    if (!found) return fail(found.error());
    auto views = load_views(tx, deps, viewer, *found, ViewPurpose::direct);
    if (!views) return fail(views.error());
    out = std::move(*views);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

namespace {
util::Result<CursoredViews> cursored(const Deps& deps, core::Id viewer, const core::PageRequest& page, bool favourites) {
  CursoredViews out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto rows = favourites ? tx.interactions().list_favourites(viewer, page) : tx.interactions().list_bookmarks(viewer, page);
    if (!rows) return fail(rows.error());
    std::vector<core::Id> ids;
    for (const auto& r : *rows) ids.push_back(r.item);
    auto found = tx.statuses().find_many(ids);
    if (!found) return fail(found.error());
    auto views = load_views(tx, deps, Viewer{viewer}, *found, ViewPurpose::direct);
    if (!views) return fail(views.error());
    std::unordered_map<core::Id, core::Id> cursor_of;
    for (const auto& r : *rows) cursor_of[r.item] = r.cursor;
    for (auto& v : *views) {
      out.cursors.push_back(cursor_of[v.status.id]);
      out.views.push_back(std::move(v));
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}
}  // namespace

util::Result<CursoredViews> favourites_of(const Deps& deps, core::Id viewer, const core::PageRequest& page) {
  return cursored(deps, viewer, page, true);
}

util::Result<CursoredViews> bookmarks_of(const Deps& deps, core::Id viewer, const core::PageRequest& page) {
  return cursored(deps, viewer, page, false);
}

}  // namespace parloir::services
