#include "api/serializers/poll.h"

#include <algorithm>

#include "util/time.h"

namespace parloir::api {

void write_poll(JsonOut& o, const core::Poll& p, const store::ViewerFlags& flags, std::optional<core::Id> viewer_id,
                std::int64_t now_ms) {
  const bool expired = p.expired(now_ms);
  const bool is_author = viewer_id && *viewer_id == p.account_id;
  const bool hide_counts = p.hide_totals && !expired && !is_author;
  o.begin_object();
  o.field("id", core::id_string(p.id));
  o.key("expires_at");
  if (p.expires_at) o.str(util::format_datetime(*p.expires_at)); else o.null();
  o.field("expired", expired);
  o.field("multiple", p.multiple);
  o.field("votes_count", p.votes_count);
  o.field("voters_count", p.voters_count);
  o.key("options").begin_array();
  for (std::size_t i = 0; i < p.options.size(); ++i) {
    o.begin_object().field("title", p.options[i]).key("votes_count");
    if (hide_counts) o.null(); else o.integer(i < p.tallies.size() ? p.tallies[i] : 0);
    o.end_object();
  }
  o.end_array();
  o.empty_array("emojis");
  o.field("voted", viewer_id ? (is_author || flags.voted) : false);
  o.key("own_votes").begin_array();
  if (viewer_id)
    for (int c : flags.own_votes) o.integer(c);
  o.end_array();
  o.end_object();
}

}  // namespace parloir::api
