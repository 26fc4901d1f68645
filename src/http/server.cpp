#include <utility>  // why: before Asio (g++ 12 + Boost 1.74 awaitable.hpp needs std::exchange)

#include "http/server.h"

#include <sys/socket.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "http/session.h"

namespace parloir::http {

namespace asio = boost::asio;
using detail::Connection;
using detail::ServerCore;
using detail::tcp;

// ---------------------------------------------------------------------------------------------
// Connection and registry

void Connection::interrupt() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_ || !socket_.is_open()) return;
  // why: see session.h; shutdown(2) wakes a pending epoll read/write with EOF/EPIPE.
  ::shutdown(socket_.native_handle(), SHUT_RDWR);
}

void Connection::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ec;
  socket_.close(ec);
}

void Connection::rebind(const asio::any_io_executor& executor) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return;
  boost::system::error_code ec;
  auto protocol = socket_.local_endpoint(ec).protocol();
  if (ec) return;
  auto fd = socket_.release(ec);
  if (ec) return;
  socket_ = tcp::socket(executor, protocol, fd);
}

bool ServerCore::add(Connection* c) {
  std::lock_guard<std::mutex> lock(mutex);
  if (connections.size() >= options.max_connections) return false;
  connections.push_front(c);
  c->registry_pos = connections.begin();
  count.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void ServerCore::remove(Connection* c) {
  bool last = false;
  {
    std::lock_guard<std::mutex> lock(mutex);
    connections.erase(c->registry_pos);
    count.fetch_sub(1, std::memory_order_relaxed);
    last = connections.empty();
  }
  if (last && stopping.load()) {
    asio::post(strand, [self = shared_from_this()] { self->sweep_timer.cancel(); });
  }
}

// ---------------------------------------------------------------------------------------------
// Listener and sweeper

struct Server::Impl : ServerCore {
  using ServerCore::ServerCore;
  std::uint16_t port = 0;
  bool started = false;
};

namespace {

asio::awaitable<void> accept_loop(std::shared_ptr<ServerCore> core) {
  asio::steady_timer backoff(core->strand);
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await core->acceptor.async_accept(core->ioc, asio::redirect_error(asio::use_awaitable, ec));
    if (core->stopping.load() || !core->acceptor.is_open()) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      // why: EMFILE/ENFILE would otherwise make the loop spin; back off briefly.
      spdlog::warn("http: accept failed: {}", ec.message());
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto endpoint = socket.remote_endpoint(ec);
    if (ec) continue;  // already gone
    auto conn = std::make_shared<Connection>(std::move(socket), endpoint.address().to_string());
    if (!core->add(conn.get())) {
      conn->close();  // over max_connections: closed at once
      continue;
    }
    asio::co_spawn(core->ioc, detail::run_session(core, std::move(conn)), asio::detached);
  }
}

// Refreshes the coarse clock and drops connections past their deadline (and idle ones once
// stopping). Finishes after stop() once no connection is left.
asio::awaitable<void> sweep_loop(std::shared_ptr<ServerCore> core) {
  for (;;) {
    bool stopping = core->stopping.load();
    core->sweep_timer.expires_after(stopping ? std::chrono::milliseconds(50) : ServerCore::kSweepPeriod);
    boost::system::error_code ec;
    co_await core->sweep_timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    std::int64_t now = detail::steady_ms();
    core->now_ms.store(now, std::memory_order_relaxed);
    stopping = core->stopping.load();
    std::lock_guard<std::mutex> lock(core->mutex);
    for (Connection* c : core->connections)
      if (c->expired(now) || (stopping && c->idle())) c->interrupt();
    if (stopping && core->connections.empty()) co_return;
  }
}

}  // namespace

Server::Server(asio::io_context& ioc, const Router& router, ServerOptions options)
    : impl_(std::make_shared<Impl>(ioc, router, std::move(options))) {}

Server::~Server() { stop(); }

util::Status Server::listen(const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  const std::string where = host + ":" + std::to_string(port);
  if (ec) return util::fail(util::ErrorCode::bad_request, "invalid listen address " + where, ec.message());
  tcp::endpoint endpoint(address, port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    return util::fail(util::ErrorCode::unavailable, "cannot listen on " + where + ": " + ec.message(), ec.message());
  }
  impl_->port = acceptor.local_endpoint(ec).port();
  return {};
}

std::uint16_t Server::port() const { return impl_->port; }

void Server::start() {
  if (impl_->started) return;
  impl_->started = true;
  std::shared_ptr<ServerCore> core = impl_;
  asio::co_spawn(core->strand, accept_loop(core), asio::detached);
  asio::co_spawn(core->strand, sweep_loop(core), asio::detached);
}

void Server::stop() {
  if (impl_->stopping.exchange(true)) return;
  std::shared_ptr<ServerCore> core = impl_;
  asio::post(core->strand, [core] {
    boost::system::error_code ec;
    core->acceptor.close(ec);
    core->sweep_timer.cancel();
  });
}

std::size_t Server::connections() const { return impl_->count.load(std::memory_order_relaxed); }

}  // namespace parloir::http
