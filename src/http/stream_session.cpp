// Stream connections (http/stream.h): one WebSocket or event stream per connection, on its own
// strand so the reader, the writer and control frames never run concurrently.
//
// Memory per idle connection: the Beast websocket state (no compression, no write buffer: the
// server sends unmasked frames straight from the shared message strings), a small read buffer,
// and this object. Messages are shared_ptr<const string>, so one rendering queued to 10,000
// connections is stored once.
#include <utility>  // why: before Asio (g++ 12 + Boost 1.74 awaitable.hpp needs std::exchange)

#include <array>
#include <charconv>
#include <deque>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>

#include "http/cors.h"
#include "http/session.h"

namespace parloir::http::detail {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using asio::redirect_error;
using asio::use_awaitable;
using Strand = asio::strand<asio::io_context::executor_type>;

class QueuedStream;
// The streams whose writer a SendBurst on this thread will start (null: no burst).
thread_local std::vector<std::shared_ptr<QueuedStream>>* t_burst = nullptr;

// The queue and its writer, shared by both kinds. Subclasses write one message.
class QueuedStream : public Outbound, public std::enable_shared_from_this<QueuedStream> {
 public:
  QueuedStream(std::shared_ptr<ServerCore> core, std::shared_ptr<Connection> conn, Strand strand)
      : core_(std::move(core)), conn_(std::move(conn)), strand_(std::move(strand)) {}

  bool send(std::shared_ptr<const std::string> message) override {
    if (!message) return false;
    std::unique_lock lock(mutex_);
    if (!open_) return false;
    if (queued_ + message->size() > core_->options.stream_queue_bytes) {
      // why: a client that does not read must not hold memory or slow anyone else: drop it.
      open_ = false;
      lock.unlock();
      spdlog::debug("http: stream to {} dropped: send queue full", conn_->remote_ip());
      conn_->interrupt();
      return false;
    }
    queued_ += message->size();
    queue_.push_back(std::move(message));
    if (!writing_) {
      writing_ = true;
      lock.unlock();
      if (t_burst)
        t_burst->push_back(shared_from_this());
      else
        start_writer();
    }
    return true;
  }

  // Starts the writer coroutine on the stream's strand (one runs at a time: `writing_`).
  void start_writer() { asio::co_spawn(strand_, drain(shared_from_this()), asio::detached); }
  asio::io_context& io_context() { return core_->ioc; }

  void close(std::uint16_t code) override {
    {
      std::lock_guard lock(mutex_);
      if (!open_) return;
      open_ = false;
      close_code_ = code;
    }
    // A polite close, bounded in time: the sweeper drops a client that does not answer.
    conn_->set_deadline(core_->deadline_after(std::chrono::seconds(2)));
    asio::post(strand_, [self = shared_from_this()] { self->begin_close(); });
  }

  bool is_open() const override {
    std::lock_guard lock(mutex_);
    return open_;
  }

  std::size_t queued_bytes() const override {
    std::lock_guard lock(mutex_);
    return queued_;
  }

  // Marks the stream ended (no more sends accepted).
  void mark_closed() {
    std::lock_guard lock(mutex_);
    open_ = false;
  }

 protected:
  virtual asio::awaitable<boost::system::error_code> write_one(const std::string& message) = 0;
  virtual void begin_close() = 0;
  std::uint16_t close_code() const {
    std::lock_guard lock(mutex_);
    return close_code_;
  }

  std::shared_ptr<ServerCore> core_;
  std::shared_ptr<Connection> conn_;
  Strand strand_;

 private:
  static asio::awaitable<void> drain(std::shared_ptr<QueuedStream> self) {
    for (;;) {
      std::shared_ptr<const std::string> next;
      {
        std::lock_guard lock(self->mutex_);
        if (self->queue_.empty()) {
          self->writing_ = false;
          co_return;
        }
        next = self->queue_.front();
      }
      auto ec = co_await self->write_one(*next);
      {
        std::lock_guard lock(self->mutex_);
        self->queue_.pop_front();
        self->queued_ -= next->size();
        if (ec) {
          self->open_ = false;
          self->writing_ = false;
          self->queue_.clear();
          self->queued_ = 0;
        }
      }
      if (ec) {
        self->conn_->interrupt();
        co_return;
      }
    }
  }

  mutable std::mutex mutex_;
  std::deque<std::shared_ptr<const std::string>> queue_;  // guarded by mutex_
  std::size_t queued_ = 0;                                // guarded by mutex_
  bool writing_ = false;                                  // guarded by mutex_: a drain() runs
  bool open_ = true;                                      // guarded by mutex_
  std::uint16_t close_code_ = 1000;                       // guarded by mutex_
};

// ---------------------------------------------------------------------------------------------
// WebSocket

class WebSocketStream final : public QueuedStream {
 public:
  WebSocketStream(std::shared_ptr<ServerCore> core, std::shared_ptr<Connection> conn, Strand strand)
      : QueuedStream(std::move(core), std::move(conn), std::move(strand)), ws_(conn_->socket()) {}

  // Handshake, then reads until the connection ends. Runs on the strand.
  asio::awaitable<void> run(const Request& request, StreamAccept& accept) {
    const ServerOptions& opt = core_->options;
    websocket::stream_base::timeout timeout;
    timeout.handshake_timeout = std::chrono::seconds(10);
    timeout.idle_timeout = opt.ws_idle_timeout;
    timeout.keep_alive_pings = true;
    ws_.set_option(timeout);
    ws_.auto_fragment(false);
    ws_.read_message_max(opt.ws_max_message);
    std::string server = opt.server_header;
    std::string protocol = accept.subprotocol;
    ws_.set_option(websocket::stream_base::decorator([server, protocol](websocket::response_type& res) {
      if (!server.empty()) res.set(beast::http::field::server, server);
      if (!protocol.empty()) res.set(beast::http::field::sec_websocket_protocol, protocol);
    }));
    boost::system::error_code ec;
    co_await ws_.async_accept(request.raw, redirect_error(use_awaitable, ec));
    if (ec) co_return;
    accept.handler->on_open(std::static_pointer_cast<Outbound>(shared_from_this()));
    beast::flat_buffer buffer;
    for (;;) {
      co_await ws_.async_read(buffer, redirect_error(use_awaitable, ec));
      if (ec) break;
      if (!ws_.got_text()) {
        close(static_cast<std::uint16_t>(websocket::close_code::bad_payload));  // 1003: binary refused
        buffer.consume(buffer.size());
        continue;
      }
      auto data = buffer.data();
      accept.handler->on_message(std::string_view(static_cast<const char*>(data.data()), data.size()));
      buffer.consume(buffer.size());
      if (buffer.capacity() > 4096) buffer.shrink_to_fit();
    }
    mark_closed();
  }

 protected:
  asio::awaitable<boost::system::error_code> write_one(const std::string& message) override {
    boost::system::error_code ec;
    ws_.text(true);
    co_await ws_.async_write(asio::buffer(message), redirect_error(use_awaitable, ec));
    co_return ec;
  }

  void begin_close() override {
    auto self = std::static_pointer_cast<WebSocketStream>(shared_from_this());
    ws_.async_close(websocket::close_reason(close_code()), [self](boost::system::error_code) {});
  }

 private:
  websocket::stream<tcp::socket&> ws_;
};

// ---------------------------------------------------------------------------------------------
// Event stream (text/event-stream over chunked HTTP/1.1)

class EventStream final : public QueuedStream {
 public:
  using QueuedStream::QueuedStream;

  asio::awaitable<void> run(StreamAccept& accept, bool cors) {
    std::string head = "HTTP/1.1 200 OK\r\n";
    if (!core_->options.server_header.empty()) head += "Server: " + core_->options.server_header + "\r\n";
    head +=
        "Content-Type: text/event-stream\r\nCache-Control: no-store\r\nTransfer-Encoding: chunked\r\n"
        "X-Accel-Buffering: no\r\n";
    if (cors) append_cors_headers(head);
    for (const auto& [name, value] : accept.headers) head += name + ": " + value + "\r\n";
    head += "\r\n";
    boost::system::error_code ec;
    co_await asio::async_write(conn_->socket(), asio::buffer(head), redirect_error(use_awaitable, ec));
    if (ec) co_return;
    if (!accept.preamble.empty()) send(std::make_shared<const std::string>(accept.preamble));
    accept.handler->on_open(std::static_pointer_cast<Outbound>(shared_from_this()));

    // Heartbeats while open; the read side only notices the client leaving.
    asio::co_spawn(strand_, heartbeat(std::static_pointer_cast<EventStream>(shared_from_this()),
                                      std::make_shared<const std::string>(accept.heartbeat),
                                      accept.heartbeat_interval),
                   asio::detached);
    std::array<char, 256> sink;
    for (;;) {
      co_await conn_->socket().async_read_some(asio::buffer(sink), redirect_error(use_awaitable, ec));
      if (ec) break;
    }
    mark_closed();
    timer_.cancel();
  }

 protected:
  asio::awaitable<boost::system::error_code> write_one(const std::string& message) override {
    char size_line[24];
    auto r = std::to_chars(size_line, size_line + 16, message.size(), 16);
    *r.ptr++ = '\r';
    *r.ptr++ = '\n';
    static constexpr char kCrlf[] = "\r\n";
    std::array<asio::const_buffer, 3> parts{asio::buffer(size_line, static_cast<std::size_t>(r.ptr - size_line)),
                                            asio::buffer(message), asio::buffer(kCrlf, 2)};
    boost::system::error_code ec;
    co_await asio::async_write(conn_->socket(), parts, redirect_error(use_awaitable, ec));
    co_return ec;
  }

  void begin_close() override {
    // why: the last chunk ends the response cleanly; the deadline set by close() bounds it.
    auto self = std::static_pointer_cast<EventStream>(shared_from_this());
    auto end = std::make_shared<const std::string>("0\r\n\r\n");
    asio::async_write(conn_->socket(), asio::buffer(*end), [self, end](boost::system::error_code, std::size_t) {
      self->conn_->interrupt();
    });
  }

 private:
  static asio::awaitable<void> heartbeat(std::shared_ptr<EventStream> self, std::shared_ptr<const std::string> beat,
                                         std::chrono::seconds every) {
    if (beat->empty()) co_return;
    for (;;) {
      self->timer_.expires_after(every);
      boost::system::error_code ec;
      co_await self->timer_.async_wait(redirect_error(use_awaitable, ec));
      if (ec || !self->is_open()) co_return;
      if (self->queued_bytes() == 0) self->send(beat);
    }
  }

  asio::steady_timer timer_{strand_};
};

}  // namespace

asio::awaitable<void> run_stream(std::shared_ptr<ServerCore> core, std::shared_ptr<Connection> conn, StreamKind kind,
                                 const Request& request, StreamAccept& accept, bool cors) {
  Strand strand = asio::make_strand(core->ioc);
  conn->rebind(strand);
  if (core->options.stream_socket_send_buffer != 0) {
    boost::system::error_code ignored;
    conn->socket().set_option(
        asio::socket_base::send_buffer_size(static_cast<int>(core->options.stream_socket_send_buffer)), ignored);
  }
  conn->set_deadline(0);
  conn->set_idle(true);  // why: stop() closes streams at once instead of waiting for them
  std::shared_ptr<QueuedStream> stream;
  try {
    if (kind == StreamKind::websocket) {
      auto ws = std::make_shared<WebSocketStream>(core, conn, strand);
      stream = ws;
      co_await asio::co_spawn(strand, ws->run(request, accept), use_awaitable);
    } else {
      auto es = std::make_shared<EventStream>(core, conn, strand);
      stream = es;
      co_await asio::co_spawn(strand, es->run(accept, cors), use_awaitable);
    }
  } catch (const std::exception& e) {
    spdlog::debug("http: stream from {} ended: {}", conn->remote_ip(), e.what());
  }
  if (stream) stream->mark_closed();
  try {
    accept.handler->on_close();
  } catch (const std::exception& e) {
    spdlog::error("http: stream close handler failed: {}", e.what());
  }
}

}  // namespace parloir::http::detail

namespace parloir::http {

SendBurst::SendBurst() : outermost_(detail::t_burst == nullptr) {
  if (outermost_) detail::t_burst = new std::vector<std::shared_ptr<detail::QueuedStream>>();
}

SendBurst::~SendBurst() {
  if (!outermost_) return;
  std::unique_ptr<std::vector<std::shared_ptr<detail::QueuedStream>>> streams(detail::t_burst);
  detail::t_burst = nullptr;
  if (streams->empty()) return;
  // why: started from an I/O thread, each writer's strand post stays in that thread's private
  // queue (no wake-up per connection); chunks spread the writes over the I/O threads.
  constexpr std::size_t kChunk = 512;
  boost::asio::io_context& ioc = streams->front()->io_context();
  for (std::size_t begin = 0; begin < streams->size(); begin += kChunk) {
    auto chunk = std::make_shared<std::vector<std::shared_ptr<detail::QueuedStream>>>(
        streams->begin() + static_cast<long>(begin),
        streams->begin() + static_cast<long>(std::min(streams->size(), begin + kChunk)));
    boost::asio::post(ioc, [chunk] {
      for (auto& s : *chunk) s->start_writer();
    });
  }
}

}  // namespace parloir::http
