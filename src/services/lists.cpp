#include "services/lists.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::fail;

namespace {

constexpr int kMaxTimelineRounds = 5;

// The list when it exists and belongs to `owner`; not_found otherwise (the same 404 either way).
util::Result<core::List> owned_list(store::Tx& tx, core::Id owner, core::Id list_id) {
  auto found = tx.lists().find(list_id);
  if (!found) return fail(found.error());
  if (!*found || (*found)->account_id != owner) return fail(util::ErrorCode::not_found, "Record not found");
  return std::move(**found);
}

util::Status check_title(const std::string& title) {
  if (util::trim(title).empty()) return fail(util::ErrorCode::unprocessable, "Validation failed: Title can't be blank");
  if (util::utf8_length(title) > kMaxListTitle)
    return fail(util::ErrorCode::unprocessable, "Validation failed: Title is too long (maximum is 256 characters)");
  return {};
}

}  // namespace

util::Result<std::vector<core::List>> lists_of(const Deps& deps, core::Id owner) {
  std::vector<core::List> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto r = tx.lists().list_of(owner);
    if (!r) return fail(r.error());
    out = std::move(*r);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<core::List> get_list(const Deps& deps, core::Id owner, core::Id list_id) {
  core::List out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto l = owned_list(tx, owner, list_id);
    if (!l) return fail(l.error());
    out = std::move(*l);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<core::List> create_list(const Deps& deps, core::Id owner, const ListInput& input) {
  core::List l;
  l.title = input.title.value_or("");
  if (auto ok = check_title(l.title); !ok) return fail(ok.error());
  l.created_at = util::now_ms();
  l.id = deps.ids.next(l.created_at);
  l.account_id = owner;
  l.replies_policy = input.replies_policy.value_or(core::RepliesPolicy::list);
  l.exclusive = input.exclusive.value_or(false);
  auto st = deps.store.write([&](store::Tx& tx) { return tx.lists().insert(l); });
  if (!st) return fail(st.error());
  return l;
}

util::Result<core::List> update_list(const Deps& deps, core::Id owner, core::Id list_id, const ListInput& input) {
  if (input.title) {
    if (auto ok = check_title(*input.title); !ok) return fail(ok.error());
  }
  core::List out;
  bool feed_changed = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto l = owned_list(tx, owner, list_id);
    if (!l) return fail(l.error());
    if (input.title) l->title = *input.title;
    if (input.replies_policy) l->replies_policy = *input.replies_policy;
    const bool was_exclusive = l->exclusive;
    if (input.exclusive) l->exclusive = *input.exclusive;
    if (auto r = tx.lists().update(*l); !r) return r;
    feed_changed = was_exclusive != l->exclusive;
    out = std::move(*l);
    return {};
  });
  if (!st) return fail(st.error());
  if (feed_changed) deps.feeds.invalidate(owner);  // rebuilt with or without the members
  return out;
}

util::Status delete_list(const Deps& deps, core::Id owner, core::Id list_id) {
  bool exclusive = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto l = owned_list(tx, owner, list_id);
    if (!l) return fail(l.error());
    exclusive = l->exclusive;
    auto r = tx.lists().remove(list_id);
    if (!r) return fail(r.error());
    return {};
  });
  if (st && exclusive) deps.feeds.invalidate(owner);
  return st;
}

util::Result<AccountPage> list_members(const Deps& deps, core::Id owner, core::Id list_id,
                                       const core::PageRequest& page) {
  AccountPage out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto l = owned_list(tx, owner, list_id);
    if (!l) return fail(l.error());
    auto rows = tx.lists().list_members(list_id, page);
    if (!rows) return fail(rows.error());
    return fill_account_page(tx, *rows, out);
  });
  if (!st) return fail(st.error());
  return out;
}

util::Status add_list_members(const Deps& deps, core::Id owner, core::Id list_id, const std::vector<core::Id>& ids) {
  bool exclusive = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto l = owned_list(tx, owner, list_id);
    if (!l) return fail(l.error());
    exclusive = l->exclusive;
    auto accounts = tx.accounts().find_by_ids(ids);
    if (!accounts) return fail(accounts.error());
    std::unordered_set<core::Id> known;
    for (const auto& a : *accounts)
      if (!a.suspended()) known.insert(a.id);
    auto following = tx.graph().all_following_ids(owner);
    if (!following) return fail(following.error());
    std::unordered_set<core::Id> followed(following->begin(), following->end());
    for (core::Id id : ids) {
      if (!known.count(id)) return fail(util::ErrorCode::not_found, "Record not found");
      // why: as Mastodon's ListAccount, only followed accounts (or the owner) may be members.
      if (id != owner && !followed.count(id))
        return fail(util::ErrorCode::unprocessable, "Validation failed: You must be following this account");
    }
    return tx.lists().add_members(list_id, ids);
  });
  if (st && exclusive) deps.feeds.invalidate(owner);  // the members' statuses leave the home feed
  return st;
}

util::Status remove_list_members(const Deps& deps, core::Id owner, core::Id list_id,
                                 const std::vector<core::Id>& ids) {
  bool exclusive = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto l = owned_list(tx, owner, list_id);
    if (!l) return fail(l.error());
    exclusive = l->exclusive;
    return tx.lists().remove_members(list_id, ids);
  });
  if (st && exclusive) deps.feeds.invalidate(owner);  // the members' statuses come back home
  return st;
}

util::Result<std::vector<core::List>> lists_containing(const Deps& deps, core::Id owner, core::Id account_id) {
  std::vector<core::List> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto account = tx.accounts().find_by_id(account_id);
    if (!account) return fail(account.error());
    if (!*account || (*account)->suspended()) return fail(util::ErrorCode::not_found, "Record not found");
    auto r = tx.lists().lists_containing(owner, account_id);
    if (!r) return fail(r.error());
    out = std::move(*r);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::vector<StatusView>> list_timeline(const Deps& deps, core::Id owner, core::Id list_id,
                                                    const core::PageRequest& page) {
  std::vector<StatusView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto l = owned_list(tx, owner, list_id);
    if (!l) return fail(l.error());
    auto members = tx.lists().all_member_ids(list_id);
    if (!members) return fail(members.error());
    auto following = tx.graph().all_following_ids(owner);
    if (!following) return fail(following.error());
    std::unordered_set<core::Id> followed(following->begin(), following->end());
    std::unordered_set<core::Id> member_set;
    std::vector<core::Id> authors;
    for (core::Id m : *members) {
      if (m != owner && !followed.count(m)) continue;  // unfollowed since: out of the list's feed
      authors.push_back(m);
      member_set.insert(m);
    }
    if (authors.empty()) return {};

    // Replies to others pass per the list's policy (replies to oneself always do).
    auto keep_reply = [&](const core::Status& s) {
      if (!s.in_reply_to_account_id || *s.in_reply_to_account_id == s.account_id) return true;
      const core::Id to = *s.in_reply_to_account_id;
      switch (l->replies_policy) {
        case core::RepliesPolicy::none: return false;
        case core::RepliesPolicy::list: return member_set.count(to) > 0 || to == owner;
        case core::RepliesPolicy::followed: return followed.count(to) > 0 || to == owner;
      }
      return true;
    };

    // why: filtering after the store's LIMIT can leave a page short, and a short page ends the
    // client's paging (no rel="next"), so older pages are fetched until this one is full.
    core::PageRequest window = page;
    for (int round = 0; round < kMaxTimelineRounds && static_cast<int>(out.size()) < page.limit; ++round) {
      auto ids = tx.lists().status_ids_by_accounts(authors, window);
      if (!ids) return fail(ids.error());
      auto found = tx.statuses().find_many(*ids);
      if (!found) return fail(found.error());
      std::vector<core::Status> kept;
      for (auto& s : *found)
        if (keep_reply(s)) kept.push_back(std::move(s));
      auto views = load_views(tx, Viewer{owner}, kept, ViewPurpose::timeline);
      if (!views) return fail(views.error());
      for (auto& v : *views) {
        if (static_cast<int>(out.size()) >= page.limit) break;
        out.push_back(std::move(v));
      }
      // Only a newest-first (max_id) walk can continue; min_id pages are one round.
      if (static_cast<int>(ids->size()) < window.limit || page.min_id || ids->empty()) break;
      window.max_id = ids->back();
      window.since_id = page.since_id;
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

}  // namespace parloir::services
