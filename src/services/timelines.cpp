#include "services/timelines.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "services/home_rebuild.h"
#include "services/silencing.h"
#include "services/view_cache.h"
#include "store/read_views.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::fail;

namespace {

constexpr int kMaxRefills = 8;          // extra batches a thinned-out public page may read

// Fills a page from a source that a filter thins out (silenced authors, blocks, mutes,
// visibility): while fewer than page.limit statuses survived and the last batch was full, reads
// the next batch past the ones scanned (older for max_id/since_id pages, newer for min_id
// pages), at most kMaxRefills more times. So a page is short only at the end of the timeline,
// and the API's Link "next" (given only for full pages) is not lost in the middle of it.
// read(PageRequest) -> Result<vector<Status>>; keep(vector<Status>&) -> Result<vector<StatusView>>.
template <class Read, class Keep>
util::Result<std::vector<StatusView>> fill_page(const core::PageRequest& page, Read&& read, Keep&& keep) {
  std::vector<StatusView> out;
  const auto limit = static_cast<std::size_t>(std::max(page.limit, 1));
  core::PageRequest next = page;
  for (int round = 0; round <= kMaxRefills; ++round) {
    auto batch = read(next);
    if (!batch) return fail(batch.error());
    if (batch->empty()) break;
    const std::size_t scanned = batch->size();
    auto [lo, hi] = std::minmax_element(batch->begin(), batch->end(),
                                        [](const core::Status& a, const core::Status& b) { return a.id < b.id; });
    const core::Id oldest = lo->id, newest = hi->id;
    auto views = keep(*batch);
    if (!views) return fail(views.error());
    for (auto& v : *views) out.push_back(std::move(v));
    if (out.size() >= limit || scanned < limit) break;
    if (page.min_id)
      next.min_id = newest;
    else
      next.max_id = oldest;
  }
  if (out.size() > 1)
    std::sort(out.begin(), out.end(), [](const StatusView& a, const StatusView& b) { return a.status.id > b.status.id; });
  if (out.size() > limit) {
    // min_id pages are the statuses just after min_id: drop the newest; others drop the oldest.
    if (page.min_id)
      out.erase(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(out.size() - limit));
    else
      out.resize(limit);
  }
  return out;
}

// Rebuilds `viewer`'s home feed (read_home_entries: fan-out's rules, complete down to its last
// entry; older pages come from the database, see home_timeline). What fan-out does not decide
// (visibility, suspended authors, filters…) is checked by load_views when the feed is read.
// `ids` receives the feed's status ids; the caller installs them (HomeFeeds::finish_rebuild).
util::Status rebuild_home(store::Tx& tx, core::Id viewer, std::vector<core::Id>& ids) {
  auto entries = read_home_entries(tx, viewer, 0, HomeFeeds::kCapacity, kHomeRebuildPerSource);
  if (!entries) return fail(entries.error());
  ids = std::move(*entries);
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
        auto extra = read_home_entries(tx, viewer, before, static_cast<std::size_t>(page.limit) - ids->size(),
                                       kHomeRebuildPerSource);
        if (!extra) return fail(extra.error());
        for (core::Id id : *extra) {
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
    auto* reads = store::read_views(tx);
    auto filled = fill_page(
        page,
        [&](const core::PageRequest& p) -> util::Result<std::vector<core::Status>> {
          if (!reads) return tx.statuses().list_public(filter, viewer.account_id.has_value(), p);
          auto ids = reads->list_public_ids(filter, viewer.account_id.has_value(), p);
          if (!ids) return fail(ids.error());
          return fetch_statuses(tx, deps, *ids);
        },
        [&](const std::vector<core::Status>& found) -> util::Result<std::vector<StatusView>> {
          auto views = load_views(tx, deps, viewer, found, ViewPurpose::timeline);
          if (!views) return fail(views.error());
          if (auto h = hide_silenced(tx, viewer, *views); !h) return fail(h.error());
          return views;
        });
    if (!filled) return fail(filled.error());
    out = std::move(*filled);
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
    auto filled = fill_page(
        page, [&](const core::PageRequest& p) { return tx.statuses().list_by_tags(any, q.local, p); },
        [&](std::vector<core::Status>& found) -> util::Result<std::vector<StatusView>> {
          std::vector<core::Status> kept;
          for (auto& s : found) {
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
          if (auto h = hide_silenced(tx, viewer, *views); !h) return fail(h.error());
          return views;
        });
    if (!filled) return fail(filled.error());
    out = std::move(*filled);
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
    // why: the page straight from the covering index (store/sqlite migration 20), one range scan:
    // the benchmark's pages (any of 10,000 accounts) are mostly not in the ViewCache, and reading
    // the ids first to look there cost an index scan more than it saved.
    auto found = tx.statuses().list_by_account(account_id, filter, page);
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
