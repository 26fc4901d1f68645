#include "services/instance.h"

namespace parloir::services {

util::Result<InstanceStats> instance_stats(const Deps& deps) {
  InstanceStats s;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto users = tx.accounts().count_local_users();
    if (!users) return util::fail(users.error());
    s.user_count = *users;
    // why: until activity tracking exists, every local user counts as active.
    s.active_month = *users;
    s.active_halfyear = *users;
    return {};
  });
  if (!st) return util::fail(st.error());
  return s;
}

}  // namespace parloir::services
