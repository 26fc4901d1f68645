// The `parloir` command: serve, migrate, version, admin. Every subcommand reads the same
// configuration (file, PARLOIR_* environment, flags) as `serve`.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "api/env.h"
#include "app/admin_cli.h"
#include "app/bench_seed.h"
#include "app/config.h"
#include "app/org_cli.h"
#include "app/serve.h"
#include "crypto/password.h"
#include "util/log.h"

using namespace parloir;

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App cli{"Parloir — a self-hosted, Mastodon-compatible microblogging server"};
  cli.require_subcommand(1);
  app::ConfigFlags flags;
  auto add_config_flags = [&flags](CLI::App* cmd) {
    cmd->add_option("--config", flags.config_file, "TOML configuration file");
    cmd->add_option("--url", flags.url, "public base URL, e.g. https://social.example.org");
    cmd->add_option("--listen", flags.listen, "address:port to listen on");
    cmd->add_option("--data-dir", flags.data_dir, "directory for the database and files");
  };

  auto* serve = cli.add_subcommand("serve", "run the server");
  add_config_flags(serve);
  auto* migrate = cli.add_subcommand("migrate", "apply database migrations and exit");
  add_config_flags(migrate);
  auto* version = cli.add_subcommand("version", "print the version");

  auto* admin = cli.add_subcommand("admin", "administration commands");
  admin->require_subcommand(1);
  auto* account = admin->add_subcommand("account", "manage local accounts");
  account->require_subcommand(1);

  app::AccountCreateArgs create_args;
  auto* create = account->add_subcommand("create", "create a local account");
  add_config_flags(create);
  create->add_option("--username", create_args.username, "username ([a-z0-9_], at most 30)")->required();
  create->add_option("--email", create_args.email, "email address (used to sign in)")->required();
  create->add_option("--password", create_args.password, "password (at least 8 characters)")->required();
  create->add_option("--role", create_args.role, "owner, admin, moderator or user (default user)");

  auto* list = account->add_subcommand("list", "list local accounts");
  add_config_flags(list);

  std::string username, role, password;
  auto* set_role = account->add_subcommand("set-role", "change an account's role");
  add_config_flags(set_role);
  set_role->add_option("username", username, "account username")->required();
  set_role->add_option("role", role, "owner, admin, moderator or user")->required();

  // `admin role set USERNAME ROLE`: the same as `admin account set-role`, audit-logged.
  auto* role_cmd = admin->add_subcommand("role", "manage roles (owner, admin, moderator, user)");
  role_cmd->require_subcommand(1);
  auto* role_set = role_cmd->add_subcommand("set", "give an account a role");
  add_config_flags(role_set);
  role_set->add_option("username", username, "account username")->required();
  role_set->add_option("role", role, "owner, admin, moderator or user")->required();

  auto* suspend = account->add_subcommand("suspend", "suspend an account and revoke its tokens");
  add_config_flags(suspend);
  suspend->add_option("username", username, "account username")->required();
  auto* unsuspend = account->add_subcommand("unsuspend", "lift a suspension");
  add_config_flags(unsuspend);
  unsuspend->add_option("username", username, "account username")->required();

  auto* reset = account->add_subcommand("reset-password", "set a new password and revoke the account's tokens");
  add_config_flags(reset);
  reset->add_option("username", username, "account username")->required();
  reset->add_option("--password", password, "new password (random when omitted; then printed)");

  // Organisation controls (app/org_cli.h).
  auto* invite = admin->add_subcommand("invite", "manage sign-up invites");
  invite->require_subcommand(1);
  app::InviteCreateArgs invite_args;
  auto* invite_create = invite->add_subcommand("create", "create an invite; prints its code and link");
  add_config_flags(invite_create);
  std::int64_t invite_max_uses = 0;
  invite_create->add_option("--max-uses", invite_max_uses, "how many sign-ups it allows (default unlimited)")
      ->check(CLI::PositiveNumber);
  invite_create->add_option("--expires-in", invite_args.expires_in, "a duration such as 30m, 12h, 7d (default never)");
  auto* invite_list = invite->add_subcommand("list", "list invites");
  add_config_flags(invite_list);
  auto* announcement = admin->add_subcommand("announcement", "manage announcements");
  announcement->require_subcommand(1);
  app::AnnouncementArgs ann_args;
  std::string ann_verb, ann_text, ann_starts, ann_ends;
  bool ann_all_day = false;
  struct AnnOpts {
    CLI::Option *text, *starts, *ends, *all_day;
  };
  std::vector<AnnOpts> ann_opts;
  for (const char* verb : {"create", "update", "publish", "unpublish", "delete", "list"}) {
    auto* cmd = announcement->add_subcommand(verb, std::string(verb) + " an announcement");
    add_config_flags(cmd);
    cmd->callback([&ann_verb, verb] { ann_verb = verb; });
    std::string v(verb);
    if (v != "create" && v != "list") cmd->add_option("id", ann_args.id, "announcement id")->required();
    if (v == "create" || v == "update") {
      ann_opts.push_back({cmd->add_option("--text", ann_text, "the notice (links, #tags and @mentions are linked)"),
                          cmd->add_option("--starts-at", ann_starts, "ISO 8601 time the event starts (\"\" clears)"),
                          cmd->add_option("--ends-at", ann_ends, "ISO 8601 time after which it is no longer shown"),
                          cmd->add_option("--all-day", ann_all_day, "true or false")});
    }
    if (v == "create") cmd->add_flag("--draft", ann_args.draft, "create unpublished");
  }
  auto* rule = admin->add_subcommand("rule", "manage the instance rules (shown at sign-up, cited by reports)");
  rule->require_subcommand(1);
  app::RuleArgs rule_args;
  std::string rule_verb, rule_text, rule_hint;
  std::int64_t rule_priority = 0;
  struct RuleOpts {
    CLI::Option *text, *hint, *priority;
  };
  std::vector<RuleOpts> rule_opts;
  for (const char* verb : {"add", "list", "update", "remove"}) {
    auto* cmd = rule->add_subcommand(verb, std::string(verb) + (std::string(verb) == "list" ? " the rules" : " a rule"));
    add_config_flags(cmd);
    cmd->callback([&rule_verb, verb] { rule_verb = verb; });
    std::string v(verb);
    if (v == "add") cmd->add_option("text", rule_text, "the rule (at most 300 characters)")->required();
    if (v == "update" || v == "remove") cmd->add_option("id", rule_args.id, "rule id")->required();
    if (v == "add" || v == "update") {
      rule_opts.push_back({v == "update" ? cmd->add_option("--text", rule_text, "the rule") : nullptr,
                           cmd->add_option("--hint", rule_hint, "an explanation (at most 300 characters)"),
                           cmd->add_option("--priority", rule_priority, "order: lower first (default 0)")});
    }
  }
  auto* settings_cmd = admin->add_subcommand("settings", "show or change the instance settings (title, registrations…)");
  settings_cmd->require_subcommand(1);
  std::string settings_verb, settings_key, settings_value;
  for (const char* verb : {"list", "get", "set", "reset"}) {
    std::string v(verb);
    auto* cmd = settings_cmd->add_subcommand(
        verb, v == "list"  ? "every setting: key, value, and whether it comes from the database or the configuration"
              : v == "get" ? "print one setting's value"
              : v == "set" ? "change a setting (takes effect at once in the running server)"
                           : "drop a setting's stored value (back to the configuration file's)");
    add_config_flags(cmd);
    cmd->callback([&settings_verb, verb] { settings_verb = verb; });
    if (v != "list") cmd->add_option("key", settings_key, "title, short_description, description, contact_email, "
                                                            "contact_account, registrations, default_language")
                         ->required();
    if (v == "set") cmd->add_option("value", settings_value, "the new value")->required();
  }
  int audit_limit = 100;
  auto* audit = admin->add_subcommand("audit-log", "list moderator and admin actions, newest first");
  add_config_flags(audit);
  audit->add_option("--limit", audit_limit, "how many entries (default 100)");
  auto* routes = cli.add_subcommand("routes", "list every HTTP route and whether a private instance serves it without a token");
  add_config_flags(routes);
  auto* domain = admin->add_subcommand("domain", "federation: allow or block other servers");
  domain->require_subcommand(1);
  std::string domain_name;
  std::vector<std::pair<std::string, CLI::App*>> domain_verbs;
  for (const char* verb : {"allow", "block", "unblock", "disallow"}) {
    auto* sub = domain->add_subcommand(verb, std::string(verb) + " a domain (host or host:port)");
    add_config_flags(sub);
    sub->add_option("domain", domain_name, "domain, e.g. example.org or 127.0.0.1:8401")->required();
    domain_verbs.emplace_back(verb, sub);
  }
  auto* domain_list = domain->add_subcommand("list", "list allowed and blocked domains");
  add_config_flags(domain_list);

  app::BenchSeedOptions seed_opts;
  auto* seed = admin->add_subcommand("bench-seed", "fill a fresh data directory with benchmark data");
  add_config_flags(seed);
  seed->add_option("--accounts", seed_opts.accounts, "number of accounts");
  seed->add_option("--statuses", seed_opts.statuses, "number of statuses");
  seed->add_option("--follows-per-account", seed_opts.follows_per_account, "follows per account");
  seed->add_option("--seed", seed_opts.seed, "random seed (same seed, same data)");
  seed->add_option("--tokens-out", seed_opts.tokens_out, "where to write the tokens (default <data-dir>/bench-tokens.txt)");

  auto* media_cmd = admin->add_subcommand("media", "manage stored media");
  media_cmd->require_subcommand(1);
  double prune_days = 1;
  auto* prune = media_cmd->add_subcommand(
      "prune", "remove unattached uploads older than --older-than days and stored files nothing refers to");
  add_config_flags(prune);
  prune->add_option("--older-than", prune_days, "age in days (fractions allowed; default 1)")
      ->check(CLI::NonNegativeNumber);

  std::string prune_remote_age = "7d";
  auto* prune_remote = media_cmd->add_subcommand(
      "prune-remote", "delete cached copies of remote media (attachments, avatars, headers) older than --older-than");
  add_config_flags(prune_remote);
  prune_remote->add_option("--older-than", prune_remote_age, "age: days (\"7\", \"7d\") or hours (\"12h\"); default 7d");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "parloir: " << e.what() << " (see parloir --help)\n";
    return 2;
  }

  if (*version) {
    std::cout << "parloir " << api::parloir_version() << " (Mastodon API " << api::mastodon_version_string() << ")\n";
    return 0;
  }

  auto config = app::load_config(flags, app::process_environment());
  if (!config) {
    std::cerr << "parloir: " << config.error().public_message << "\n";
    return 2;
  }
  util::LogOptions log_opts{config->log.level, *serve ? config->log.access_log : "off"};
  if (!util::init_logging(log_opts)) {
    std::cerr << "parloir: log.level: bad value\n";
    return 2;
  }
  if (!crypto::init()) {
    std::cerr << "parloir: libsodium failed to initialise\n";
    return 1;
  }
  int rc = 0;
  if (*serve) rc = app::run_serve(*config);
  else if (*migrate) rc = app::run_migrate(*config);
  else if (*create) rc = app::run_account_create(*config, create_args);
  else if (*list) rc = app::run_account_list(*config);
  else if (*set_role || *role_set) rc = app::run_account_set_role(*config, username, role);
  else if (*suspend) rc = app::run_account_suspend(*config, username, true);
  else if (*unsuspend) rc = app::run_account_suspend(*config, username, false);
  else if (*seed) rc = app::run_bench_seed(*config, seed_opts);
  else if (*domain_list) rc = app::run_domain_list(*config);
  else if (*domain) {
    for (auto& [verb, sub] : domain_verbs)
      if (*sub) rc = app::run_domain_change(*config, verb, domain_name);
  }
  else if (*reset) rc = app::run_account_reset_password(*config, username, password);
  else if (*invite_create) {
    if (invite_max_uses > 0) invite_args.max_uses = invite_max_uses;
    rc = app::run_invite_create(*config, invite_args);
  }
  else if (*invite_list) rc = app::run_invite_list(*config);
  else if (*announcement) {
    for (const auto& o : ann_opts) {
      if (o.text->count() > 0) ann_args.text = ann_text;
      if (o.starts->count() > 0) ann_args.starts_at = ann_starts;
      if (o.ends->count() > 0) ann_args.ends_at = ann_ends;
      if (o.all_day->count() > 0) ann_args.all_day = ann_all_day;
    }
    rc = app::run_announcement(*config, ann_verb, ann_args);
  }
  else if (*rule) {
    for (const auto& o : rule_opts) {
      if (o.text && o.text->count() > 0) rule_args.text = rule_text;
      if (o.hint->count() > 0) rule_args.hint = rule_hint;
      if (o.priority->count() > 0) rule_args.priority = rule_priority;
    }
    if (rule_verb == "add") rule_args.text = rule_text;
    rc = app::run_rule(*config, rule_verb, rule_args);
  }
  else if (*settings_cmd) rc = app::run_settings(*config, settings_verb, settings_key, settings_value);
  else if (*audit) rc = app::run_audit_log(*config, audit_limit);
  else if (*routes) rc = app::run_routes(*config);
  else if (*prune) rc = app::run_media_prune(*config, prune_days);
  else if (*prune_remote) rc = app::run_media_prune_remote(*config, prune_remote_age);
  util::shutdown_logging();
  return rc;
}
