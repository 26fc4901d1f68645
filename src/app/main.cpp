// The `parloir` command: serve, migrate, version, admin. Every subcommand reads the same
// configuration (file, PARLOIR_* environment, flags) as `serve`.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "api/env.h"
#include "app/admin_cli.h"
#include "app/bench_seed.h"
#include "app/config.h"
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
  create->add_option("--role", create_args.role, "admin, moderator or user (default user)");

  auto* list = account->add_subcommand("list", "list local accounts");
  add_config_flags(list);

  std::string username, role, password;
  auto* set_role = account->add_subcommand("set-role", "change an account's role");
  add_config_flags(set_role);
  set_role->add_option("username", username, "account username")->required();
  set_role->add_option("role", role, "admin, moderator or user")->required();

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
  else if (*set_role) rc = app::run_account_set_role(*config, username, role);
  else if (*suspend) rc = app::run_account_suspend(*config, username, true);
  else if (*unsuspend) rc = app::run_account_suspend(*config, username, false);
  else if (*seed) rc = app::run_bench_seed(*config, seed_opts);
  else if (*reset) rc = app::run_account_reset_password(*config, username, password);
  else if (*prune) rc = app::run_media_prune(*config, prune_days);
  util::shutdown_logging();
  return rc;
}
