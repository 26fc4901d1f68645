#include "app/serve.h"

#include <utility>  // why: boost/asio/awaitable.hpp needs std::exchange (g++ 12)

#include <chrono>
#include <csignal>
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
#include "api/routes.h"
#include "api/streaming/streaming.h"
#include "app/instance_runtime.h"
#include "app/scheduler.h"
#include "crypto/random.h"
#include "http/blocking_pool.h"
#include "http/server.h"
#include "services/accounts.h"

namespace parloir::app {

namespace asio = boost::asio;

namespace {

// On first start, when no admin exists, creates `admin` with a random password and prints the
// credentials once.
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
  admin.role = core::Role::admin;
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

}  // namespace

int run_serve(const Config& config) {
  auto opened = open_instance(config, true);
  if (!opened) {
    std::cerr << "parloir: " << opened.error().public_message << "\n";
    return 1;
  }
  auto& rt = **opened;

  http::BlockingPool pool(static_cast<std::size_t>(config.server.blocking_threads), 100000);
  api::Env env{rt.deps(), pool, {}, config.scheme, config.domain, config.base_url, {}};
  env.instance = api::InstanceDescription{config.instance.title,     config.instance.description,
                                          config.instance.contact_email, config.instance.languages,
                                          config.instance.registrations, config.instance.nodeinfo_software_name,
                                          config.instance.max_characters};
  env.rate_limits = rate_limit_config(config.rate_limits);
  api::RenderCache render_cache;
  env.render_cache = &render_cache;
  http::Router router;
  api::register_routes(router, env);
  api::StreamingConfig streaming_config;
  streaming_config.max_connections_per_token = static_cast<std::size_t>(config.streaming.max_connections_per_token);
  streaming_config.max_connections_per_ip = static_cast<std::size_t>(config.streaming.max_connections_per_ip);
  streaming_config.sse_heartbeat = std::chrono::seconds(config.streaming.sse_heartbeat_s);
  api::Streaming streaming(env, rt.events, streaming_config);  // subscribes to the services' events
  streaming.register_routes(router);

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

  Scheduler scheduler(ioc, pool, rt.deps());  // publishes due scheduled statuses every second
  scheduler.start();

  asio::co_spawn(ioc, bootstrap_in_background(pool, rt, ioc), asio::detached);

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {} received: shutting down", sig);
    server.stop();
    scheduler.stop();
    asio::co_spawn(ioc, drain_then_stop(server, ioc), asio::detached);
  });

  std::vector<std::thread> threads;
  for (int i = 1; i < config.server.io_threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  pool.stop();
  rt.store->close();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace parloir::app
