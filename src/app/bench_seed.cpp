#include "app/bench_seed.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <unordered_set>

#include "app/instance_runtime.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "text/render.h"
#include "util/time.h"

namespace parloir::app {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kBatch = 20000;

const char* kWords[] = {"the", "meeting", "is", "moved", "to", "room", "b12", "please", "read", "report",
                        "coffee", "deadline", "friday", "project", "update", "lunch", "team", "review",
                        "draft", "slides", "notes", "cake", "budget", "release", "today", "tomorrow",
                        "thanks", "everyone", "great", "work", "question", "about", "the", "new", "policy"};
constexpr int kTagCount = 50;

struct Seeded {
  core::Id id;
  core::Id account_id;
  core::Id conversation_id;
  core::Visibility visibility;
  bool wrapper = false;  // a reblog wrapper: never replied to or reblogged
};

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

int run_bench_seed(const Config& config, const BenchSeedOptions& opt) {
  if (opt.accounts < 2 || opt.statuses < 0 || opt.follows_per_account < 0 ||
      opt.follows_per_account >= opt.accounts) {
    std::cerr << "parloir: bench-seed needs --accounts ≥ 2 and --follows-per-account < --accounts\n";
    return 2;
  }
  auto opened = open_instance(config, true);
  if (!opened) {
    std::cerr << "parloir: " << opened.error().public_message << "\n";
    return 1;
  }
  auto& rt = **opened;
  store::Store& db = *rt.store;
  auto start = Clock::now();
  std::mt19937_64 rng(opt.seed);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };

  std::int64_t existing = 0;
  (void)db.read([&](store::Tx& tx) -> util::Status {
    auto n = tx.accounts().count_local_users();
    if (n) existing = *n;
    return {};
  });
  if (existing > 1) {
    std::cerr << "parloir: bench-seed wants a fresh data directory (found " << existing << " accounts)\n";
    return 1;
  }

  // One Argon2id hash shared by every seeded account (hashing 10,000 passwords would take minutes).
  auto hash = crypto::hash_password(opt.password);
  if (!hash) return 1;
  std::int64_t now = util::now_ms();
  std::int64_t span = 30LL * 86400 * 1000;  // statuses spread over the last 30 days
  std::int64_t t0 = now - span - 86400000;

  // Accounts.
  std::vector<core::Account> accounts(static_cast<std::size_t>(opt.accounts));
  for (int i = 0; i < opt.accounts; ++i) {
    auto& a = accounts[static_cast<std::size_t>(i)];
    a.created_at = t0 + i;
    a.updated_at = a.created_at;
    a.id = rt.ids.next(a.created_at);
    a.username = "user" + std::to_string(i);
    a.display_name = "User " + std::to_string(i);
    a.note_source = "Hello, I am user " + std::to_string(i) + ".";
    a.note = "<p>" + a.note_source + "</p>";
    a.locked = i % 50 == 7;
  }
  for (std::size_t b = 0; b < accounts.size(); b += kBatch) {
    auto st = db.write([&](store::Tx& tx) -> util::Status {
      for (std::size_t i = b; i < std::min(accounts.size(), b + kBatch); ++i) {
        core::User u;
        u.id = accounts[i].id;
        u.account_id = accounts[i].id;
        u.email = accounts[i].username + "@bench.invalid";
        u.password_hash = *hash;
        u.created_at = accounts[i].created_at;
        u.password_changed_at = u.created_at;
        if (auto s = tx.accounts().insert_local(accounts[i], u); !s) return s;
      }
      return {};
    });
    if (!st) {
      std::cerr << "parloir: seeding accounts failed: " << st.error().public_message << " " << st.error().detail << "\n";
      return 1;
    }
  }
  std::cerr << "accounts: " << accounts.size() << " in " << seconds_since(start) << " s\n";

  // Follow graph: each account follows K distinct others, skewed towards "popular" low ids.
  auto phase = Clock::now();
  std::int64_t follows = 0;
  for (std::size_t b = 0; b < accounts.size(); b += kBatch / std::max(1, opt.follows_per_account) + 1) {
    std::size_t end = std::min(accounts.size(), b + kBatch / std::max(1, opt.follows_per_account) + 1);
    auto st = db.write([&](store::Tx& tx) -> util::Status {
      for (std::size_t i = b; i < end; ++i) {
        std::unordered_set<std::size_t> chosen;
        while (static_cast<int>(chosen.size()) < opt.follows_per_account) {
          // Half uniform, half from the first 10% (popular accounts).
          std::size_t target = uniform(0, 1) ? static_cast<std::size_t>(uniform(0, opt.accounts - 1))
                                             : static_cast<std::size_t>(uniform(0, std::max(1, opt.accounts / 10) - 1));
          if (target == i || !chosen.insert(target).second) continue;
          std::int64_t at = t0 + 1000 + static_cast<std::int64_t>(follows);
          core::Follow f{rt.ids.next(at), accounts[i].id, accounts[target].id, true, false, at};
          if (auto s = tx.graph().insert_follow(f); !s) return s;
          ++follows;
        }
      }
      return {};
    });
    if (!st) {
      std::cerr << "parloir: seeding follows failed: " << st.error().public_message << " " << st.error().detail << "\n";
      return 1;
    }
  }
  std::cerr << "follows: " << follows << " in " << seconds_since(phase) << " s\n";

  // Statuses (with replies, reblogs, mentions, hashtags) and favourites, in time order.
  phase = Clock::now();
  std::vector<Seeded> seeded;
  seeded.reserve(static_cast<std::size_t>(opt.statuses));
  text::RenderContext render;
  render.base_url = config.base_url;
  render.local_domain = config.domain;
  render.resolve_mention = [&](std::string_view username, std::string_view domain) -> std::optional<text::MentionTarget> {
    if (!domain.empty() || username.rfind("user", 0) != 0) return std::nullopt;
    std::size_t idx = static_cast<std::size_t>(std::atoll(std::string(username.substr(4)).c_str()));
    if (idx >= accounts.size()) return std::nullopt;
    return text::MentionTarget{core::id_string(accounts[idx].id), accounts[idx].username, "",
                               config.base_url + "/@" + accounts[idx].username};
  };
  std::int64_t favourites = 0, notifications = 0;
  for (int b = 0; b < opt.statuses; b += kBatch) {
    int end = std::min(opt.statuses, b + kBatch);
    auto st = db.write([&](store::Tx& tx) -> util::Status {
      for (int i = b; i < end; ++i) {
        std::int64_t at = t0 + 86400000 + span * i / std::max(1, opt.statuses);
        core::Status s;
        s.id = rt.ids.next(at);
        s.created_at = at;
        std::size_t author = static_cast<std::size_t>(uniform(0, opt.accounts - 1));
        s.account_id = accounts[author].id;
        s.conversation_id = s.id;
        int roll = static_cast<int>(uniform(0, 99));
        s.visibility = roll < 80 ? core::Visibility::public_ : roll < 90 ? core::Visibility::unlisted
                     : roll < 98 ? core::Visibility::private_ : core::Visibility::direct;
        int kind = static_cast<int>(uniform(0, 99));
        if (kind < 10 && !seeded.empty()) {
          // A reblog of an earlier public status.
          const Seeded& o = seeded[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(seeded.size()) - 1))];
          if (!o.wrapper && o.visibility == core::Visibility::public_ && o.account_id != s.account_id) {
            s.reblog_of_id = o.id;
            s.visibility = core::Visibility::public_;
            s.conversation_id = o.conversation_id;
            if (auto r = tx.statuses().insert(s); !r) return r;
            seeded.push_back({s.id, s.account_id, s.conversation_id, s.visibility, true});
            core::Notification n{rt.ids.next(at), o.account_id, s.account_id, core::NotificationType::reblog, o.id, at};
            if (auto r = tx.notifications().insert(n); !r) return r;
            ++notifications;
            continue;
          }
        }
        std::string body;
        int words = static_cast<int>(uniform(5, 30));
        for (int w = 0; w < words; ++w) {
          if (!body.empty()) body += ' ';
          body += kWords[uniform(0, static_cast<std::int64_t>(std::size(kWords)) - 1)];
        }
        std::optional<std::size_t> mentioned;
        if (uniform(0, 99) < 15 || s.visibility == core::Visibility::direct) {
          mentioned = static_cast<std::size_t>(uniform(0, opt.accounts - 1));
          body = "@" + accounts[*mentioned].username + " " + body;
        }
        if (uniform(0, 99) < 20) body += " #topic" + std::to_string(uniform(0, kTagCount - 1));
        if (uniform(0, 99) < 5) body += " https://example.org/docs/" + std::to_string(i);
        if (kind >= 10 && kind < 30 && !seeded.empty()) {
          const Seeded& p = seeded[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(seeded.size()) - 1))];
          if (!p.wrapper) {
            s.in_reply_to_id = p.id;
            s.in_reply_to_account_id = p.account_id;
            s.conversation_id = p.conversation_id;
          }
        }
        s.text = body;
        auto rendered = text::render_status_html(body, render);
        s.content = std::move(rendered.html);
        for (const auto& m : rendered.mentions)
          if (auto id = core::parse_id(m.id); id && *id != s.account_id) s.mentioned_account_ids.push_back(*id);
        s.tags = std::move(rendered.tags);
        if (auto r = tx.statuses().insert(s); !r) return r;
        seeded.push_back({s.id, s.account_id, s.conversation_id, s.visibility, false});
        for (core::Id m : s.mentioned_account_ids) {
          core::Notification n{rt.ids.next(at), m, s.account_id, core::NotificationType::mention, s.id, at};
          if (auto r = tx.notifications().insert(n); !r) return r;
          ++notifications;
        }
        // About one favourite in two statuses, on public ones, by random accounts.
        if (s.visibility == core::Visibility::public_ && uniform(0, 1) == 0) {
          std::size_t fan = static_cast<std::size_t>(uniform(0, opt.accounts - 1));
          if (accounts[fan].id != s.account_id) {
            auto r = tx.interactions().insert_favourite(rt.ids.next(at + 1), accounts[fan].id, s.id, at + 1);
            if (!r) return util::fail(r.error());
            core::Notification n{rt.ids.next(at + 1), s.account_id, accounts[fan].id, core::NotificationType::favourite,
                                 s.id, at + 1};
            if (auto x = tx.notifications().insert(n); !x) return x;
            ++favourites;
            ++notifications;
          }
        }
      }
      return {};
    });
    if (!st) {
      std::cerr << "parloir: seeding statuses failed: " << st.error().public_message << " " << st.error().detail << "\n";
      return 1;
    }
  }
  // why: statuses wait for the full-text index in a pending set (store migration 19); index them
  // here, in large batches, so a seeded server starts with nothing left to index.
  for (bool more = true; more;) {
    auto st = db.write([&](store::Tx& tx) -> util::Status {
      auto n = tx.search().index_pending_statuses(50000);
      if (!n) return util::fail(n.error());
      more = *n == 50000;
      return {};
    });
    if (!st) {
      std::cerr << "parloir: indexing statuses failed: " << st.error().public_message << " " << st.error().detail << "\n";
      return 1;
    }
  }
  std::cerr << "statuses: " << seeded.size() << ", favourites: " << favourites << ", notifications: " << notifications
            << " in " << seconds_since(phase) << " s\n";

  // An application and one token per account, for the load generators.
  phase = Clock::now();
  std::string tokens_path = opt.tokens_out.empty() ? config.storage.data_dir + "/bench-tokens.txt" : opt.tokens_out;
  std::ofstream tokens(tokens_path);
  if (!tokens) {
    std::cerr << "parloir: cannot write " << tokens_path << "\n";
    return 1;
  }
  core::Application app;
  app.created_at = util::now_ms();
  app.id = rt.ids.next(app.created_at);
  app.name = "bench";
  app.redirect_uris = {core::kOobRedirectUri};
  app.scopes = core::Scopes::parse("read write follow push");
  app.client_id = crypto::random_token(32);
  app.client_secret = crypto::random_token(32);
  std::mt19937_64 token_rng(opt.seed ^ 0x5eed);
  auto st = db.write([&](store::Tx& tx) -> util::Status {
    if (auto s = tx.oauth().insert_application(app); !s) return s;
    for (const auto& a : accounts) {
      // Deterministic tokens for a given seed (only for benchmark data).
      std::string secret = "bench-" + std::to_string(token_rng()) + "-" + std::to_string(token_rng());
      core::AccessToken t;
      t.created_at = app.created_at;
      t.id = rt.ids.next(t.created_at);
      t.token_hash = crypto::sha256_hex(secret);
      t.application_id = app.id;
      t.account_id = a.id;
      t.scopes = app.scopes;
      if (auto s = tx.oauth().insert_token(t); !s) return s;
      tokens << a.id << ' ' << a.username << ' ' << secret << '\n';
    }
    return {};
  });
  if (!st) {
    std::cerr << "parloir: seeding tokens failed: " << st.error().public_message << "\n";
    return 1;
  }
  tokens.close();
  rt.store->close();
  std::cerr << "tokens: " << accounts.size() << " in " << seconds_since(phase) << " s (" << tokens_path << ")\n";
  std::cout << "seeded " << accounts.size() << " accounts, " << follows << " follows, " << seeded.size()
            << " statuses, " << favourites << " favourites in " << seconds_since(start) << " s\n";
  return 0;
}

}  // namespace parloir::app
