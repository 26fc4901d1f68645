#include "app/serve.h"

#include <utility>  // why: boost/asio/awaitable.hpp needs std::exchange (g++ 12)

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <vector>


#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "api/env.h"
#include "api/private_instance.h"
#include "api/routes.h"
#include "api/streaming/streaming.h"
#include "api/web/assets.h"
#include "app/instance_runtime.h"
#include "app/media_sweeper.h"
#include "app/scheduler.h"
#include "app/web_embedded.h"
#include "crypto/random.h"
#include "federation/federation.h"
#include "http/blocking_pool.h"
#include "http/server.h"
#include "media/image.h"
#include "services/accounts.h"
#include "services/media_urls.h"

namespace parloir::app {

namespace asio = boost::asio;

namespace {

// On first start, when no admin exists, creates `admin` (role owner) with a random password and
// prints the credentials once.
bool bootstrap_admin(InstanceRuntime& rt) {
  auto deps = rt.deps();
  auto exists = services::admin_exists(deps);
  if (!exists) {
    spdlog::error("cannot check for an admin account: {}", exists.error().detail);
    return false;
  }
  if (*exists) return true;
  services::NewLocalAccount admin;
  admin.username = "admin";
  admin.email = "admin@" + rt.config.host;
  admin.password = crypto::random_password(24);
  admin.role = core::Role::owner;
  auto created = services::create_local_account(deps, admin);
  if (!created) {
    spdlog::error("cannot create the admin account: {}", created.error().public_message);
    return false;
  }
  std::cout << "\nParloir: first start — an administrator account was created.\n"
            << "  url:      " << rt.config.base_url << "\n"
            << "  username: admin\n"
            << "  email:    " << admin.email << "\n"
            << "  password: " << admin.password << "\n"
            << "Sign in with these and change the password; it is not shown again.\n\n"
            << std::flush;
  return true;
}

// why: Argon2id hashing of the first admin's password takes ~100 ms; doing it on the blocking
// pool after the listener is up keeps start-up to first served request short.
asio::awaitable<void> bootstrap_in_background(http::BlockingPool& pool, InstanceRuntime& rt, asio::io_context& ioc) {
  bool ok = co_await pool.run([&] { return bootstrap_admin(rt); });
  if (!ok) {
    spdlog::error("first-start setup failed: stopping");
    ioc.stop();
  }
}

asio::awaitable<void> drain_then_stop(http::Server& server, asio::io_context& ioc) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server.connections() > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(asio::use_awaitable);
  }
  ioc.stop();
}

api::RateLimitConfig rate_limit_config(const RateLimitsConfig& c) {
  api::RateLimitConfig r;
  r.enabled = c.enabled;
  r.authenticated = {c.authenticated, c.period_s};
  r.anonymous = {c.anonymous, c.period_s};
  r.sign_ups = {c.sign_ups.limit, c.sign_ups.period_s};
  r.media = {c.media.limit, c.media.period_s};
  r.deletes = {c.deletes.limit, c.deletes.period_s};
  r.failed_logins = {c.failed_logins.limit, c.failed_logins.period_s};
  return r;
}

util::Result<federation::Options> federation_options_from(const Config& config) {
  federation::Options o;
  o.settings.base_url = config.base_url;
  o.settings.domain = config.domain;
  o.settings.delivery_workers = config.federation.delivery_workers;
  // A private instance answers only signed fetches from permitted peers (docs/federation.md).
  o.settings.authorized_fetch = config.federation.authorized_fetch || config.instance.private_instance;
  o.settings.unavailable_after_ms = config.federation.unavailable_after_s * 1000;
  o.mode = federation::parse_mode(config.federation.mode);
  o.allowed_domains = config.federation.allowed_domains;
  o.blocked_domains = config.federation.blocked_domains;
  auto policy = http::AddressPolicy::from_strings(config.federation.allow_private_addresses);
  if (!policy) return util::fail(policy.error());
  o.client.policy = std::move(*policy);
  o.client.allow_http = config.federation.allow_http;
  o.client.user_agent = "Parloir/" + api::parloir_version() + " (+" + config.base_url + "/)";
  return o;
}

// The web app to serve: web.root when set (development: serve a fresh build from disk), else
// the build embedded in the binary, else the source tree's web/dist when it exists. An empty
// set means "not built" (pages say so).
util::Result<api::WebAssets> load_web_assets(const Config& config) {
  std::string root = config.web.root;
  if (root.empty()) {
    std::size_t count = 0;
    const api::EmbeddedWebFile* files = embedded_web_files(count);
    if (count > 0) {
      auto assets = api::WebAssets::from_embedded(files, count);
      spdlog::info("web app: {} files embedded in the binary", assets.size());
      return assets;
    }
    root = PARLOIR_SOURCE_WEB_DIST;
  }
  auto assets = api::WebAssets::load_directory(root);
  if (assets && assets->size() > 0) {
    spdlog::info("web app: {} files from {}", assets->size(), assets->source());
  } else if (assets) {
    spdlog::warn("web app: not built (nothing in {})", root);
  }
  return assets;
}

}  // namespace

int run_serve(const Config& config) {
  auto opened = open_instance(config, true);
  if (!opened) {
    std::cerr << "parloir: " << opened.error().public_message << "\n";
    return 1;
  }
  auto& rt = **opened;
  if (auto seeded = seed_configured_rules(rt); !seeded) {
    std::cerr << "parloir: " << seeded.error().public_message << "\n";
    return 1;
  }

  media::VipsSettings vips;
  vips.concurrency = config.media.vips_threads;
  media::configure_vips(vips);  // vips starts with the first upload

  http::BlockingPool pool(static_cast<std::size_t>(config.server.blocking_threads), 100000);
  auto federation_options = federation_options_from(config);
  if (!federation_options) {
    std::cerr << "parloir: " << federation_options.error().public_message << "\n";
    return 1;
  }
  federation::Federation fed(rt.deps(), std::move(*federation_options));
  rt.federation = fed.hooks();  // services enqueue deliveries through it (null when off)
  api::Env env{rt.deps(), pool, {}, config.scheme, config.domain, config.base_url, {}};
  env.instance.nodeinfo_software_name = config.instance.nodeinfo_software_name;
  env.instance.max_characters = config.instance.max_characters;
  env.instance.private_instance = config.instance.private_instance;
  env.instance.federation_mode = config.federation.mode;
  env.instance.local_only_default = config.instance.local_only_default;
  env.instance.image_size_limit = config.media.image_size_limit;
  env.instance.video_size_limit = config.media.video_size_limit;
  env.instance.image_matrix_limit = config.media.image_matrix_limit;
  env.rate_limits = rate_limit_config(config.rate_limits);
  // why: the file, plus a custom thumbnail (an image), plus 1 MiB for the form's other fields.
  env.media_body_limit = static_cast<std::size_t>(std::max(config.media.image_size_limit, config.media.video_size_limit) +
                                                  config.media.image_size_limit) +
                         (1u << 20);
  api::RenderCache render_cache;
  env.render_cache = &render_cache;
  auto web_assets = load_web_assets(config);
  if (!web_assets) {
    std::cerr << "parloir: " << web_assets.error().public_message << "\n";
    return 1;
  }
  env.web_assets = &*web_assets;
  env.web_media_sources = config.web.media_sources;
  if (env.instance.private_instance) {
    auto secret = services::media_url_secret(rt.deps());
    if (!secret) {
      std::cerr << "parloir: " << secret.error().public_message << "\n";
      return 1;
    }
    env.media_url_secret = std::move(*secret);
  }
  http::Router router;
  api::register_routes(router, env);
  api::StreamingConfig streaming_config;
  streaming_config.max_connections_per_token = static_cast<std::size_t>(config.streaming.max_connections_per_token);
  streaming_config.max_connections_per_ip = static_cast<std::size_t>(config.streaming.max_connections_per_ip);
  streaming_config.sse_heartbeat = std::chrono::seconds(config.streaming.sse_heartbeat_s);
  api::Streaming streaming(env, rt.events, streaming_config);  // subscribes to the services' events
  streaming.register_routes(router);
  fed.register_routes(router, pool);  // after the API's: inboxes are not under its rate limits
  // why: after every route (federation's too), so a route is private unless allowlisted; a
  // private instance's ActivityPub documents are then refused to anonymous readers as well
  // (only the signature-checked inboxes stay open; authorized fetch is not built yet).
  if (env.instance.private_instance) api::apply_private_instance(router, env);

  asio::io_context ioc(config.server.io_threads);
  http::ServerOptions sopts;
  sopts.header_limit = static_cast<std::size_t>(config.server.header_limit);
  sopts.max_body = static_cast<std::size_t>(config.server.body_limit);
  sopts.max_connections = static_cast<std::size_t>(config.server.max_connections);
  sopts.read_timeout = std::chrono::seconds(config.server.read_timeout_s);
  sopts.idle_timeout = std::chrono::seconds(config.server.idle_timeout_s);
  sopts.stream_queue_bytes = static_cast<std::size_t>(config.streaming.queue_bytes);
  sopts.ws_idle_timeout = std::chrono::seconds(config.streaming.ping_timeout_s);
  http::Server server(ioc, router, sopts);
  if (auto st = server.listen(config.listen_host, config.listen_port); !st) {
    std::cerr << "parloir: " << st.error().public_message << "\n";
    return 1;
  }
  server.start();
  spdlog::info("Parloir {} listening on {}:{} — public URL {}", api::parloir_version(), config.listen_host,
               server.port(), config.base_url);

  Scheduler scheduler(ioc, pool, rt.deps(), rt.channel.get());  // publishes due scheduled statuses every second
  scheduler.start();
  fed.start();
  // Unattached uploads (and cached remote media, when a retention is set): swept every quarter
  // of the shorter period (between 1 s and 10 min).
  std::int64_t sweep_period_s = config.media.unattached_ttl_s;
  if (config.media.remote_cache_retention_s > 0)
    sweep_period_s = std::min(sweep_period_s, config.media.remote_cache_retention_s);
  const auto sweep_every = std::chrono::milliseconds(std::clamp<std::int64_t>(sweep_period_s * 250, 1000, 600000));
  MediaSweeper media_sweeper(ioc, pool, rt.deps(), config.media.unattached_ttl_s * 1000, sweep_every,
                             config.media.remote_cache_retention_s * 1000);
  media_sweeper.start();

  asio::co_spawn(ioc, bootstrap_in_background(pool, rt, ioc), asio::detached);

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {} received: shutting down", sig);
    server.stop();
    scheduler.stop();
    fed.stop();
    media_sweeper.stop();
    asio::co_spawn(ioc, drain_then_stop(server, ioc), asio::detached);
  });

  std::vector<std::thread> threads;
  for (int i = 1; i < config.server.io_threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  fed.stop();
  pool.stop();
  rt.store->close();
  media::shutdown_vips();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace parloir::app
