// Domain types for organisation controls: invites, announcements, reports and the moderation
// audit log. Plain values; no I/O. Thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"

namespace parloir::core {

// A sign-up invitation (instance.registrations = invite). Valid while not expired and, when
// max_uses is set, while uses < max_uses.
struct Invite {
  Id id = 0;
  std::string code;                  // random, URL-safe; the link is /invite/CODE
  std::optional<Id> created_by;      // the admin's account; none when made with the CLI
  std::optional<std::int64_t> max_uses;
  std::int64_t uses = 0;
  std::optional<std::int64_t> expires_at;  // unix ms
  std::int64_t created_at = 0;

  bool valid_at(std::int64_t now_ms) const {
    return (!expires_at || *expires_at > now_ms) && (!max_uses || uses < *max_uses);
  }
};

// An administrator's notice shown to every local user (Mastodon's Announcement).
struct Announcement {
  Id id = 0;
  std::string text;     // as typed
  std::string content;  // rendered HTML
  std::optional<std::int64_t> starts_at;  // unix ms
  std::optional<std::int64_t> ends_at;
  bool all_day = false;
  std::optional<std::int64_t> published_at;  // none = draft (unpublished)
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// One reaction name on an announcement, as a viewer sees it.
struct AnnouncementReaction {
  std::string name;
  std::int64_t count = 0;
  bool me = false;
};

// An announcement with what the viewer sees of it.
struct AnnouncementView {
  Announcement announcement;
  bool read = false;  // dismissed by the viewer
  std::vector<AnnouncementReaction> reactions;
};

// One of the instance's rules (Mastodon's Rule), shown at sign-up and named by reports.
// Ids are small integers assigned by the database ("1", "2", …) as Mastodon's.
struct Rule {
  Id id = 0;
  std::string text;  // at most 300 characters, not empty
  std::string hint;  // at most 300 characters
  std::int64_t priority = 0;  // lower first; ties by id
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A report filed by a local user about an account (and some of its statuses).
struct Report {
  Id id = 0;
  Id account_id = 0;         // the reporter
  Id target_account_id = 0;  // the reported account
  std::vector<Id> status_ids;
  std::vector<Id> rule_ids;
  std::string comment;
  std::string category = "other";  // spam | legal | violation | other
  bool forward = false;
  std::optional<Id> assigned_account_id;
  std::optional<Id> action_taken_by;
  std::optional<std::int64_t> action_taken_at;  // resolved when set
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// Moderation flags of an account beyond suspension (kept apart from the account row).
struct ModerationFlags {
  std::optional<std::int64_t> silenced_at;
  std::optional<std::int64_t> sensitized_at;
};

// A sign-up email domain refused by the moderators (Mastodon's EmailDomainBlock); it covers
// its subdomains too.
struct EmailDomainBlock {
  Id id = 0;
  std::string domain;  // lower-case
  std::int64_t created_at = 0;
};

// One line of the audit log: who did what to what, and when.
struct AuditEntry {
  Id id = 0;
  std::optional<Id> account_id;  // the moderator; none for the admin CLI
  std::string action;            // e.g. "approve_user", "suspend_account", "resolve_report"
  std::string target_type;       // "Account", "Report", "Announcement", "Invite"
  Id target_id = 0;
  std::string detail;            // free text (e.g. the username, the report comment)
  std::int64_t created_at = 0;
};

}  // namespace parloir::core
