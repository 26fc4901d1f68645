#include <utility>  // before Asio (g++ 12)

#include "http/server.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include "http/blocking_pool.h"

namespace parloir::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using beast_http::verb;

// ---- handlers -------------------------------------------------------------------------------

asio::awaitable<Response> health(Request&) { co_return Response::json("{\"status\":\"ok\"}"); }

// Echoes what the session decoded: param a, array b, file names and the path parameter.
asio::awaitable<Response> echo(Request& req) {
  std::string out = "a=" + std::string(req.param("a").value_or("-"));
  for (auto v : req.param_all("b")) out += " b=" + std::string(v);
  for (const auto& f : req.files) out += " file=" + f.field + ":" + f.filename + ":" + std::to_string(f.data.size());
  out += " id=" + std::string(req.path_param("id"));
  out += " path=" + req.path;
  out += " ip=" + req.remote_ip;
  co_return Response::text(out);
}

asio::awaitable<Response> boom(Request&) {
  throw std::runtime_error("handler exploded");
  co_return Response::json("{}");
}

asio::awaitable<Response> busy(Request&) {
  throw PoolOverloaded();
  co_return Response::json("{}");
}

asio::awaitable<Response> slow(Request&) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(std::chrono::milliseconds(400));
  co_await t.async_wait(asio::use_awaitable);
  co_return Response::json("{\"slow\":true}");
}

asio::awaitable<Response> no_content(Request&) { co_return Response::json("", 204); }

// ---- raw client -----------------------------------------------------------------------------

struct RawResponse {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& n) const {
    auto it = headers.find(n);
    return it == headers.end() ? "" : it->second;
  }
};

class Client {
 public:
  explicit Client(std::uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    timeval tv{5, 0};  // never hang a test
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  void send(const std::string& data) { asio::write(socket_, asio::buffer(data)); }
  // Reads one response; `head` = response to HEAD (no body despite Content-Length).
  RawResponse read(bool head = false) {
    RawResponse r;
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) throw std::runtime_error("closed before header: " + buf_);
    }
    std::string head_text = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    std::size_t line_end = head_text.find("\r\n");
    r.status = static_cast<unsigned>(std::stoi(head_text.substr(9, 3)));
    std::size_t pos = line_end == std::string::npos ? head_text.size() : line_end + 2;
    while (pos < head_text.size()) {
      std::size_t e = head_text.find("\r\n", pos);
      if (e == std::string::npos) e = head_text.size();
      std::string line = head_text.substr(pos, e - pos);
      std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = line.substr(colon + 2);
      pos = e + 2;
    }
    std::size_t len = head || r.header("content-length").empty() ? 0 : std::stoul(r.header("content-length"));
    while (buf_.size() < len)
      if (!fill()) throw std::runtime_error("closed in body");
    r.body = buf_.substr(0, len);
    buf_.erase(0, len);
    return r;
  }
  // True when the server closes the connection (EOF or reset) before anything else arrives.
  bool closed_by_peer() {
    if (!buf_.empty()) return false;
    return !fill();
  }
  RawResponse request(const std::string& data, bool head = false) {
    send(data);
    return read(head);
  }

 private:
  bool fill() {
    char tmp[4096];
    boost::system::error_code ec;
    std::size_t n = socket_.read_some(asio::buffer(tmp), ec);
    if (ec || n == 0) return false;
    buf_.append(tmp, n);
    return true;
  }
  asio::io_context ioc_;
  tcp::socket socket_;
  std::string buf_;
};

// ---- fixture --------------------------------------------------------------------------------

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions opts = small_options()) {
    router_.add(verb::get, "/health", health);
    router_.add(verb::get, "/api/v1/echo", echo);
    router_.add(verb::post, "/api/v1/echo", echo);
    router_.add(verb::post, "/api/v1/items/:id", echo);
    router_.add(verb::post, "/api/v2/media", echo, RouteOptions{8192});
    router_.add(verb::get, "/api/v1/boom", boom);
    router_.add(verb::get, "/api/v1/busy", busy);
    router_.add(verb::get, "/api/v1/slow", slow);
    router_.add(verb::post, "/api/v1/nothing", no_content);
    router_.add(verb::get, "/plain", echo);
    server_ = std::make_unique<Server>(ioc_, router_, opts);
    auto st = server_->listen("127.0.0.1", 0);
    ASSERT_TRUE(st.has_value()) << st.error().public_message;
    server_->start();
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  static ServerOptions small_options() {
    ServerOptions o;
    o.max_body = 1024;
    return o;
  }
  void TearDown() override {
    if (server_) server_->stop();
    for (auto& t : threads_) t.join();  // io_context.run() returns once every session closed
    server_.reset();                    // destructible after run() returned
  }
  std::uint16_t port() const { return server_->port(); }

  asio::io_context ioc_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::vector<std::thread> threads_;
};

const std::string kGetHealth = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";

std::string post(const std::string& target, const std::string& type, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST_F(ServerTest, KeepsConnectionAliveAcrossTwoRequests) {
  start();
  Client c(port());
  auto r1 = c.request(kGetHealth);
  EXPECT_EQ(r1.status, 200u);
  EXPECT_EQ(r1.body, "{\"status\":\"ok\"}");
  EXPECT_EQ(r1.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r1.header("server"), "Parloir");
  EXPECT_EQ(r1.header("connection"), "");
  auto r2 = c.request(kGetHealth);
  EXPECT_EQ(r2.status, 200u);
  EXPECT_EQ(server_->connections(), 1u);
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  start();
  Client c(port());
  c.send(kGetHealth + "GET /api/v1/echo?a=2 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.read().body, "{\"status\":\"ok\"}");
  EXPECT_EQ(c.read().body.substr(0, 3), "a=2");
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405) {
  start();
  Client c(port());
  auto r = c.request("GET /api/v1/nope HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(r.body, "{\"error\":\"Record not found\"}");
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  auto m = c.request("DELETE /api/v1/echo HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(m.status, 405u);
  EXPECT_EQ(m.body, "{\"error\":\"Method not allowed\"}");
  EXPECT_EQ(m.header("allow"), "GET, HEAD, POST, OPTIONS");
  EXPECT_EQ(c.request(kGetHealth).status, 200u);  // still alive
}

TEST_F(ServerTest, DecodesQueryPathAndBodies) {
  start();
  Client c(port());
  EXPECT_EQ(c.request("GET /api/v1/%65cho?a=x%20y&b[]=1&b[]=2 HTTP/1.1\r\nHost: x\r\n\r\n").body,
            "a=x y b=1 b=2 id= path=/api/v1/echo ip=127.0.0.1");
  EXPECT_EQ(c.request(post("/api/v1/items/77/?a=query", "application/json", R"({"a":"json","b":[3,4]})")).body,
            "a=json b=3 b=4 id=77 path=/api/v1/items/77/ ip=127.0.0.1");
  EXPECT_EQ(c.request(post("/api/v1/echo", "application/x-www-form-urlencoded", "a=form&b=5")).body.substr(0, 12),
            "a=form b=5 i");
  EXPECT_EQ(c.request(post("/api/v1/echo?a=q", "application/json; charset=utf-8", "")).body.substr(0, 3), "a=q");
  std::string mp =
      "--BND\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nmulti\r\n"
      "--BND\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n"
      "12345\r\n--BND--\r\n";
  EXPECT_EQ(c.request(post("/api/v1/echo", "multipart/form-data; boundary=\"BND\"", mp)).body.substr(0, 27),
            "a=multi file=file:x.png:5 i");
}

TEST_F(ServerTest, RejectsMalformedJsonAndBadPaths) {
  start();
  Client c(port());
  auto r = c.request(post("/api/v1/echo", "application/json", "{\"a\":"));
  EXPECT_EQ(r.status, 400u);
  EXPECT_NE(r.body.find("\"error\""), std::string::npos);
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(c.request(post("/api/v1/echo", "multipart/form-data; boundary=z", "garbage")).status, 400u);
  EXPECT_EQ(c.request("GET /api/v1/echo%00 HTTP/1.1\r\nHost: x\r\n\r\n").status, 400u);
  EXPECT_EQ(c.request("GET /api/v1/ech%zz HTTP/1.1\r\nHost: x\r\n\r\n").status, 400u);
}

TEST_F(ServerTest, ContentLengthOverLimitIs413WithoutReadingBody) {
  start();
  Client c(port());
  // Only the header is sent: the answer must not wait for the 10 MB body.
  auto r = c.request(
      "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n");
  EXPECT_EQ(r.status, 413u);
  EXPECT_EQ(r.body, "{\"error\":\"Request entity too large\"}");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(ServerTest, AnswersExpectContinueBeforeReadingBody) {
  start();
  Client c(port());
  auto interim = c.request(
      "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Expect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  EXPECT_EQ(interim.status, 100u);
  auto r = c.request("a=1");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body.substr(0, 3), "a=1");
}

TEST_F(ServerTest, RouteMaxBodyOverridesServerDefault) {
  start();
  Client c(port());
  std::string body(4000, 'x');
  EXPECT_EQ(c.request(post("/api/v2/media", "text/plain", body)).status, 200u);  // route allows 8 KiB
  EXPECT_EQ(c.request(post("/api/v1/echo", "text/plain", body)).status, 413u);   // server default 1 KiB
}

std::string chunked(const std::string& target, int chunks, std::size_t chunk_size) {
  std::string s = "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
  char hex[16];
  std::snprintf(hex, sizeof hex, "%zx", chunk_size);
  for (int i = 0; i < chunks; ++i) s += std::string(hex) + "\r\n" + std::string(chunk_size, 'c') + "\r\n";
  return s + "0\r\n\r\n";
}

TEST_F(ServerTest, ChunkedBodyIsLimitedByDecodedSize) {
  start();
  Client ok(port());
  EXPECT_EQ(ok.request(chunked("/api/v1/echo", 3, 300)).status, 200u);  // 900 bytes < 1 KiB
  Client c(port());
  auto r = c.request(chunked("/api/v1/echo", 4, 300));  // 1200 bytes, each chunk under the limit
  EXPECT_EQ(r.status, 413u);
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(ServerTest, HeaderOver16KiBIsRejectedAndClosed) {
  start();
  Client c(port());
  auto r = c.request("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17 * 1024, 'h') + "\r\n\r\n");
  EXPECT_EQ(r.status, 431u);
  EXPECT_TRUE(c.closed_by_peer());
  Client small(port());
  EXPECT_EQ(small.request("GET /health HTTP/1.1\r\nHost: x\r\nX-Ok: " + std::string(8 * 1024, 'h') + "\r\n\r\n").status,
            200u);
}

TEST_F(ServerTest, SendsDateAndNoStoreOnApiPaths) {
  start();
  Client c(port());
  auto r = c.request(kGetHealth);
  EXPECT_NE(r.header("date").find(" GMT"), std::string::npos);
  EXPECT_EQ(r.header("cache-control"), "no-cache, no-store, max-age=0, must-revalidate");
  EXPECT_EQ(c.request("GET /plain HTTP/1.1\r\nHost: x\r\n\r\n").header("cache-control"), "");
}

TEST_F(ServerTest, SendsCorsHeadersAndAnswersPreflight) {
  start();
  Client c(port());
  auto r = c.request(kGetHealth);
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  EXPECT_EQ(r.header("access-control-expose-headers"),
            "Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id, Idempotency-Key");
  EXPECT_EQ(c.request("GET /plain HTTP/1.1\r\nHost: x\r\n\r\n").header("access-control-allow-origin"), "");
  auto p = c.request(
      "OPTIONS /api/v1/statuses HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
      "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization, content-type\r\n\r\n");
  EXPECT_EQ(p.status, 200u);
  EXPECT_EQ(p.body, "");
  EXPECT_EQ(p.header("access-control-allow-origin"), "*");
  EXPECT_EQ(p.header("access-control-allow-methods"), "POST, PUT, DELETE, GET, PATCH, OPTIONS");
  EXPECT_EQ(p.header("access-control-allow-headers"), "authorization, content-type");
  EXPECT_FALSE(p.header("access-control-max-age").empty());
  auto d = c.request("OPTIONS /oauth/token HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(d.status, 200u);
  EXPECT_NE(d.header("access-control-allow-headers").find("Authorization"), std::string::npos);
}

TEST_F(ServerTest, HeadIsRoutedAsGetWithoutBody) {
  start();
  Client c(port());
  auto r = c.request("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n", /*head=*/true);
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.header("content-length"), "15");
  // The next response starts right away: no body bytes were sent for HEAD.
  auto r2 = c.request(kGetHealth);
  EXPECT_EQ(r2.status, 200u);
  EXPECT_EQ(r2.body, "{\"status\":\"ok\"}");
}

TEST_F(ServerTest, HandlerErrorsBecome500And503AndServerKeepsServing) {
  start();
  Client c(port());
  auto r = c.request("GET /api/v1/boom HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 500u);
  EXPECT_EQ(r.body, "{\"error\":\"Internal server error\"}");
  auto b = c.request("GET /api/v1/busy HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(b.status, 503u);
  EXPECT_EQ(b.body, "{\"error\":\"Service temporarily unavailable\"}");
  EXPECT_EQ(c.request(kGetHealth).status, 200u);
  Client other(port());
  EXPECT_EQ(other.request(kGetHealth).status, 200u);
}

TEST_F(ServerTest, NeverSends204ForJson) {
  start();
  Client c(port());
  auto r = c.request(post("/api/v1/nothing", "application/json", "{}"));
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, "{}");
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAlive) {
  start();
  Client c(port());
  auto r = c.request("GET /health HTTP/1.0\r\n\r\n");
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(c.closed_by_peer());
  Client k(port());
  auto r2 = k.request("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(r2.header("connection"), "keep-alive");
  EXPECT_EQ(k.request("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").status, 200u);
}

TEST_F(ServerTest, StopClosesIdleConnectionsPromptly) {
  start();
  Client c(port());
  EXPECT_EQ(c.request(kGetHealth).status, 200u);
  auto t0 = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_TRUE(c.closed_by_peer());
  for (auto& t : threads_) t.join();
  threads_.clear();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  EXPECT_EQ(server_->connections(), 0u);
}

TEST_F(ServerTest, StopLetsARequestInProgressFinish) {
  start();
  Client c(port());
  c.send("GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server_->stop();
  auto r = c.read();
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, "{\"slow\":true}");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_TRUE(c.closed_by_peer());
  // New connections are refused once stopped.
  tcp::socket s(ioc_);
  boost::system::error_code ec;
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port()), ec);
  EXPECT_TRUE(ec);
}

TEST_F(ServerTest, DropsSlowAndIdleClients) {
  ServerOptions o = small_options();
  o.read_timeout = std::chrono::seconds(1);
  o.idle_timeout = std::chrono::seconds(1);
  start(o);
  Client slowloris(port());
  slowloris.send("GET /health HTTP/1.1\r\nHost: x\r\n");  // never finishes its header
  Client idle(port());
  EXPECT_EQ(idle.request(kGetHealth).status, 200u);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(slowloris.closed_by_peer());
  EXPECT_TRUE(idle.closed_by_peer());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(3500));
}

TEST_F(ServerTest, ClosesConnectionsBeyondTheCap) {
  ServerOptions o = small_options();
  o.max_connections = 2;
  start(o);
  Client a(port()), b(port());
  EXPECT_EQ(a.request(kGetHealth).status, 200u);
  EXPECT_EQ(b.request(kGetHealth).status, 200u);
  Client c(port());
  EXPECT_TRUE(c.closed_by_peer());
  EXPECT_EQ(a.request(kGetHealth).status, 200u);
}

}  // namespace
}  // namespace parloir::http
