#include "services/markers.h"

#include "util/time.h"

namespace parloir::services {

using util::fail;

bool is_marker_timeline(const std::string& timeline) { return timeline == "home" || timeline == "notifications"; }

util::Result<std::vector<core::Marker>> get_markers(const Deps& deps, core::Id account_id,
                                                    const std::vector<std::string>& timelines) {
  std::vector<std::string> known;
  for (const auto& t : timelines)
    if (is_marker_timeline(t)) known.push_back(t);
  std::vector<core::Marker> out;
  if (known.empty()) return out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto r = tx.markers().find(account_id, known);
    if (!r) return fail(r.error());
    out = std::move(*r);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::vector<core::Marker>> save_markers(const Deps& deps, core::Id account_id,
                                                     const std::vector<std::pair<std::string, core::Id>>& positions) {
  for (const auto& [timeline, id] : positions)
    if (!is_marker_timeline(timeline))
      return fail(util::ErrorCode::unprocessable, "Validation failed: Timeline is not included in the list");
  std::vector<core::Marker> out;
  const auto now = util::now_ms();
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    for (const auto& [timeline, id] : positions) {
      auto m = tx.markers().save(account_id, timeline, id, now);
      if (!m) return fail(m.error());
      out.push_back(std::move(*m));
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

}  // namespace parloir::services
