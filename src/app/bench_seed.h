// `parloir admin bench-seed`: fills a data directory with a realistic, deterministic instance
// for the benchmark suite — accounts with profiles, a follow graph, statuses with mentions,
// hashtags, replies, reblogs and favourites, and the notifications they cause — written through
// the store layer in large transactions. Also registers a "bench" application and one token per
// account, written in clear to `tokens_out` (one "account_id username token" per line) so load
// generators can spread requests over many accounts.
#pragma once

#include <cstdint>
#include <string>

#include "app/config.h"

namespace parloir::app {

struct BenchSeedOptions {
  int accounts = 1000;
  int statuses = 10000;
  int follows_per_account = 20;
  std::uint64_t seed = 1;
  std::string tokens_out;  // default <data_dir>/bench-tokens.txt
  std::string password = "bench-password";  // every seeded account's password
};

// Returns the process exit code. Refuses a data directory that already has accounts other than admin.
int run_bench_seed(const Config& config, const BenchSeedOptions& options);

}  // namespace parloir::app
