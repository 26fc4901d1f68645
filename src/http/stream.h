// Long-lived server-push connections, independent of Mastodon: a WebSocket (RFC 6455) or an
// HTTP event stream (text/event-stream, chunked). A stream route's handler runs once the
// request header is read (GET only); it authenticates and either rejects with a normal Response
// or accepts with a StreamHandler. The server then owns the connection: text queued with
// Outbound::send() is written in order, client text frames reach on_message(), and on_close()
// is called once when the connection ends for any reason.
//
// Memory is bounded per connection: queued bytes above ServerOptions::stream_queue_bytes (a
// client that does not read) close the connection instead of growing. WebSockets are kept
// alive with pings (a client that answers nothing within ServerOptions::ws_idle_timeout is
// dropped) and clients' pings are answered; event streams send `heartbeat` every
// `heartbeat_interval`.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>  // why: before Asio; g++ 12 + Boost 1.74 awaitable.hpp uses std::exchange

#include <boost/asio/awaitable.hpp>

#include "http/request.h"

namespace parloir::http {

// The sending side of an open stream. Thread-safe; may outlive the connection (calls then do
// nothing and return false).
class Outbound {
 public:
  virtual ~Outbound() = default;
  // Queues one message (a WebSocket text frame; for an event stream, raw bytes such as
  // "event: x\ndata: y\n\n"). Returns false when the connection is closed or this message
  // would exceed the queue bound — the connection is then closed. Shared strings are not
  // copied: one rendering can be queued to many connections.
  virtual bool send(std::shared_ptr<const std::string> message) = 0;
  // Closes the connection (a WebSocket gets close code `code`, default 1000). Any thread.
  virtual void close(std::uint16_t code = 1000) = 0;
  virtual bool is_open() const = 0;
  // Bytes queued but not yet written.
  virtual std::size_t queued_bytes() const = 0;
};

// While alive on a thread, Outbound::send() calls made on that thread defer starting the
// connections' writers; the destructor starts them all with a few posts to the I/O threads
// (instead of one wake-up per connection): for a burst of sends to thousands of streams. Any
// thread; nests (the outermost scope flushes).
class SendBurst {
 public:
  SendBurst();
  ~SendBurst();
  SendBurst(const SendBurst&) = delete;
  SendBurst& operator=(const SendBurst&) = delete;

 private:
  bool outermost_;
};

// The application side of an open stream. Called on the connection's own strand: on_open
// first, then on_message for each text frame (WebSocket only), then on_close once.
class StreamHandler {
 public:
  virtual ~StreamHandler() = default;
  virtual void on_open(std::shared_ptr<Outbound> out) = 0;
  virtual void on_message(std::string_view /*text*/) {}
  virtual void on_close() {}
};

// What a stream route's handler decides.
struct StreamAccept {
  // Null: rejected, and `reject` is sent as a normal response (then the connection closes).
  std::shared_ptr<StreamHandler> handler;
  Response reject;
  // WebSocket: the Sec-WebSocket-Protocol to echo (empty: none).
  std::string subprotocol;
  // Event stream: written first, then `heartbeat` every `heartbeat_interval` while idle.
  std::string preamble;
  std::string heartbeat;
  std::chrono::seconds heartbeat_interval{15};
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers (event stream)

  static StreamAccept rejected(Response r) {
    StreamAccept a;
    a.reject = std::move(r);
    return a;
  }
};

enum class StreamKind { websocket, event_stream };

using StreamRouteHandler = std::function<boost::asio::awaitable<StreamAccept>(Request&)>;

}  // namespace parloir::http
