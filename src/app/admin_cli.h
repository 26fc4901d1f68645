// `parloir admin ...` and `parloir migrate`: administration commands that work on an instance's
// data directory, also while `parloir serve` runs on it (SQLite waits for the server's write
// lock instead of failing). Each returns the process exit code and prints one line per result;
// errors are one line on stderr.
#pragma once

#include <string>

#include "app/config.h"

namespace parloir::app {

struct AccountCreateArgs {
  std::string username, email, password, role = "user";
};

int run_migrate(const Config& config);
int run_account_create(const Config& config, const AccountCreateArgs& args);
int run_account_list(const Config& config);
int run_account_set_role(const Config& config, const std::string& username, const std::string& role);
int run_account_suspend(const Config& config, const std::string& username, bool suspend);
// Prints the new password when `password` is empty (a random one is generated).
// `admin domain allow|block|unblock|disallow <domain>` and `admin domain list`: the federation
// allow/block entries kept in the database (a running server picks them up within seconds).
int run_domain_change(const Config& config, const std::string& verb, const std::string& domain);
int run_domain_list(const Config& config);
int run_account_reset_password(const Config& config, const std::string& username, const std::string& password);
// Removes unattached uploads older than `days` and stored files that no row refers to (older
// than an hour, so uploads in flight are safe). Prints what it removed.
int run_media_prune(const Config& config, double days);
// Deletes cached copies of remote media fetched longer ago than `age` ("7d", "7", "12h"):
// remote attachments are then shown by their remote URL, avatars/headers by the default image.
// Exit code 2 for a malformed age.
int run_media_prune_remote(const Config& config, const std::string& age);

}  // namespace parloir::app
