// Internals shared by Server (server.cpp: listener, sweeper) and the per-connection session
// coroutine (session.cpp). Not part of the module's public API.
//
// Timeouts without a timer per I/O operation: each Connection carries a deadline (coarse
// milliseconds, 0 = none) that the session stores with a relaxed atomic write; the sweeper wakes
// twice a second, and for each expired connection calls ::shutdown() on its socket, which makes
// the pending read or write complete with an error on the session's own thread. ::shutdown()
// touches only the kernel socket, never Asio's state, so it is safe from the sweeper's thread;
// Connection::mutex_ keeps it from racing with close() (and so from hitting a reused fd).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "http/router.h"
#include "http/server.h"

namespace parloir::http::detail {

using tcp = boost::asio::ip::tcp;

// Milliseconds on the steady clock.
inline std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// One accepted connection. Owned (shared) by its session coroutine; the server's registry holds
// a raw pointer from add() to remove(). socket() is used only by the session coroutine.
class Connection {
 public:
  Connection(tcp::socket socket, std::string remote_ip)
      : socket_(std::move(socket)), remote_ip_(std::move(remote_ip)) {}

  tcp::socket& socket() { return socket_; }
  const std::string& remote_ip() const { return remote_ip_; }

  // Deadline in steady_ms() units; 0 = none. Any thread.
  void set_deadline(std::int64_t ms) { deadline_ms_.store(ms, std::memory_order_relaxed); }
  bool expired(std::int64_t now_ms) const {
    std::int64_t d = deadline_ms_.load(std::memory_order_relaxed);
    return d != 0 && d <= now_ms;
  }
  // Idle = waiting for the first byte of the next request (closed at once by stop()).
  void set_idle(bool idle) { idle_.store(idle); }
  bool idle() const { return idle_.load(); }

  // Any thread: makes pending and future I/O on the socket fail, unless already closed.
  void interrupt();
  // Session only: closes the socket (idempotent).
  void close();
  // Session only, with no operation pending: moves the socket onto `executor` (a strand for a
  // stream whose reads and writes run concurrently).
  void rebind(const boost::asio::any_io_executor& executor);

  std::list<Connection*>::iterator registry_pos;  // guarded by ServerCore::mutex

 private:
  tcp::socket socket_;
  std::string remote_ip_;
  std::mutex mutex_;
  bool closed_ = false;  // guarded by mutex_
  std::atomic<std::int64_t> deadline_ms_{0};
  std::atomic<bool> idle_{false};
};

// State shared by the listener, the sweeper and all sessions. Kept alive by each of them
// (shared_ptr), so sessions may outlive the Server object. The Router must outlive every session.
struct ServerCore : std::enable_shared_from_this<ServerCore> {
  ServerCore(boost::asio::io_context& io, const Router& r, ServerOptions opts)
      : ioc(io), router(r), options(std::move(opts)), strand(boost::asio::make_strand(io)), acceptor(strand),
        sweep_timer(strand) {}

  boost::asio::io_context& ioc;
  const Router& router;
  const ServerOptions options;
  std::atomic<bool> stopping{false};
  std::atomic<std::int64_t> now_ms{steady_ms()};  // coarse clock, refreshed by the sweeper

  // The acceptor and the sweeper's timer are used only on `strand`.
  boost::asio::strand<boost::asio::io_context::executor_type> strand;
  tcp::acceptor acceptor;
  boost::asio::steady_timer sweep_timer;

  std::mutex mutex;
  std::list<Connection*> connections;  // guarded by mutex
  std::atomic<std::size_t> count{0};

  // A deadline `timeout` from now, on the coarse clock (rounded up by one sweep period).
  std::int64_t deadline_after(std::chrono::milliseconds timeout) const {
    return now_ms.load(std::memory_order_relaxed) + timeout.count() + kSweepPeriod.count();
  }
  // Registers a connection; false when max_connections are already open.
  bool add(Connection* c);
  // Unregisters; when stopping and it was the last one, wakes the sweeper so it can finish.
  void remove(Connection* c);

  static constexpr std::chrono::milliseconds kSweepPeriod{500};
};

// Runs an accepted stream (http/stream.h) on the connection until it ends; `request` is the
// upgrade or GET request already read. The caller closes and unregisters the connection after;
// `request` and `accept` must live until the returned awaitable completes.
boost::asio::awaitable<void> run_stream(std::shared_ptr<ServerCore> core, std::shared_ptr<Connection> conn,
                                        StreamKind kind, const Request& request, StreamAccept& accept, bool cors);

// Serves one connection until it closes; then closes the socket and unregisters it.
boost::asio::awaitable<void> run_session(std::shared_ptr<ServerCore> core, std::shared_ptr<Connection> conn);

}  // namespace parloir::http::detail
