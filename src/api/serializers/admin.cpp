#include "api/serializers/admin.h"

#include "api/serializers/account.h"
#include "util/time.h"

namespace parloir::api {

namespace {

void opt_time(JsonOut& out, std::string_view key, const std::optional<std::int64_t>& t) {
  out.key(key);
  if (t)
    out.str(util::format_datetime(*t));
  else
    out.null();
}

void id_strings(JsonOut& out, std::string_view key, const std::vector<core::Id>& ids) {
  out.key(key).begin_array();
  for (core::Id id : ids) out.str(std::to_string(id));
  out.end_array();
}

void opt_admin_account(JsonOut& out, const Env& env, std::string_view key,
                       const std::optional<services::AdminAccount>& a) {
  out.key(key);
  if (a)
    write_admin_account(out, env, *a);
  else
    out.null();
}

}  // namespace

void write_admin_account(JsonOut& out, const Env& env, const services::AdminAccount& a) {
  const auto& acc = a.login.account;
  const auto& u = a.login.user;
  out.begin_object();
  out.field("id", std::to_string(acc.id)).field("username", acc.username).field_null("domain");
  out.field("created_at", util::format_datetime(acc.created_at)).field("email", u.email).field_null("ip");
  out.empty_array("ips").field("locale", u.locale);
  out.key("invite_request").str_or_null(u.reason);
  out.key("role");
  write_role(out, u.role);
  out.field("confirmed", u.confirmed).field("suspended", acc.suspended()).field("silenced", a.flags.silenced_at.has_value());
  out.field("sensitized", a.flags.sensitized_at.has_value()).field("disabled", u.disabled).field("approved", u.approved);
  out.key("account");
  write_account(out, env, acc);
  out.end_object();
}

void write_admin_report(JsonOut& out, const Env& env, const core::Report& r, const ReportAccounts& accounts) {
  out.begin_object();
  out.field("id", std::to_string(r.id)).field("action_taken", r.action_taken_at.has_value());
  opt_time(out, "action_taken_at", r.action_taken_at);
  out.field("category", r.category).field("comment", r.comment).field("forwarded", r.forward);
  out.field("created_at", util::format_datetime(r.created_at)).field("updated_at", util::format_datetime(r.updated_at));
  opt_admin_account(out, env, "account", accounts.account);
  opt_admin_account(out, env, "target_account", accounts.target);
  opt_admin_account(out, env, "assigned_account", accounts.assigned);
  opt_admin_account(out, env, "action_taken_by_account", accounts.taken_by);
  // why: statuses are listed by id (the admin UI fetches them); full entities need the viewer gate.
  id_strings(out, "status_ids", r.status_ids);
  out.empty_array("statuses");
  id_strings(out, "rule_ids", r.rule_ids);
  out.key("rules").begin_array();
  for (const auto& rule : accounts.rules) write_rule(out, rule);
  out.end_array();
  out.end_object();
}

void write_rule(JsonOut& out, const core::Rule& r, bool admin) {
  out.begin_object();
  out.field("id", std::to_string(r.id)).field("text", r.text).field("hint", r.hint);
  if (admin)
    out.field("priority", r.priority).field("created_at", util::format_datetime(r.created_at))
        .field("updated_at", util::format_datetime(r.updated_at));
  out.end_object();
}

void write_report(JsonOut& out, const Env& env, const core::Report& r, const core::Account& target,
                  const std::vector<core::Rule>& rules) {
  out.begin_object();
  out.field("id", std::to_string(r.id)).field("action_taken", r.action_taken_at.has_value());
  opt_time(out, "action_taken_at", r.action_taken_at);
  out.field("category", r.category).field("comment", r.comment).field("forwarded", r.forward);
  out.field("created_at", util::format_datetime(r.created_at));
  id_strings(out, "status_ids", r.status_ids);
  id_strings(out, "rule_ids", r.rule_ids);
  out.key("rules").begin_array();
  for (const auto& rule : rules) write_rule(out, rule);
  out.end_array();
  out.key("target_account");
  write_account(out, env, target);
  out.end_object();
}

void write_announcement(JsonOut& out, const core::AnnouncementView& v, bool admin) {
  const auto& a = v.announcement;
  out.begin_object();
  out.field("id", std::to_string(a.id)).field("content", a.content);
  opt_time(out, "starts_at", a.starts_at);
  opt_time(out, "ends_at", a.ends_at);
  out.field("all_day", a.all_day);
  out.field("published_at", util::format_datetime(a.published_at.value_or(a.created_at)));
  out.field("updated_at", util::format_datetime(a.updated_at));
  if (!admin) out.field("read", v.read);
  out.empty_array("mentions").empty_array("statuses").empty_array("tags").empty_array("emojis");
  out.key("reactions").begin_array();
  for (const auto& r : v.reactions) {
    out.begin_object().field("name", r.name).field("count", r.count);
    if (!admin) out.field("me", r.me);
    out.end_object();
  }
  out.end_array();
  if (admin) out.field("text", a.text).field("published", a.published_at.has_value());
  out.end_object();
}

void write_invite(JsonOut& out, const Env& env, const core::Invite& i) {
  out.begin_object();
  out.field("id", std::to_string(i.id)).field("code", i.code).field("url", env.base_url + "/invite/" + i.code);
  out.field("uses", i.uses);
  out.key("max_uses");
  if (i.max_uses)
    out.integer(*i.max_uses);
  else
    out.null();
  opt_time(out, "expires_at", i.expires_at);
  out.field("created_at", util::format_datetime(i.created_at));
  out.end_object();
}

void write_email_domain_block(JsonOut& out, const core::EmailDomainBlock& b) {
  out.begin_object();
  out.field("id", std::to_string(b.id)).field("domain", b.domain).field("created_at", util::format_datetime(b.created_at));
  out.empty_array("history");
  out.end_object();
}

void write_audit_entry(JsonOut& out, const core::AuditEntry& e) {
  out.begin_object();
  out.field("id", std::to_string(e.id));
  out.key("account_id");
  if (e.account_id)
    out.str(std::to_string(*e.account_id));
  else
    out.null();
  out.field("action", e.action).field("target_type", e.target_type).field("target_id", std::to_string(e.target_id));
  out.field("detail", e.detail).field("created_at", util::format_datetime(e.created_at));
  out.end_object();
}

}  // namespace parloir::api
