// parloir-stream-bench: opens N WebSocket streaming connections to a running Parloir server,
// then posts statuses and measures, per post and per connection, the delay from the POST's
// acknowledgement (its HTTP response) to the `update` event's arrival. One thread, Asio
// coroutines, Boost.Beast; prints one JSON object on stdout.
//
//   parloir-stream-bench --port P --tokens FILE --connections N --stream public:local
//                        --poster-token T --posts K [--interval-ms 100] [--connect-parallel 256]
//                        [--wait-ms 10000] [--hold-ms 0]
//
// FILE: lines "account_id username token" (bench-seed's bench-tokens.txt); connection i uses
// token i mod lines. Delays are clamped at 0 (an event may arrive before the POST's response).
#include <utility>  // why: before Asio (g++ 12 + Boost 1.74 awaitable.hpp needs std::exchange)

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
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
#include <boost/beast/websocket.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;
using asio::redirect_error;
using asio::use_awaitable;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int port = 0;
  std::string tokens_file;
  int connections = 100;
  std::string stream = "public:local";
  std::string poster_token;
  int posts = 10;
  int interval_ms = 100;
  int connect_parallel = 256;
  int wait_ms = 10000;
  int hold_ms = 0;
};

struct State {
  Options opt;
  std::vector<std::string> tokens;
  int opened = 0;
  int failed = 0;
  int closed = 0;
  int in_flight = 0;
  std::unordered_map<std::string, std::vector<std::int64_t>> arrivals;  // status id -> ns
};

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// The status id of an `update` event: {"stream":[…],"event":"update","payload":"{\"id\":\"123\",…
std::string update_id(std::string_view msg) {
  if (msg.find("\"event\":\"update\"") == std::string_view::npos) return {};
  static constexpr std::string_view kKey = "\"payload\":\"{\\\"id\\\":\\\"";
  auto p = msg.find(kKey);
  if (p == std::string_view::npos) return {};
  p += kKey.size();
  auto e = p;
  while (e < msg.size() && msg[e] >= '0' && msg[e] <= '9') ++e;
  return std::string(msg.substr(p, e - p));
}

asio::awaitable<void> connection(State& st, int index) {
  auto ex = co_await asio::this_coro::executor;
  websocket::stream<beast::tcp_stream> ws(ex);
  boost::system::error_code ec;
  auto& lowest = beast::get_lowest_layer(ws);
  lowest.expires_after(std::chrono::seconds(30));
  co_await lowest.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(st.opt.port)),
                                redirect_error(use_awaitable, ec));
  const std::string& token = st.tokens[static_cast<std::size_t>(index) % st.tokens.size()];
  std::string target = "/api/v1/streaming?stream=" + st.opt.stream + "&access_token=" + token;
  std::string host = "127.0.0.1:" + std::to_string(st.opt.port);
  if (!ec) co_await ws.async_handshake(host, target, redirect_error(use_awaitable, ec));
  --st.in_flight;
  if (ec) {
    ++st.failed;
    co_return;
  }
  lowest.expires_never();
  ++st.opened;
  beast::flat_buffer buffer;
  for (;;) {
    co_await ws.async_read(buffer, redirect_error(use_awaitable, ec));
    if (ec) break;
    std::int64_t t = now_ns();
    auto data = buffer.data();
    std::string id = update_id(std::string_view(static_cast<const char*>(data.data()), data.size()));
    if (!id.empty()) st.arrivals[id].push_back(t);
    buffer.consume(buffer.size());
  }
  ++st.closed;
}

asio::awaitable<void> sleep_ms(int ms) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(std::chrono::milliseconds(ms));
  boost::system::error_code ec;
  co_await t.async_wait(redirect_error(use_awaitable, ec));
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<long>(i), v.end());
  return v[i];
}

asio::awaitable<void> run(State& st, asio::io_context& ioc) {
  auto t0 = Clock::now();
  for (int i = 0; i < st.opt.connections; ++i) {
    while (st.in_flight >= st.opt.connect_parallel) co_await sleep_ms(1);
    ++st.in_flight;
    asio::co_spawn(ioc, connection(st, i), asio::detached);
  }
  while (st.opened + st.failed < st.opt.connections) co_await sleep_ms(5);
  double connect_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::cerr << "stream-bench: " << st.opened << " open, " << st.failed << " failed in " << connect_s << " s\n";
  co_await sleep_ms(500);  // let the server settle after the connection storm
  if (st.opt.hold_ms > 0) co_await sleep_ms(st.opt.hold_ms);

  // Post, one after the other, through one keep-alive connection.
  beast::tcp_stream http(ioc);
  boost::system::error_code ec;
  co_await http.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(st.opt.port)),
                              redirect_error(use_awaitable, ec));
  std::vector<std::pair<std::string, std::int64_t>> acked;  // id, ack ns
  std::vector<double> post_ms;
  int post_errors = 0;
  for (int k = 0; k < st.opt.posts && !ec; ++k) {
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/api/v1/statuses", 11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::authorization, "Bearer " + st.opt.poster_token);
    req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
    req.body() = "status=stream+bench+post+" + std::to_string(k) + "+" + std::to_string(now_ns());
    req.prepare_payload();
    std::int64_t sent = now_ns();
    co_await bhttp::async_write(http, req, redirect_error(use_awaitable, ec));
    if (ec) break;
    beast::flat_buffer buf;
    bhttp::response<bhttp::string_body> res;
    co_await bhttp::async_read(http, buf, res, redirect_error(use_awaitable, ec));
    std::int64_t ack = now_ns();
    if (ec) break;
    if (res.result_int() != 200) {
      ++post_errors;
      continue;
    }
    post_ms.push_back(static_cast<double>(ack - sent) / 1e6);
    auto& body = res.body();
    auto p = body.find("\"id\":\"");
    if (p == std::string::npos) {
      ++post_errors;
      continue;
    }
    p += 6;
    std::string id = body.substr(p, body.find('"', p) - p);
    acked.emplace_back(id, ack);
    // Wait for every open connection to get it (or wait_ms), then pause before the next post.
    auto deadline = Clock::now() + std::chrono::milliseconds(st.opt.wait_ms);
    while (Clock::now() < deadline && static_cast<int>(st.arrivals[id].size()) < st.opened - st.closed)
      co_await sleep_ms(1);
    co_await sleep_ms(st.opt.interval_ms);
  }

  std::vector<double> delays;
  long missing = 0;
  for (const auto& [id, ack] : acked) {
    const auto& arr = st.arrivals[id];
    for (auto t : arr) delays.push_back(std::max(0.0, static_cast<double>(t - ack) / 1e6));
    long expected = st.opened;
    missing += std::max(0L, expected - static_cast<long>(arr.size()));
  }
  double p50 = percentile(delays, 0.50), p99 = percentile(delays, 0.99);
  double mx = delays.empty() ? 0 : *std::max_element(delays.begin(), delays.end());
  double post_p50 = percentile(post_ms, 0.5);
  std::printf(
      "{\"connections\":%d,\"opened\":%d,\"failed\":%d,\"closed\":%d,\"connect_s\":%.3f,\"posts\":%zu,"
      "\"post_errors\":%d,\"deliveries\":%zu,\"missing\":%ld,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,"
      "\"post_p50_ms\":%.3f}\n",
      st.opt.connections, st.opened, st.failed, st.closed, connect_s, acked.size(), post_errors, delays.size(), missing,
      p50, p99, mx, post_p50);
  std::fflush(stdout);
  ioc.stop();
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--port") o.port = std::atoi(v.c_str());
    else if (k == "--tokens") o.tokens_file = v;
    else if (k == "--connections") o.connections = std::atoi(v.c_str());
    else if (k == "--stream") o.stream = v;
    else if (k == "--poster-token") o.poster_token = v;
    else if (k == "--posts") o.posts = std::atoi(v.c_str());
    else if (k == "--interval-ms") o.interval_ms = std::atoi(v.c_str());
    else if (k == "--connect-parallel") o.connect_parallel = std::atoi(v.c_str());
    else if (k == "--wait-ms") o.wait_ms = std::atoi(v.c_str());
    else if (k == "--hold-ms") o.hold_ms = std::atoi(v.c_str());
    else return false;
  }
  return o.port > 0 && !o.tokens_file.empty() && !o.poster_token.empty() && o.connections > 0;
}

}  // namespace

int main(int argc, char** argv) {
  State st;
  if (!parse(argc, argv, st.opt)) {
    std::cerr << "usage: parloir-stream-bench --port P --tokens FILE --poster-token T [--connections N] "
                 "[--stream NAME] [--posts K] [--interval-ms MS] [--connect-parallel N] [--wait-ms MS] [--hold-ms MS]\n";
    return 2;
  }
  // Each connection is a file descriptor: raise the soft limit to the hard one.
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  std::ifstream in(st.opt.tokens_file);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string id, user, token;
    if (ls >> id >> user >> token) st.tokens.push_back(token);
  }
  if (st.tokens.empty()) {
    std::cerr << "stream-bench: no tokens in " << st.opt.tokens_file << "\n";
    return 2;
  }
  asio::io_context ioc(1);
  asio::co_spawn(ioc, run(st, ioc), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  ioc.run();
  return 0;
}
