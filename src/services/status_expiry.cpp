#include "services/status_expiry.h"

#include <spdlog/spdlog.h>

#include "services/statuses.h"

namespace parloir::services {

std::size_t delete_expired_statuses(const Deps& deps, std::int64_t now_ms) {
  std::vector<std::pair<core::Id, core::Id>> due;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto d = tx.status_expiry().due(now_ms, 100);
    if (!d) return util::fail(d.error());
    due = std::move(*d);
    return {};
  });
  if (!st) {
    spdlog::error("expiry: cannot list due statuses: {}", st.error().detail);
    return 0;
  }
  std::size_t n = 0;
  for (const auto& [status_id, account_id] : due) {
    auto author = find_local_login(deps, account_id);
    if (!author || !*author) continue;  // the status cascades away with its account
    auto deleted = delete_status(deps, **author, status_id);
    if (deleted) {
      ++n;
    } else {
      spdlog::error("expiry: cannot delete status {}: {}", status_id, deleted.error().public_message);
    }
  }
  return n;
}

}  // namespace parloir::services
