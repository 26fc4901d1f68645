#include "core/status.h"

#include "core/visibility.h"

namespace parloir::core {

namespace {
constexpr std::pair<NotificationType, std::string_view> kNotificationNames[] = {
    {NotificationType::mention, "mention"},   {NotificationType::status, "status"},
    {NotificationType::reblog, "reblog"},     {NotificationType::follow, "follow"},
    {NotificationType::follow_request, "follow_request"}, {NotificationType::favourite, "favourite"},
    {NotificationType::poll, "poll"},         {NotificationType::update, "update"},
};
}  // namespace

std::string_view notification_type_name(NotificationType t) {
  for (const auto& [type, name] : kNotificationNames)
    if (type == t) return name;
  return "mention";
}

std::optional<NotificationType> parse_notification_type(std::string_view name) {
  for (const auto& [type, n] : kNotificationNames)
    if (n == name) return type;
  return std::nullopt;
}

bool may_view(const Status& s, const ViewerFacts& f) {
  if (f.viewer_id && *f.viewer_id == s.account_id) return true;
  if (f.author_suspended) return false;
  if (f.author_blocks_viewer) return false;
  if (s.local_only && (!f.viewer_id || !f.viewer_is_local)) return false;
  switch (s.visibility) {
    case Visibility::public_:
    case Visibility::unlisted:
      return true;
    case Visibility::private_:
      return f.viewer_id && (f.viewer_follows_author || f.viewer_is_mentioned);
    case Visibility::direct:
      return f.viewer_id && f.viewer_is_mentioned;
  }
  return false;
}

bool is_public_timeline_candidate(const Status& s) {
  if (s.visibility != Visibility::public_) return false;
  // why: Mastodon keeps replies to other people off public timelines; self-replies (threads) stay.
  if (s.in_reply_to_account_id && *s.in_reply_to_account_id != s.account_id) return false;
  return true;
}

}  // namespace parloir::core
