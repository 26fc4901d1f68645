// `parloir admin invite|announcement|rule|audit-log` and `parloir routes`: organisation controls
// from the command line (same conventions as admin_cli.h: exit code returned, one line per
// result, errors on stderr). Actions are recorded in the audit log with no acting account.
#pragma once

#include <optional>
#include <string>

#include "app/config.h"

namespace parloir::app {

struct InviteCreateArgs {
  std::optional<std::int64_t> max_uses;
  std::string expires_in;  // a duration such as 30m, 7d; empty = never
};
// Prints the code and the link <base_url>/invite/CODE.
int run_invite_create(const Config& config, const InviteCreateArgs& args);
int run_invite_list(const Config& config);

struct AnnouncementArgs {
  std::string id;  // update/publish/unpublish/delete
  std::optional<std::string> text;
  std::optional<std::string> starts_at;  // ISO 8601; "" clears
  std::optional<std::string> ends_at;
  std::optional<bool> all_day;
  bool draft = false;  // create unpublished
};
// verb: create | update | publish | unpublish | delete | list.
int run_announcement(const Config& config, const std::string& verb, const AnnouncementArgs& args);

struct RuleArgs {
  std::string id;  // update/remove
  std::optional<std::string> text;
  std::optional<std::string> hint;
  std::optional<std::int64_t> priority;
};
// verb: add | list | update | remove. Prints "id<TAB>priority<TAB>text<TAB>hint" per rule.
int run_rule(const Config& config, const std::string& verb, const RuleArgs& args);

// verb: list (prints "key<TAB>value<TAB>database|config" per setting) | get KEY (the value) |
// set KEY VALUE | reset KEY (services/instance_settings.h; audit-logged, reaches the running
// server within about a second). Unknown key or bad value: the error on stderr, exit 1.
int run_settings(const Config& config, const std::string& verb, const std::string& key, const std::string& value);

// Newest first: time, actor account id (or "cli"), action, target, detail.
int run_audit_log(const Config& config, int limit);

// Every route the router knows: "METHOD PATTERN ACCESS", ACCESS "public" when reachable
// without a user token on a private instance, else "token".
int run_routes(const Config& config);

}  // namespace parloir::app
