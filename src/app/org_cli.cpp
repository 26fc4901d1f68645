#include "app/org_cli.h"

#include <iostream>

#include "api/env.h"
#include "api/private_instance.h"
#include "api/routes.h"
#include "app/instance_runtime.h"
#include "http/blocking_pool.h"
#include "services/announcements.h"
#include "services/moderation.h"
#include "services/instance_settings.h"
#include "services/registrations.h"
#include "services/rules.h"
#include "util/time.h"

namespace parloir::app {

namespace {

int report(const util::Error& e) {
  std::cerr << "parloir: " << (e.public_message.empty() ? e.detail : e.public_message) << "\n";
  return 1;
}

std::unique_ptr<InstanceRuntime> open_or_report(const Config& config) {
  auto rt = open_instance(config, true);
  if (!rt) {
    report(rt.error());
    return nullptr;
  }
  relay_events_to_server(**rt);
  return std::move(*rt);
}

std::string opt_time(const std::optional<std::int64_t>& t) { return t ? util::format_datetime(*t) : "-"; }

void print_announcement(const core::Announcement& a) {
  std::cout << a.id << "\t" << (a.published_at ? "published" : "draft") << "\t" << opt_time(a.starts_at) << "\t"
            << opt_time(a.ends_at) << "\t" << (a.all_day ? "all-day" : "-") << "\t" << a.text << "\n";
}

}  // namespace

int run_invite_create(const Config& config, const InviteCreateArgs& args) {
  std::optional<std::int64_t> expires_in;
  if (!args.expires_in.empty()) {
    auto s = util::parse_duration_seconds(args.expires_in);
    if (!s || *s <= 0) {
      std::cerr << "parloir: --expires-in must be a duration such as 30m, 12h or 7d, got \"" << args.expires_in
                << "\"\n";
      return 2;
    }
    expires_in = *s;
  }
  auto rt = open_or_report(config);
  if (!rt) return 1;
  auto invite = services::create_invite(rt->deps(), std::nullopt, args.max_uses, expires_in);
  if (!invite) return report(invite.error());
  std::cout << "code: " << invite->code << "\n"
            << "link: " << config.base_url << "/invite/" << invite->code << "\n";
  return 0;
}

int run_invite_list(const Config& config) {
  auto rt = open_or_report(config);
  if (!rt) return 1;
  auto list = services::list_invites(rt->deps());
  if (!list) return report(list.error());
  std::cout << "id\tcode\tuses\tmax_uses\texpires_at\tvalid\n";
  std::int64_t now = util::now_ms();
  for (const auto& i : *list)
    std::cout << i.id << "\t" << i.code << "\t" << i.uses << "\t" << (i.max_uses ? std::to_string(*i.max_uses) : "-")
              << "\t" << opt_time(i.expires_at) << "\t" << (i.valid_at(now) ? "yes" : "no") << "\n";
  return 0;
}

int run_announcement(const Config& config, const std::string& verb, const AnnouncementArgs& args) {
  services::AnnouncementInput in;
  in.text = args.text;
  in.all_day = args.all_day;
  for (auto [text, slot] : {std::pair{&args.starts_at, &in.starts_at}, std::pair{&args.ends_at, &in.ends_at}}) {
    if (!*text) continue;
    if ((*text)->empty()) {
      *slot = std::optional<std::int64_t>{};
      continue;
    }
    auto t = util::parse_datetime(**text);
    if (!t) {
      std::cerr << "parloir: expected an ISO 8601 time such as 2026-12-01T09:00:00Z, got \"" << **text << "\"\n";
      return 2;
    }
    *slot = std::optional<std::int64_t>(*t);
  }
  std::optional<core::Id> id;
  if (verb != "create" && verb != "list") {
    id = core::parse_id(args.id);
    if (!id) {
      std::cerr << "parloir: an announcement id is required\n";
      return 2;
    }
  }
  auto rt = open_or_report(config);
  if (!rt) return 1;
  auto deps = rt->deps();
  if (verb == "list") {
    auto list = services::list_all_announcements(deps);
    if (!list) return report(list.error());
    std::cout << "id\tstate\tstarts_at\tends_at\tall_day\ttext\n";
    for (const auto& a : *list) print_announcement(a);
    return 0;
  }
  if (verb == "delete") {
    auto st = services::delete_announcement(deps, std::nullopt, *id);
    if (!st) return report(st.error());
    std::cout << "announcement " << *id << " deleted\n";
    return 0;
  }
  util::Result<core::Announcement> a = util::fail(util::ErrorCode::internal, "unknown verb " + verb);
  if (verb == "create") {
    if (!in.text) {
      std::cerr << "parloir: --text is required\n";
      return 2;
    }
    in.published = !args.draft;
    a = services::create_announcement(deps, std::nullopt, in);
  } else if (verb == "update") {
    a = services::update_announcement(deps, std::nullopt, *id, in);
  } else if (verb == "publish" || verb == "unpublish") {
    services::AnnouncementInput p;
    p.published = verb == "publish";
    a = services::update_announcement(deps, std::nullopt, *id, p);
  }
  if (!a) return report(a.error());
  print_announcement(*a);
  return 0;
}

int run_rule(const Config& config, const std::string& verb, const RuleArgs& args) {
  std::optional<core::Id> id;
  if (verb == "update" || verb == "remove") {
    id = core::parse_id(args.id);
    if (!id) {
      std::cerr << "parloir: a rule id is required (see parloir admin rule list)\n";
      return 2;
    }
  }
  auto rt = open_or_report(config);
  if (!rt) return 1;
  auto deps = rt->deps();
  auto print = [](const core::Rule& r) {
    std::cout << r.id << "\t" << r.priority << "\t" << r.text << "\t" << r.hint << "\n";
  };
  if (verb == "list") {
    auto rules = services::list_rules(deps);
    if (!rules) return report(rules.error());
    std::cout << "id\tpriority\ttext\thint\n";
    for (const auto& r : *rules) print(r);
    return 0;
  }
  if (verb == "remove") {
    auto st = services::delete_rule(deps, std::nullopt, *id);
    if (!st) return report(st.error());
    std::cout << "rule " << *id << " removed\n";
    return 0;
  }
  services::RuleInput in{args.text, args.hint, args.priority};
  auto r = verb == "add" ? services::create_rule(deps, std::nullopt, in) : services::update_rule(deps, std::nullopt, *id, in);
  if (!r) return report(r.error());
  print(*r);
  return 0;
}

int run_settings(const Config& config, const std::string& verb, const std::string& key, const std::string& value) {
  auto rt = open_or_report(config);
  if (!rt) return 1;
  auto deps = rt->deps();
  if (verb == "list") {
    auto v = services::instance_settings(deps);
    const auto& defaults = rt->instance_settings->defaults();
    std::cout << "key\tvalue\tsource\n";
    for (std::string_view k : services::instance_setting_keys()) {
      const std::string& current = *v->get(k);
      std::cout << k << "\t" << current << "\t" << (current == *defaults.get(k) ? "config" : "database") << "\n";
    }
    return 0;
  }
  if (verb == "get") {
    const std::string* current = services::instance_settings(deps)->get(key);
    if (current == nullptr) {
      std::cerr << "parloir: unknown setting: " << key << "\n";
      return 1;
    }
    std::cout << *current << "\n";
    return 0;
  }
  auto r = verb == "set" ? services::update_instance_settings(deps, std::nullopt, {{key, value}})
                         : services::reset_instance_setting(deps, std::nullopt, key);
  if (!r) return report(r.error());
  std::cout << key << "\t" << *(*r)->get(key) << "\n";
  return 0;
}

int run_audit_log(const Config& config, int limit) {
  auto rt = open_or_report(config);
  if (!rt) return 1;
  core::PageRequest page;
  page.limit = limit;
  auto entries = services::audit_log(rt->deps(), page);
  if (!entries) return report(entries.error());
  std::cout << "created_at\tactor\taction\ttarget\tdetail\n";
  for (const auto& e : *entries)
    std::cout << util::format_datetime(e.created_at) << "\t" << (e.account_id ? std::to_string(*e.account_id) : "cli")
              << "\t" << e.action << "\t" << e.target_type << " " << e.target_id << "\t" << e.detail << "\n";
  return 0;
}

int run_routes(const Config& config) {
  auto rt = open_or_report(config);
  if (!rt) return 1;
  http::BlockingPool pool(1, 1);
  api::Env env{rt->deps(), pool, {}, config.scheme, config.domain, config.base_url, {}};
  env.rate_limits.enabled = false;
  http::Router router;
  api::register_routes(router, env);
  // Federation's routes are not listed here: they are guarded the same way (app/serve.cpp) but
  // registering them needs the delivery machinery.
  for (const auto& r : router.routes()) {
    std::string method(http::beast_http::to_string(r->method));
    std::cout << method << " " << r->pattern << " "
              << (api::public_on_private_instance(r->method, r->pattern) ? "public" : "token") << "\n";
  }
  pool.stop();
  return 0;
}

}  // namespace parloir::app
