// SqliteStatusRepo::viewer_snapshot (store/read_views.h): a viewer's blocks, mutes and flags
// on statuses in one statement.
#include <algorithm>

#include "store/sqlite/social_repos.h"

namespace parloir::store::sqlite {

Result<ViewerSnapshot> SqliteStatusRepo::viewer_snapshot(Id account_id, std::size_t cap) {
  ViewerSnapshot out;
  // why: one cached statement instead of nine: each part is a range of a covering index
  // (the UNIQUE (account_id, …) autoindexes, blocks_target, statuses_reblogs_by_account,
  // poll_votes_account);
  // column 0 says which list a row belongs to. ?1 = viewer, ?2 = cap + 1.
  PARLOIR_SQL_PREPARE(
      st, conn_,
      "SELECT 0, target_account_id, NULL FROM (SELECT target_account_id FROM blocks WHERE account_id = ?1 LIMIT ?2) "
      "UNION ALL SELECT 1, account_id, NULL FROM (SELECT account_id FROM blocks WHERE target_account_id = ?1 LIMIT ?2) "
      "UNION ALL SELECT 2, target_account_id, expires_at FROM "
      "(SELECT target_account_id, expires_at FROM mutes WHERE account_id = ?1 LIMIT ?2) "
      "UNION ALL SELECT 3, status_id, NULL FROM (SELECT status_id FROM favourites WHERE account_id = ?1 LIMIT ?2) "
      "UNION ALL SELECT 4, reblog_of_id, NULL FROM (SELECT reblog_of_id FROM statuses INDEXED BY "
      "statuses_reblogs_by_account WHERE account_id = ?1 AND reblog_of_id IS NOT NULL LIMIT ?2) "
      "UNION ALL SELECT 5, status_id, NULL FROM (SELECT status_id FROM bookmarks WHERE account_id = ?1 LIMIT ?2) "
      "UNION ALL SELECT 6, status_id, NULL FROM (SELECT status_id FROM status_pins WHERE account_id = ?1 LIMIT ?2) "
      "UNION ALL SELECT 7, conversation_id, NULL FROM "
      "(SELECT conversation_id FROM conversation_mutes WHERE account_id = ?1 LIMIT ?2) "
      "UNION ALL SELECT 8, poll_id, choice FROM (SELECT poll_id, choice FROM poll_votes WHERE account_id = ?1 LIMIT ?2)");
  st->bind_int(1, account_id).bind_int(2, static_cast<std::int64_t>(cap) + 1);
  std::size_t counts[9] = {};
  std::vector<std::pair<Id, std::uint8_t>> statuses;
  std::vector<std::pair<Id, int>> votes;
  PARLOIR_SQL_TRY(each_row(*st, [&] {
    const auto kind = st->col_int(0);
    if (kind < 0 || kind > 8) return;
    ++counts[kind];
    const Id id = st->col_int(1);
    switch (kind) {
      case 0: out.blocking.push_back(id); break;
      case 1: out.blocked_by.push_back(id); break;
      case 2: out.muting.emplace_back(id, st->col_opt_int(2)); break;
      case 3: statuses.emplace_back(id, ViewerSnapshot::kFavourited); break;
      case 4: statuses.emplace_back(id, ViewerSnapshot::kReblogged); break;
      case 5: statuses.emplace_back(id, ViewerSnapshot::kBookmarked); break;
      case 6: statuses.emplace_back(id, ViewerSnapshot::kPinned); break;
      case 7: out.muted_conversations.push_back(id); break;
      case 8: votes.emplace_back(id, static_cast<int>(st->col_int(2))); break;
    }
  }));
  for (std::size_t c : counts)
    if (c > cap) {
      out.complete = false;
      return out;
    }
  std::sort(out.blocking.begin(), out.blocking.end());
  std::sort(out.blocked_by.begin(), out.blocked_by.end());
  std::sort(out.muting.begin(), out.muting.end());
  std::sort(out.muted_conversations.begin(), out.muted_conversations.end());
  std::sort(statuses.begin(), statuses.end());
  for (const auto& [id, bit] : statuses) {
    if (!out.statuses.empty() && out.statuses.back().first == id)
      out.statuses.back().second |= bit;
    else
      out.statuses.emplace_back(id, bit);
  }
  std::sort(votes.begin(), votes.end());
  for (const auto& [poll, choice] : votes) {
    if (out.poll_votes.empty() || out.poll_votes.back().first != poll) out.poll_votes.emplace_back(poll, std::vector<int>{});
    out.poll_votes.back().second.push_back(choice);
  }
  return out;
}

}  // namespace parloir::store::sqlite
