// parloir-fed-bench: federation load against one running Parloir server. It plays many remote
// instances on loopback ports (each instance its own RSA-2048 key, WebFinger, actor documents
// and per-actor inboxes counting what arrives) and:
//
//  fan-out  (with --token) every actor sends a signed Follow to the server's shared inbox and
//           waits for its Accept; then the local user posts once (POST /api/v1/statuses) and the
//           tool measures the time until every actor's inbox got the Create (one distinct inbox
//           per actor: nothing for the server to deduplicate);
//  inbound  M Create(Note) activities from the actors (round-robin), signed as Mastodon signs
//           them (draft-cavage rsa-sha256 over `(request-target) host date digest`, Digest
//           SHA-256) before the clock starts, then sent over C keep-alive connections to the shared
//           inbox as fast as the server answers: accepted (202) per second, latency p50/p99/max,
//           errors by status.
//
// Server RSS (VmRSS of --server-pid) is sampled every 100 ms. One JSON object on stdout.
//
//   parloir-fed-bench --server 127.0.0.1:PORT [--token T] [--server-pid PID] [--instances I]
//                     [--actors N] [--inbound M] [--connections C] [--wait-ms MS]
//
// Two threads: one io_context serves the remote instances (the server fetches actor documents
// while the flood runs), another sends. Signing uses the server's own federation::sign_post.
#include <utility>  // why: before Asio (g++ 12 + Boost 1.74 awaitable.hpp needs std::exchange)

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "crypto/rsa.h"
#include "federation/signature.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::redirect_error;
using asio::use_awaitable;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kPublic = "https://www.w3.org/ns/activitystreams#Public";

struct Options {
  std::string server;  // host:port of the Parloir under test
  std::string token;   // bearer of a local user: enables the fan-out phase
  int server_pid = 0;
  int instances = 20;
  int actors = 500;
  int inbound = 5000;
  int connections = 16;
  int wait_ms = 120000;
};

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}
std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// One remote instance: a loopback port and a key shared by its actors.
struct Instance {
  unsigned short port = 0;
  std::string authority;  // 127.0.0.1:port
  parloir::crypto::RsaKeyPair key;
};

// What an actor's inbox saw (written by the sink thread, read by the sender thread).
struct Inbox {
  std::atomic<int> accepts{0};
  std::atomic<int> creates{0};
  std::atomic<std::int64_t> first_create_ns{0};
  std::atomic<int> other{0};
};

struct World {
  Options opt;
  std::vector<Instance> instances;
  std::vector<std::unique_ptr<Inbox>> inboxes;  // one per actor
  std::atomic<long> gets{0};

  int instance_of(int actor) const { return actor % static_cast<int>(instances.size()); }
  std::string actor_uri(int actor) const {
    return "http://" + instances[static_cast<std::size_t>(instance_of(actor))].authority + "/users/a" +
           std::to_string(actor);
  }
};

// "/users/a12[/inbox]" → 12 when actor 12 lives on instance `inst`; -1 otherwise.
int actor_from_path(const World& w, int inst, std::string_view path, std::string_view suffix) {
  constexpr std::string_view kPrefix = "/users/a";
  if (path.substr(0, kPrefix.size()) != kPrefix) return -1;
  std::string_view rest = path.substr(kPrefix.size());
  if (rest.size() < suffix.size() || rest.substr(rest.size() - suffix.size()) != suffix) return -1;
  rest.remove_suffix(suffix.size());
  if (rest.empty() || rest.size() > 7) return -1;
  int n = 0;
  for (char c : rest) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  if (n >= static_cast<int>(w.inboxes.size()) || w.instance_of(n) != inst) return -1;
  return n;
}

std::string actor_document(const World& w, int actor) {
  const std::string uri = w.actor_uri(actor);
  const Instance& in = w.instances[static_cast<std::size_t>(w.instance_of(actor))];
  return "{\"@context\":[\"https://www.w3.org/ns/activitystreams\",\"https://w3id.org/security/v1\"],"
         "\"id\":\"" + uri + "\",\"type\":\"Person\",\"preferredUsername\":\"a" + std::to_string(actor) +
         "\",\"name\":\"Bench actor " + std::to_string(actor) + "\",\"inbox\":\"" + uri + "/inbox\",\"outbox\":\"" +
         uri + "/outbox\",\"followers\":\"" + uri + "/followers\",\"url\":\"" + uri +
         "\",\"publicKey\":{\"id\":\"" + uri + "#main-key\",\"owner\":\"" + uri + "\",\"publicKeyPem\":\"" +
         json_escape(in.key.public_pem) + "\"}}";
}

// The sink's answer to one request (WebFinger, actor documents, inbox POSTs).
bhttp::response<bhttp::string_body> handle(World& w, int inst, const bhttp::request<bhttp::string_body>& req) {
  bhttp::response<bhttp::string_body> res{bhttp::status::not_found, 11};
  std::string_view target(req.target().data(), req.target().size());
  std::string_view path = target.substr(0, target.find('?'));
  if (req.method() == bhttp::verb::get) {
    w.gets.fetch_add(1, std::memory_order_relaxed);
    if (path == "/.well-known/webfinger") {
      // resource=acct:aN@127.0.0.1:port
      auto p = target.find("acct%3Aa");
      std::size_t skip = 8;
      if (p == std::string_view::npos) {
        p = target.find("acct:a");
        skip = 6;
      }
      if (p != std::string_view::npos) {
        std::string_view rest = target.substr(p + skip);
        std::size_t e = 0;
        while (e < rest.size() && rest[e] >= '0' && rest[e] <= '9') ++e;
        int actor = e ? std::atoi(std::string(rest.substr(0, e)).c_str()) : -1;
        if (actor >= 0 && actor < static_cast<int>(w.inboxes.size()) && w.instance_of(actor) == inst) {
          std::string uri = w.actor_uri(actor);
          res.result(bhttp::status::ok);
          res.set(bhttp::field::content_type, "application/jrd+json");
          res.body() = "{\"subject\":\"acct:a" + std::to_string(actor) + "@" +
                       w.instances[static_cast<std::size_t>(inst)].authority +
                       "\",\"links\":[{\"rel\":\"self\",\"type\":\"application/activity+json\",\"href\":\"" + uri +
                       "\"}]}";
        }
      }
    } else if (int actor = actor_from_path(w, inst, path, ""); actor >= 0) {
      res.result(bhttp::status::ok);
      res.set(bhttp::field::content_type, "application/activity+json");
      res.body() = actor_document(w, actor);
    }
  } else if (req.method() == bhttp::verb::post) {
    if (int actor = actor_from_path(w, inst, path, "/inbox"); actor >= 0) {
      Inbox& box = *w.inboxes[static_cast<std::size_t>(actor)];
      const std::string& body = req.body();
      if (body.find("\"type\":\"Create\"") != std::string::npos) {
        std::int64_t zero = 0;
        box.first_create_ns.compare_exchange_strong(zero, now_ns());
        box.creates.fetch_add(1);
      } else if (body.find("\"type\":\"Accept\"") != std::string::npos) {
        box.accepts.fetch_add(1);
      } else {
        box.other.fetch_add(1);
      }
      res.result(bhttp::status::accepted);
    }
  }
  return res;
}

asio::awaitable<void> serve_connection(World& w, int inst, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  for (;;) {
    bhttp::request<bhttp::string_body> req;
    co_await bhttp::async_read(stream, buffer, req, redirect_error(use_awaitable, ec));
    if (ec) break;
    bhttp::response<bhttp::string_body> res = handle(w, inst, req);
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    co_await bhttp::async_write(stream, res, redirect_error(use_awaitable, ec));
    if (ec || !req.keep_alive()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
}

asio::awaitable<void> accept_loop(World& w, int inst, tcp::acceptor& acceptor) {
  auto ex = co_await asio::this_coro::executor;
  boost::system::error_code ec;
  for (;;) {
    tcp::socket socket(ex);
    co_await acceptor.async_accept(socket, redirect_error(use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      continue;
    }
    asio::co_spawn(ex, serve_connection(w, inst, std::move(socket)), asio::detached);
  }
}

// A request ready to send: signed before the clock starts.
struct Prepared {
  std::string body;
  parloir::federation::SignedPost headers;
};

struct SendResult {
  long ok = 0;  // 202
  std::map<int, long> statuses;  // non-202 answers by status
  long socket_errors = 0;
  std::vector<double> latency_ms;
  double seconds = 0;
};

// Sends every prepared request to POST /inbox over `connections` keep-alive connections.
class Flood {
 public:
  Flood(const World& w, const std::vector<Prepared>& items) : w_(w), items_(items) {
    result_.latency_ms.reserve(items.size());
  }

  SendResult run(int connections) {
    asio::io_context ioc(1);
    auto t0 = Clock::now();
    for (int i = 0; i < connections; ++i) asio::co_spawn(ioc, sender(), asio::detached);
    ioc.run();
    result_.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return std::move(result_);
  }

 private:
  asio::awaitable<void> sender() {
    auto ex = co_await asio::this_coro::executor;
    auto colon = w_.opt.server.rfind(':');
    tcp::endpoint server(asio::ip::make_address(w_.opt.server.substr(0, colon)),
                         static_cast<unsigned short>(std::atoi(w_.opt.server.c_str() + colon + 1)));
    std::unique_ptr<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    boost::system::error_code ec;
    int consecutive_errors = 0;
    for (;;) {
      std::size_t i = next_++;
      if (i >= items_.size()) break;
      if (!stream) {
        stream = std::make_unique<beast::tcp_stream>(ex);
        co_await stream->async_connect(server, redirect_error(use_awaitable, ec));
        if (ec) {
          ++result_.socket_errors;
          stream.reset();
          if (++consecutive_errors > 50) break;
          continue;
        }
        buffer.clear();
      }
      const Prepared& p = items_[i];
      bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/inbox", 11};
      req.set(bhttp::field::host, p.headers.host);
      req.set(bhttp::field::date, p.headers.date);
      req.set("Digest", p.headers.digest);
      req.set("Signature", p.headers.signature);
      req.set(bhttp::field::content_type, "application/activity+json");
      req.set(bhttp::field::user_agent, "parloir-fed-bench");
      req.body() = p.body;
      req.prepare_payload();
      std::int64_t sent = now_ns();
      stream->expires_after(std::chrono::seconds(60));
      co_await bhttp::async_write(*stream, req, redirect_error(use_awaitable, ec));
      bhttp::response<bhttp::string_body> res;
      if (!ec) co_await bhttp::async_read(*stream, buffer, res, redirect_error(use_awaitable, ec));
      if (ec) {
        ++result_.socket_errors;
        stream.reset();
        if (++consecutive_errors > 50) break;
        continue;
      }
      consecutive_errors = 0;
      result_.latency_ms.push_back(static_cast<double>(now_ns() - sent) / 1e6);
      if (res.result_int() == 202) {
        ++result_.ok;
      } else {
        ++result_.statuses[static_cast<int>(res.result_int())];
        if (result_.statuses[static_cast<int>(res.result_int())] <= 3)
          std::cerr << "fed-bench: HTTP " << res.result_int() << ": " << res.body().substr(0, 200) << "\n";
      }
      if (!res.keep_alive()) stream.reset();
    }
  }

  const World& w_;
  const std::vector<Prepared>& items_;
  std::size_t next_ = 0;  // one thread: no atomics needed
  SendResult result_;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<long>(i), v.end());
  return v[i];
}

// Signs one activity body from `actor` for POST /inbox on the server.
Prepared sign(const World& w, int actor, std::string body) {
  const Instance& in = w.instances[static_cast<std::size_t>(w.instance_of(actor))];
  auto signed_post = parloir::federation::sign_post(w.opt.server, "/inbox", body, w.actor_uri(actor) + "#main-key",
                                                    in.key.private_pem, unix_ms());
  if (!signed_post) {
    std::cerr << "fed-bench: signing failed: " << signed_post.error().detail << "\n";
    std::exit(1);
  }
  return Prepared{std::move(body), std::move(*signed_post)};
}

// Signs bodies[i] from actor_of(i), on every core (RSA signing is the client's cost, not the server's).
template <class ActorOf>
std::vector<Prepared> sign_all(const World& w, std::vector<std::string> bodies, ActorOf actor_of) {
  std::vector<Prepared> out(bodies.size());
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (std::size_t i = t; i < bodies.size(); i += threads) out[i] = sign(w, actor_of(i), std::move(bodies[i]));
    });
  for (auto& t : pool) t.join();
  return out;
}

class RssSampler {
 public:
  explicit RssSampler(int pid) : pid_(pid) {
    if (pid_ > 0) thread_ = std::thread([this] {
        while (!stop_.load()) {
          long kb = read_kb("VmRSS");
          long peak = peak_kb_.load();
          if (kb > peak) peak_kb_.store(kb);
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      });
  }
  ~RssSampler() { stop(); }
  void stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  long read_kb(const char* field) const {
    if (pid_ <= 0) return 0;
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    std::string prefix = std::string(field) + ":";
    while (std::getline(in, line))
      if (line.rfind(prefix, 0) == 0) return std::atol(line.c_str() + prefix.size());
    return 0;
  }
  long peak_kb() const { return peak_kb_.load(); }

 private:
  int pid_;
  std::atomic<bool> stop_{false};
  std::atomic<long> peak_kb_{0};
  std::thread thread_;
};

// POST /api/v1/statuses as the local user; the status id, or "" on failure.
std::string post_status(const Options& opt, const std::string& text) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  auto colon = opt.server.rfind(':');
  boost::system::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address(opt.server.substr(0, colon)),
                               static_cast<unsigned short>(std::atoi(opt.server.c_str() + colon + 1))),
                 ec);
  if (ec) return {};
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/api/v1/statuses", 11};
  req.set(bhttp::field::host, opt.server);
  req.set(bhttp::field::authorization, "Bearer " + opt.token);
  req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
  req.body() = "visibility=public&status=" + text;
  req.prepare_payload();
  bhttp::write(socket, req, ec);
  if (ec) return {};
  beast::flat_buffer buf;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(socket, buf, res, ec);
  if (ec || res.result_int() != 200) {
    std::cerr << "fed-bench: POST /api/v1/statuses -> " << res.result_int() << " " << res.body() << "\n";
    return {};
  }
  auto p = res.body().find("\"id\":\"");
  if (p == std::string::npos) return {};
  p += 6;
  return res.body().substr(p, res.body().find('"', p) - p);
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--server") o.server = v;
    else if (k == "--token") o.token = v;
    else if (k == "--server-pid") o.server_pid = std::atoi(v.c_str());
    else if (k == "--instances") o.instances = std::atoi(v.c_str());
    else if (k == "--actors") o.actors = std::atoi(v.c_str());
    else if (k == "--inbound") o.inbound = std::atoi(v.c_str());
    else if (k == "--connections") o.connections = std::atoi(v.c_str());
    else if (k == "--wait-ms") o.wait_ms = std::atoi(v.c_str());
    else return false;
  }
  return o.server.find(':') != std::string::npos && o.instances > 0 && o.actors >= o.instances &&
         o.inbound >= 0 && o.connections > 0;
}

}  // namespace

int main(int argc, char** argv) {
  World w;
  if (argc % 2 == 0 || !parse(argc, argv, w.opt)) {
    std::cerr << "usage: parloir-fed-bench --server HOST:PORT [--token T] [--server-pid PID] [--instances I] "
                 "[--actors N] [--inbound M] [--connections C] [--wait-ms MS]\n";
    return 2;
  }
  const Options& opt = w.opt;

  // Remote instances: a key each (generated in parallel) and a listening port each.
  asio::io_context sink_ioc(1);
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  w.instances.resize(static_cast<std::size_t>(opt.instances));
  {
    std::vector<std::thread> gen;
    std::atomic<int> next{0};
    for (unsigned t = 0; t < std::max(1u, std::thread::hardware_concurrency()); ++t)
      gen.emplace_back([&] {
        for (int i = next++; i < opt.instances; i = next++) {
          auto k = parloir::crypto::generate_rsa_keypair(2048);
          if (!k) std::exit(1);
          w.instances[static_cast<std::size_t>(i)].key = std::move(*k);
        }
      });
    for (auto& t : gen) t.join();
  }
  for (int i = 0; i < opt.instances; ++i) {
    auto acc = std::make_unique<tcp::acceptor>(sink_ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    acc->listen(1024);
    Instance& in = w.instances[static_cast<std::size_t>(i)];
    in.port = acc->local_endpoint().port();
    in.authority = "127.0.0.1:" + std::to_string(in.port);
    acceptors.push_back(std::move(acc));
  }
  for (int a = 0; a < opt.actors; ++a) w.inboxes.push_back(std::make_unique<Inbox>());
  for (int i = 0; i < opt.instances; ++i)
    asio::co_spawn(sink_ioc, accept_loop(w, i, *acceptors[static_cast<std::size_t>(i)]), asio::detached);
  auto guard = asio::make_work_guard(sink_ioc);
  std::thread sink_thread([&] { sink_ioc.run(); });

  RssSampler rss(opt.server_pid);
  long rss_before = rss.read_kb("VmRSS");
  std::string fanout_json = "null";
  bool ok = true;
  const std::string server_actor_hint = "http://" + opt.server + "/users/";

  // Fan-out: every actor follows the local user, who then posts once.
  if (!opt.token.empty()) {
    // The local user's name (the Follow names their actor), from verify_credentials.
    std::string username;
    {
      asio::io_context ioc;
      tcp::socket s(ioc);
      auto colon = opt.server.rfind(':');
      s.connect(tcp::endpoint(asio::ip::make_address(opt.server.substr(0, colon)),
                              static_cast<unsigned short>(std::atoi(opt.server.c_str() + colon + 1))));
      bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/api/v1/accounts/verify_credentials", 11};
      req.set(bhttp::field::host, opt.server);
      req.set(bhttp::field::authorization, "Bearer " + opt.token);
      bhttp::write(s, req);
      beast::flat_buffer buf;
      bhttp::response<bhttp::string_body> res;
      bhttp::read(s, buf, res);
      auto p = res.body().find("\"username\":\"");
      if (p != std::string::npos) {
        p += 12;
        username = res.body().substr(p, res.body().find('"', p) - p);
      }
    }
    if (username.empty()) {
      std::cerr << "fed-bench: cannot read the local user's name\n";
      return 1;
    }
    const std::string target = server_actor_hint + username;
    std::vector<std::string> follows;
    for (int a = 0; a < opt.actors; ++a) {
      std::string uri = w.actor_uri(a);
      follows.push_back("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + uri +
                        "#follows/1\",\"type\":\"Follow\",\"actor\":\"" + uri + "\",\"object\":\"" + target + "\"}");
    }
    auto prepared = sign_all(w, std::move(follows), [](std::size_t i) { return static_cast<int>(i); });
    SendResult fr = Flood(w, prepared).run(opt.connections);
    auto deadline = Clock::now() + std::chrono::milliseconds(opt.wait_ms);
    auto accepted = [&] {
      int n = 0;
      for (auto& b : w.inboxes) n += b->accepts.load() > 0;
      return n;
    };
    while (accepted() < opt.actors && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    int followers = accepted();
    std::cerr << "fed-bench: " << fr.ok << "/" << opt.actors << " Follows accepted (202), " << followers
              << " Accepts received\n";

    std::int64_t t0 = now_ns();
    std::string id = post_status(opt, "fed-bench+fan-out+post");
    std::int64_t acked = now_ns();
    auto created = [&] {
      int n = 0;
      for (auto& b : w.inboxes) n += b->creates.load() > 0;
      return n;
    };
    while (!id.empty() && created() < followers && Clock::now() < deadline + std::chrono::seconds(60))
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::int64_t last = 0;
    std::vector<double> arrivals;
    for (auto& b : w.inboxes)
      if (std::int64_t t = b->first_create_ns.load(); t > 0) {
        last = std::max(last, t);
        arrivals.push_back(static_cast<double>(t - t0) / 1e6);
      }
    int delivered = created();
    double all_ms = last > 0 ? static_cast<double>(last - t0) / 1e6 : 0;
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "{\"follows_sent\":%d,\"follows_202\":%ld,\"followers\":%d,\"delivered\":%d,\"post_ack_ms\":%.1f,"
                  "\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"all_delivered_ms\":%.1f,\"deliveries_per_s\":%.0f}",
                  opt.actors, fr.ok, followers, delivered, static_cast<double>(acked - t0) / 1e6,
                  percentile(arrivals, 0.5), percentile(arrivals, 0.99), all_ms,
                  all_ms > 0 ? delivered / (all_ms / 1000.0) : 0.0);
    fanout_json = buf;
    ok &= !id.empty() && followers == opt.actors && delivered == followers;
  }

  // Inbound: M pre-signed Create(Note) from the actors, round-robin.
  std::string inbound_json = "null";
  if (opt.inbound > 0) {
    std::vector<std::string> bodies;
    bodies.reserve(static_cast<std::size_t>(opt.inbound));
    const std::string stamp = std::to_string(unix_ms());
    for (int i = 0; i < opt.inbound; ++i) {
      int a = i % opt.actors;
      std::string uri = w.actor_uri(a);
      std::string note = uri + "/statuses/" + stamp + "-" + std::to_string(i);
      bodies.push_back("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + note +
                       "/activity\",\"type\":\"Create\",\"actor\":\"" + uri + "\",\"to\":[\"" + kPublic +
                       "\"],\"cc\":[\"" + uri + "/followers\"],\"object\":{\"id\":\"" + note +
                       "\",\"type\":\"Note\",\"attributedTo\":\"" + uri +
                       "\",\"content\":\"<p>inbound benchmark note " + std::to_string(i) +
                       " #fedbench</p>\",\"to\":[\"" + kPublic + "\"],\"cc\":[\"" + uri +
                       "/followers\"],\"tag\":[{\"type\":\"Hashtag\",\"name\":\"#fedbench\"}]}}");
    }
    auto t_sign = Clock::now();
    auto prepared = sign_all(w, std::move(bodies), [&](std::size_t i) { return static_cast<int>(i) % opt.actors; });
    double sign_s = std::chrono::duration<double>(Clock::now() - t_sign).count();
    std::cerr << "fed-bench: " << prepared.size() << " activities signed in " << sign_s << " s; sending\n";
    long gets_before = w.gets.load();
    SendResult r = Flood(w, prepared).run(opt.connections);
    std::string statuses = "{";
    long non202 = 0;
    for (auto& [code, n] : r.statuses) {
      if (statuses.size() > 1) statuses += ",";
      statuses += "\"" + std::to_string(code) + "\":" + std::to_string(n);
      non202 += n;
    }
    statuses += "}";
    char buf[768];
    std::snprintf(buf, sizeof buf,
                  "{\"sent\":%d,\"accepted\":%ld,\"non_202\":%ld,\"statuses\":%s,\"socket_errors\":%ld,\"seconds\":%.3f,"
                  "\"per_s\":%.0f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,\"connections\":%d,"
                  "\"actor_fetches\":%ld,\"sign_s\":%.2f}",
                  opt.inbound, r.ok, non202, statuses.c_str(), r.socket_errors, r.seconds,
                  r.seconds > 0 ? static_cast<double>(r.ok) / r.seconds : 0.0, percentile(r.latency_ms, 0.5),
                  percentile(r.latency_ms, 0.99),
                  r.latency_ms.empty() ? 0.0 : *std::max_element(r.latency_ms.begin(), r.latency_ms.end()),
                  opt.connections, w.gets.load() - gets_before, sign_s);
    inbound_json = buf;
    ok &= r.ok == opt.inbound;
  }

  rss.stop();
  long rss_after = rss.read_kb("VmRSS");
  std::printf("{\"instances\":%d,\"actors\":%d,\"fanout\":%s,\"inbound\":%s,\"rss_kb\":{\"before\":%ld,\"peak\":%ld,"
              "\"after\":%ld,\"hwm\":%ld},\"ok\":%s}\n",
              opt.instances, opt.actors, fanout_json.c_str(), inbound_json.c_str(), rss_before,
              std::max(rss.peak_kb(), rss_after), rss_after, rss.read_kb("VmHWM"), ok ? "true" : "false");
  std::fflush(stdout);
  guard.reset();
  sink_ioc.stop();
  sink_thread.join();
  return ok ? 0 : 1;
}
