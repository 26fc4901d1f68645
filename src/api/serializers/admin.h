// JSON of the organisation-control entities: Admin::Account, Admin::Report, the user-facing
// Report, Announcement (mastodon-api.md), and Parloir's own invite and audit-log entries
// (documented in docs/api-coverage.md).
#pragma once

#include <vector>

#include "api/env.h"
#include "api/json.h"
#include "core/org.h"
#include "services/moderation.h"

namespace parloir::api {

void write_admin_account(JsonOut& out, const Env& env, const services::AdminAccount& a);

// The reporter, target, assignee and action-taker of a report, loaded by the caller.
struct ReportAccounts {
  std::optional<services::AdminAccount> account, target, assigned, taken_by;
  std::vector<core::Rule> rules;  // the rules the report cites (deleted ones too)
};
void write_admin_report(JsonOut& out, const Env& env, const core::Report& r, const ReportAccounts& accounts);
// The Report a user filed (POST /api/v1/reports); `rules` as ReportAccounts::rules.
void write_report(JsonOut& out, const Env& env, const core::Report& r, const core::Account& target,
                  const std::vector<core::Rule>& rules = {});
// Mastodon's Rule {id, text, hint}; `admin` adds Parloir's priority, created_at, updated_at.
void write_rule(JsonOut& out, const core::Rule& r, bool admin = false);

// Announcement as users see it. `admin` adds Parloir's `text` and `published` keys.
void write_announcement(JsonOut& out, const core::AnnouncementView& v, bool admin = false);

// {id, code, url, uses, max_uses, expires_at, created_at}.
void write_invite(JsonOut& out, const Env& env, const core::Invite& i);
// Mastodon's Admin::EmailDomainBlock {id, domain, created_at, history: []}.
void write_email_domain_block(JsonOut& out, const core::EmailDomainBlock& b);
// {id, account_id, action, target_type, target_id, detail, created_at}.
void write_audit_entry(JsonOut& out, const core::AuditEntry& e);

}  // namespace parloir::api
