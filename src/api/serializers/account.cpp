#include "api/serializers/account.h"

#include "api/serializers/media.h"
#include "core/roles.h"
#include "util/strings.h"
#include "services/compose.h"
#include "util/time.h"

namespace parloir::api {

std::string account_url(const Env& env, const core::Account& a) {
  return a.is_local() || a.url.empty() ? util::concat({env.base_url, "/@", a.username}) : a.url;
}

std::string account_uri(const Env& env, const core::Account& a) {
  return a.is_local() || a.uri.empty() ? env.base_url + "/users/" + a.username : a.uri;
}

// Our copy; else (a remote account whose image is not cached yet, or was pruned) the origin's
// URL, as for attachments; else the default image.
std::string account_avatar(const Env& env, const core::Account& a) {
  if (!a.avatar_path.empty()) return media_file_url(env, a.avatar_path);
  if (!a.avatar_remote_url.empty()) return a.avatar_remote_url;
  return env.base_url + "/avatars/original/missing.png";
}

std::string account_header(const Env& env, const core::Account& a) {
  if (!a.header_path.empty()) return media_file_url(env, a.header_path);
  if (!a.header_remote_url.empty()) return a.header_remote_url;
  return env.base_url + "/headers/original/missing.png";
}

namespace {
void write_fields(JsonOut& out, const core::Account& a) {
  out.key("fields").begin_array();
  for (const auto& f : a.fields) {
    out.begin_object().field("name", f.name).field("value", services::render_field_value(f.value)).key("verified_at");
    if (f.verified_at)
      out.str(util::format_datetime(*f.verified_at));
    else
      out.null();
    out.end_object();
  }
  out.end_array();
}

void write_account_body(JsonOut& out, const Env& env, const core::Account& a) {
  out.field("id", core::id_string(a.id));
  out.field("username", a.username);
  out.field("acct", a.is_local() ? a.username : a.username + "@" + a.domain);
  out.field("display_name", a.display_name);
  out.field("locked", a.locked);
  out.field("bot", a.bot);
  out.field("discoverable", a.discoverable);
  out.field("indexable", a.indexable);
  out.field("group", false);
  // why: Mastodon truncates created_at to midnight UTC.
  out.field("created_at", util::format_datetime(a.created_at - a.created_at % 86400000));
  out.field("note", a.note);
  out.field("url", account_url(env, a));
  out.field("uri", account_uri(env, a));
  std::string avatar = account_avatar(env, a);
  std::string header = account_header(env, a);
  out.field("avatar", avatar).field("avatar_static", avatar);
  out.field("header", header).field("header_static", header);
  out.field("followers_count", a.followers_count);
  out.field("following_count", a.following_count);
  out.field("statuses_count", a.statuses_count);
  out.key("last_status_at");
  if (a.last_status_at)
    out.str(util::format_date(*a.last_status_at));
  else
    out.null();
  out.field("hide_collections", a.hide_collections);
  out.field("noindex", !a.indexable);
  out.empty_array("emojis");
  out.empty_array("roles");
  write_fields(out, a);
  if (a.suspended()) out.field("suspended", true);
  if (a.moved_to) {  // one level: the loaded target carries no moved_to of its own
    out.key("moved").begin_object();
    write_account_body(out, env, *a.moved_to);
    out.end_object();
  }
}
}  // namespace

void write_account(JsonOut& out, const Env& env, const core::Account& a) {
  out.begin_object();
  write_account_body(out, env, a);
  out.end_object();
}

void write_muted_account(JsonOut& out, const Env& env, const core::Account& a, std::optional<std::int64_t> expires_at) {
  out.begin_object();
  write_account_body(out, env, a);
  out.key("mute_expires_at");
  if (expires_at)
    out.str(util::format_datetime(*expires_at));
  else
    out.null();
  out.end_object();
}

void write_credential_account(JsonOut& out, const Env& env, const core::Account& a, const core::User& u,
                              std::int64_t follow_requests_count) {
  out.begin_object();
  write_account_body(out, env, a);
  out.key("source").begin_object();
  out.field("privacy", core::visibility_name(u.default_privacy));
  out.field("sensitive", u.default_sensitive);
  out.field("language", u.default_language);
  out.field("note", a.note_source);
  out.key("fields").begin_array();
  for (const auto& f : a.fields)
    out.begin_object().field("name", f.name).field("value", f.value).field_null("verified_at").end_object();
  out.end_array();
  out.field("follow_requests_count", follow_requests_count);
  out.field("hide_collections", a.hide_collections);
  out.field("discoverable", a.discoverable);
  out.field("indexable", a.indexable);
  out.empty_array("attribution_domains");
  out.end_object();
  out.key("role");
  write_role(out, u.role);
  out.end_object();
}

void write_role(JsonOut& out, core::Role role) {
  // Ids, names and permission bits follow Mastodon's default roles (core/roles.h).
  const auto info = core::role_info(role);
  out.begin_object();
  out.field("id", info.id).field("name", info.name).field("permissions", std::to_string(core::permissions_of(role)));
  out.field("color", "").field("highlighted", info.highlighted);
  out.end_object();
}

}  // namespace parloir::api
