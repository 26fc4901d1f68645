#include "api/serializers/status.h"

#include "api/serializers/account.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::api {

std::string status_url(const Env& env, const core::Account& author, const core::Status& s) {
  return env.base_url + "/@" + author.username + "/" + core::id_string(s.id);
}

std::string status_uri(const Env& env, const core::Account& author, const core::Status& s) {
  if (!s.uri.empty()) return s.uri;
  return env.base_url + "/users/" + author.username + "/statuses/" + core::id_string(s.id);
}

void write_status(JsonOut& o, const Env& env, const services::StatusView& v, const StatusJsonOptions& opt) {
  const core::Status& s = v.status;
  o.begin_object();
  o.field("id", core::id_string(s.id));
  o.field("created_at", util::format_datetime(s.created_at));
  o.key("edited_at");
  if (s.edited_at) o.str(util::format_datetime(*s.edited_at)); else o.null();
  o.key("in_reply_to_id");
  if (s.in_reply_to_id) o.str(core::id_string(*s.in_reply_to_id)); else o.null();
  o.key("in_reply_to_account_id");
  if (s.in_reply_to_account_id) o.str(core::id_string(*s.in_reply_to_account_id)); else o.null();
  o.field("sensitive", s.sensitive);
  o.field("spoiler_text", s.spoiler_text);
  o.field("visibility", core::visibility_name(s.visibility));
  o.field("local_only", s.local_only);
  o.key("language").str_or_null(s.language);
  o.field("uri", status_uri(env, v.account, s));
  o.field("url", status_url(env, v.account, s));
  o.field("replies_count", s.replies_count);
  o.field("reblogs_count", s.reblogs_count);
  o.field("favourites_count", s.favourites_count);
  o.field("quotes_count", 0);
  if (opt.authenticated) {
    o.field("favourited", v.flags.favourited);
    o.field("reblogged", v.flags.reblogged);
    o.field("muted", v.flags.muted);
    o.field("bookmarked", v.flags.bookmarked);
    if (opt.viewer_id && *opt.viewer_id == s.account_id && !s.is_reblog() &&
        s.visibility != core::Visibility::direct)
      o.field("pinned", v.flags.pinned);
  }
  o.field("content", s.is_reblog() ? std::string_view() : std::string_view(s.content));
  if (opt.with_source) o.field("text", s.text);
  o.key("reblog");
  if (v.reblog) {
    StatusJsonOptions inner = opt;
    inner.with_source = false;
    write_status(o, env, *v.reblog, inner);
  } else {
    o.null();
  }
  o.key("account");
  write_account(o, env, v.account);
  o.empty_array("media_attachments");
  o.key("mentions").begin_array();
  for (const auto& m : v.mentions)
    o.begin_object()
        .field("id", core::id_string(m.id))
        .field("username", m.username)
        .field("url", account_url(env, m))
        .field("acct", m.is_local() ? m.username : m.username + "@" + m.domain)
        .end_object();
  o.end_array();
  o.key("tags").begin_array();
  for (const auto& t : s.tags)
    o.begin_object().field("name", util::to_lower(t)).field("url", env.base_url + "/tags/" + util::to_lower(t)).end_object();
  o.end_array();
  o.empty_array("emojis");
  o.field_null("card");
  o.field_null("poll");
  o.end_object();
}

void write_relationship(JsonOut& o, const core::Relationship& r) {
  o.begin_object();
  o.field("id", core::id_string(r.target_account_id));
  o.field("following", r.following);
  o.field("showing_reblogs", r.showing_reblogs);
  o.field("notifying", r.notifying);
  o.field("followed_by", r.followed_by);
  o.field("blocking", r.blocking);
  o.field("blocked_by", r.blocked_by);
  o.field("muting", r.muting);
  o.field("muting_notifications", r.muting_notifications);
  o.field("requested", r.requested);
  o.field("requested_by", r.requested_by);
  o.field("domain_blocking", r.domain_blocking);
  o.field("endorsed", r.endorsed);
  o.empty_array("languages");
  o.field("note", r.note);
  o.key("muting_expires_at");
  if (r.muting_expires_at) o.str(util::format_datetime(*r.muting_expires_at)); else o.null();
  o.end_object();
}

void write_notification(JsonOut& o, const Env& env, const services::NotificationView& n,
                        const StatusJsonOptions& options) {
  o.begin_object();
  o.field("id", core::id_string(n.notification.id));
  o.field("type", core::notification_type_name(n.notification.type));
  o.field("group_key", "ungrouped-" + core::id_string(n.notification.id));
  o.field("created_at", util::format_datetime(n.notification.created_at));
  o.key("account");
  write_account(o, env, n.from);
  if (n.status) {
    o.key("status");
    write_status(o, env, *n.status, options);
  }
  o.end_object();
}

}  // namespace parloir::api
