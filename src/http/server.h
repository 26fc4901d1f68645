// Server: the HTTP/1.1 listener and per-connection sessions on Boost.Beast + C++20 coroutines.
//
// Per connection: keep-alive (and pipelining); header limit (431, then close); body limit chosen
// per route after the header is read (RouteOptions::max_body, default ServerOptions::max_body),
// checked against Content-Length before any body byte is read and enforced on decoded chunked
// bodies too (413, then close); a read timeout for a request in progress (also bounds writing
// the response) and an idle timeout between requests, so slow clients are dropped; body
// decoding into Request::body/files by Content-Type (JSON, form, multipart; malformed -> 400
// {"error"}); 404 for unknown paths, 405 (with Allow) for a known path with another method; HEAD
// routed as GET without the body; CORS headers as Mastodon sends them and OPTIONS preflight
// answered; one access log line per request when util::access_logger() is set. Handler
// exceptions become 500 {"error"} (logged); PoolOverloaded becomes 503. At most max_connections
// sessions at once: further connections are closed at once.
//
// Timeouts are enforced by one sweeper that wakes every 0.5 s (see session.h), so they fire up
// to ~1 s late; there is no timer per I/O operation.
//
// Threading: run on an io_context driven by several threads; each session is one coroutine on a
// strand-free socket (no concurrent operations on it). stop() may be called from any thread.
// Ownership: sessions share the server's internal state, so the Server object may be destroyed
// while the io_context still runs; the Router must outlive the io_context's run().
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>  // why: before Asio; g++ 12 + Boost 1.74 awaitable.hpp uses std::exchange

#include <boost/asio/io_context.hpp>

#include "http/router.h"
#include "util/result.h"

namespace parloir::http {

struct ServerOptions {
  std::size_t header_limit = 16 * 1024;
  std::size_t max_body = 1024 * 1024;
  std::size_t max_connections = 10000;
  std::chrono::seconds read_timeout{30};   // to receive a whole request once it has started
  std::chrono::seconds idle_timeout{75};   // keep-alive idle time between requests
  std::string server_header = "Parloir";
  // Streams (http/stream.h): bytes queued per connection before a non-reading client is
  // dropped; a WebSocket that sends nothing (not even a pong) for ws_idle_timeout is dropped,
  // and is pinged after half of it.
  std::size_t stream_queue_bytes = 1024 * 1024;
  std::chrono::seconds ws_idle_timeout{60};
  std::size_t ws_max_message = 16 * 1024;  // largest client message accepted
  // SO_SNDBUF of stream sockets (0 = the kernel's autotuning, which may reach megabytes per
  // connection): bounds kernel memory per stream and lets a stuck client hit the queue bound.
  std::size_t stream_socket_send_buffer = 64 * 1024;
};

class Server {
 public:
  Server(boost::asio::io_context& ioc, const Router& router, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens on host:port (port 0 picks a free one). Errors name the address.
  util::Status listen(const std::string& host, std::uint16_t port);
  // The bound port (after listen).
  std::uint16_t port() const;
  // Starts accepting (spawns the accept loop on the io_context).
  void start();
  // Stops accepting and asks sessions to finish: idle connections close now, a request in
  // progress completes and its connection then closes. Returns immediately.
  void stop();
  // Number of open connections.
  std::size_t connections() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace parloir::http
