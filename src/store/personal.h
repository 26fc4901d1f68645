// Repository interfaces for a user's own reading tools: lists, timeline markers, direct-message
// conversations (per-viewer state), and search. Same contract as store.h: reached through a Tx,
// blocking, SQL-free callers; visibility is decided by services (load_views), not here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/lists.h"
#include "core/status.h"
#include "store/social.h"
#include "util/result.h"

namespace parloir::store {

class ListRepo {
 public:
  virtual ~ListRepo() = default;
  virtual Status insert(const core::List& list) = 0;
  // Title, replies_policy, exclusive. not_found when no such list.
  virtual Status update(const core::List& list) = 0;
  // Deletes the list and its members; false when there was none.
  virtual Result<bool> remove(Id list_id) = 0;
  virtual Result<std::optional<core::List>> find(Id list_id) = 0;
  // The owner's lists, oldest first.
  virtual Result<std::vector<core::List>> list_of(Id owner_id) = 0;
  // The owner's lists that contain `member_id`, oldest first.
  virtual Result<std::vector<core::List>> lists_containing(Id owner_id, Id member_id) = 0;

  // Adds members (repeats and existing members ignored).
  virtual Status add_members(Id list_id, const std::vector<Id>& account_ids) = 0;
  virtual Status remove_members(Id list_id, const std::vector<Id>& account_ids) = 0;
  // Members, paged by membership row id (the cursor); item = account id.
  virtual Result<std::vector<Cursored<Id>>> list_members(Id list_id, const PageRequest& page) = 0;
  virtual Result<std::vector<Id>> all_member_ids(Id list_id) = 0;
  // Exclusive lists (Mastodon 4.2): their members' statuses stay out of the owner's home.
  // The owners having `member_id` in one of their exclusive lists, ascending.
  virtual Result<std::vector<Id>> exclusive_list_owners(Id member_id) = 0;
  // The members of the owner's exclusive lists, ascending, each once.
  virtual Result<std::vector<Id>> exclusive_members(Id owner_id) = 0;

  // Ids of statuses (reblog wrappers included) by any of `account_ids`, newest first, paged by
  // status id — the raw material of a list timeline.
  virtual Result<std::vector<Id>> status_ids_by_accounts(const std::vector<Id>& account_ids,
                                                         const PageRequest& page) = 0;
};

class MarkerRepo {
 public:
  virtual ~MarkerRepo() = default;
  // The account's markers for the named timelines that exist (in `timelines` order).
  virtual Result<std::vector<core::Marker>> find(Id account_id, const std::vector<std::string>& timelines) = 0;
  // Sets last_read_id and updated_at, bumping version (1 for a new marker); returns the result.
  virtual Result<core::Marker> save(Id account_id, const std::string& timeline, Id last_read_id,
                                    std::int64_t now) = 0;
};

// A direct-message conversation as one participant sees it: the thread (conversation_id) of
// the direct statuses they wrote or are mentioned in.
struct ConversationSummary {
  Id conversation_id = 0;
  Id last_status_id = 0;   // the newest such direct status (the paging cursor)
  Id last_read_id = 0;     // read up to this status id (0 = never marked read)
};

class ConversationRepo {
 public:
  virtual ~ConversationRepo() = default;
  // The account's conversations whose last status is above their hidden mark, paged by
  // last_status_id, newest first.
  virtual Result<std::vector<ConversationSummary>> list(Id account_id, const PageRequest& page) = 0;
  // One conversation (nullopt when the account has no direct status in it or it is hidden).
  virtual Result<std::optional<ConversationSummary>> find(Id account_id, Id conversation_id) = 0;
  // Marks read up to `status_id` (never moves backwards).
  virtual Status mark_read(Id account_id, Id conversation_id, Id status_id) = 0;
  // Hides the conversation up to `status_id`; a newer direct status shows it again.
  virtual Status hide(Id account_id, Id conversation_id, Id status_id) = 0;
  // The ids of the direct statuses in the conversation that the account wrote or is
  // mentioned in, oldest first (at most `limit`).
  virtual Result<std::vector<Id>> status_ids(Id account_id, Id conversation_id, int limit) = 0;
};

struct AccountSearch {
  std::string username;          // exact match first (case-insensitive), then prefix matches
  std::string domain;            // "" = local; a remote domain matches exactly only
  std::string prefix;            // prefix on username / display_name; empty = exact match only
  std::optional<Id> followed_by; // only accounts this account follows
  int limit = 40;
  int offset = 0;
};

struct StatusSearch {
  std::string fts_query;            // an FTS5 MATCH expression (already escaped by the caller)
  Id viewer_id = 0;                 // searchable: own, mentioned in, favourited, bookmarked, or
                                    // public statuses of indexable authors (Mastodon 4.2 rules)
  std::optional<Id> account_id;     // only this author
  int limit = 20;
  int offset = 0;
};

class SearchRepo {
 public:
  virtual ~SearchRepo() = default;
  // Not suspended; the exact username match first, then by username.
  virtual Result<std::vector<core::Account>> accounts(const AccountSearch& query) = 0;
  // Tags whose name starts with `prefix` (case-insensitive), shortest first.
  virtual Result<std::vector<std::string>> tags(const std::string& prefix, int limit, int offset) = 0;
  // Matching statuses (no reblog wrappers), newest first. Sees only indexed statuses: new and
  // edited statuses wait (durably) in a pending set until index_pending_statuses (migration 19).
  virtual Result<std::vector<core::Status>> statuses(const StatusSearch& query) = 0;
  // Whether a status is waiting to be indexed for statuses().
  virtual Result<bool> has_pending_statuses() = 0;
  // Indexes up to `max` of the pending statuses (oldest first) in this (write) transaction;
  // returns how many were taken off the pending set.
  virtual Result<int> index_pending_statuses(int max) = 0;
};

}  // namespace parloir::store
