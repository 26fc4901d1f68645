#include <utility>  // why: before Asio (g++ 12 + Boost 1.74 awaitable.hpp needs std::exchange)

#include "http/session.h"

#include <sys/sendfile.h>

#include <cerrno>
#include <ctime>

#include <array>
#include <charconv>
#include <limits>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

#include "http/access_log.h"
#include "http/blocking_pool.h"
#include "http/cors.h"
#include "http/decode.h"
#include "util/log.h"

namespace parloir::http::detail {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::redirect_error;
using asio::use_awaitable;

constexpr std::size_t kReadSize = 8192;
constexpr std::size_t kMaxIdleBuffer = 64 * 1024;  // idle connections keep at most this much
// After an error response on a connection that may still carry unread input, read and discard
// up to this much for up to kLingerTime so the client sees the response rather than a reset.
constexpr std::size_t kLingerBytes = 1 << 20;
constexpr std::chrono::milliseconds kLingerTime{1000};

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// The peer went away or the sweeper shut the socket: close without answering.
bool is_disconnect(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
         ec == asio::error::bad_descriptor || ec == asio::error::broken_pipe || ec == asio::error::not_connected;
}

bool valid_header_text(std::string_view s) {
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

void append_number(std::string& out, std::uint64_t n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

bool is_json(std::string_view content_type) { return content_type.substr(0, 16) == "application/json"; }

// One connection's request loop. Lives in run_session's coroutine frame.
class Session {
 public:
  Session(std::shared_ptr<ServerCore> core, std::shared_ptr<Connection> conn)
      : core_(std::move(core)), conn_(std::move(conn)), socket_(conn_->socket()) {}

  asio::awaitable<void> run() {
    try {
      while (co_await serve_one()) {
      }
    } catch (const std::exception& e) {
      spdlog::debug("http: session from {} ended: {}", conn_->remote_ip(), e.what());
    }
    conn_->close();
    core_->remove(conn_.get());
  }

 private:
  asio::awaitable<bool> serve_one();
  // why: by reference; an aggregate argument inside co_await is freed twice by g++ 12.
  asio::awaitable<bool> serve_stream(const StreamRoute& route, bhttp::request_parser<bhttp::string_body>& parser,
                                     Request& req, bool cors);
  asio::awaitable<void> linger();
  asio::awaitable<bool> send_file(const FileBody& file);
  void build_head(const Response& res, bool keep_alive, unsigned version, bool cors);
  std::string allowed_methods(std::string_view path, bool cors) const;

  std::shared_ptr<ServerCore> core_;
  std::shared_ptr<Connection> conn_;
  tcp::socket& socket_;
  beast::flat_buffer buffer_;  // reused across requests; holds pipelined bytes
  std::string head_;           // reused response header buffer
};

// Reads one request, answers it. Returns whether the connection stays open.
asio::awaitable<bool> Session::serve_one() {
  const ServerOptions& opt = core_->options;
  boost::system::error_code ec;

  // 1. Idle until the next request starts (keep-alive timeout; stop() closes us here).
  if (buffer_.size() == 0) {
    if (buffer_.capacity() > kMaxIdleBuffer) buffer_.shrink_to_fit();  // after a large body
    conn_->set_deadline(core_->deadline_after(opt.idle_timeout));
    conn_->set_idle(true);
    if (core_->stopping.load()) co_return false;
    std::size_t n = co_await socket_.async_read_some(buffer_.prepare(kReadSize), redirect_error(use_awaitable, ec));
    conn_->set_idle(false);
    if (ec) co_return false;
    buffer_.commit(n);
  }

  // 2. Header, then body, both within read_timeout (slow clients are dropped by the sweeper).
  conn_->set_deadline(core_->deadline_after(opt.read_timeout));
  spdlog::logger* access = util::access_logger();
  const auto started = access ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};

  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(opt.header_limit));
  // why: the per-route limit is known only after the header; a limit set now would be checked
  // against Content-Length when the header completes (beast 1.74 finish_header).
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  co_await bhttp::async_read_header(socket_, buffer_, parser, redirect_error(use_awaitable, ec));

  enum class Action { respond, preflight, handle };
  Action action = Action::respond;
  Request req;
  Response res;
  const Route* route = nullptr;
  bool close = false;         // close after this response
  bool linger_after = false;  // input may remain unread: drain before closing
  bool cors = false;
  bool head_only = false;

  if (ec) {
    if (is_disconnect(ec)) co_return false;
    res = ec == bhttp::error::header_limit ? Response::error(431, "Request header fields too large")
                                           : Response::error(400, "Bad request");
    close = linger_after = true;
  } else {
    auto& msg = parser.get();
    head_only = msg.method() == bhttp::verb::head;
    std::size_t limit = opt.max_body;
    if (!decode_target(sv(msg.target()), req.path, req.query_string)) {
      res = Response::error(400, "Bad request");
    } else {
      cors = is_cors_path(req.path);
      // Stream routes (http/stream.h): a WebSocket upgrade or an event-stream GET hands the
      // connection to run_stream, ending this loop.
      const StreamRoute* stream = nullptr;
      if (msg.method() == bhttp::verb::get && parser.is_done()) {
        if (boost::beast::websocket::is_upgrade(msg))
          stream = core_->router.match_stream(StreamKind::websocket, req.path);
        else
          stream = core_->router.match_stream(StreamKind::event_stream, req.path);
      }
      if (stream) {
        co_return co_await serve_stream(*stream, parser, req, cors);
      } else if (msg.method() == bhttp::verb::options && cors) {
        action = Action::preflight;
      } else {
        RouteMatch m = core_->router.match(head_only ? bhttp::verb::get : msg.method(), req.path);
        if (m.route) {
          route = m.route;
          req.path_params = std::move(m.params);
          action = Action::handle;
          if (route->options.max_body != 0) limit = route->options.max_body;
        } else if (m.path_exists) {
          res = Response::error(405, "Method not allowed");
          res.with_header("Allow", allowed_methods(req.path, cors));
        } else if ((msg.method() == bhttp::verb::get || head_only) && core_->router.fallback()) {
          route = core_->router.fallback();
          action = Action::handle;
        } else {
          res = Response::error(404, "Record not found");
        }
      }
    }
    auto content_length = parser.content_length();
    if (content_length && *content_length > limit) {
      // Announced too much: answer without reading the body.
      res = Response::error(413, "Request entity too large");
      action = Action::respond;
      close = linger_after = true;
    } else if (!parser.is_done()) {
      parser.body_limit(limit);  // why: also bounds chunked bodies (beast counts decoded chunk bytes)
      if (msg.version() >= 11 && iequals_ascii(sv(msg[bhttp::field::expect]), "100-continue")) {
        co_await asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                                   redirect_error(use_awaitable, ec));
        if (ec) co_return false;
      }
      co_await bhttp::async_read(socket_, buffer_, parser, redirect_error(use_awaitable, ec));
      if (ec) {
        if (ec != bhttp::error::body_limit && is_disconnect(ec)) co_return false;
        res = ec == bhttp::error::body_limit ? Response::error(413, "Request entity too large")
                                             : Response::error(400, "Bad request");
        action = Action::respond;
        close = linger_after = true;
      }
    }
  }

  unsigned version = 11;
  const bool have_header = parser.is_header_done();
  if (have_header) {
    req.raw = parser.release();
    version = req.raw.version();
    if (!req.raw.keep_alive()) close = true;
  }
  req.remote_ip = conn_->remote_ip();

  // 3. Answer.
  if (action == Action::preflight) {
    res = preflight_response(req.header("Access-Control-Request-Headers"));
  } else if (action == Action::handle) {
    if (!req.query_string.empty()) req.query = parse_urlencoded(req.query_string);
    if (auto bad = decode_body(req)) {
      res = Response::error(400, *bad);
    } else {
      conn_->set_deadline(0);  // handlers may wait on the blocking pool for a while
      try {
        res = co_await route->handler(req);
      } catch (const PoolOverloaded&) {
        res = Response::error(503, "Service temporarily unavailable");
      } catch (const std::exception& e) {
        spdlog::error("http: {} {} failed: {}", sv(req.raw.method_string()), route->pattern, e.what());
        res = Response::error(500, "Internal server error");
      } catch (...) {
        spdlog::error("http: {} {} failed: unknown exception", sv(req.raw.method_string()), route->pattern);
        res = Response::error(500, "Internal server error");
      }
    }
  }
  if (res.status == 204 && is_json(res.content_type)) {
    res.status = 200;  // why: Mastodon answers {} with 200; some clients choke on 204 + JSON
    if (res.body.empty()) res.body = "{}";
  }
  if (core_->stopping.load()) close = true;

  build_head(res, !close, version, cors);
  const bool send_body = !head_only && res.status != 304;
  const std::size_t body_bytes = send_body ? res.body.size() : 0;
  conn_->set_deadline(core_->deadline_after(opt.read_timeout));
  std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(res.body.data(), body_bytes)};
  co_await asio::async_write(socket_, buffers, redirect_error(use_awaitable, ec));
  std::uint64_t file_bytes = 0;
  if (!ec && send_body && res.file && res.file->length > 0) {
    if (!co_await send_file(*res.file)) co_return false;
    file_bytes = res.file->length;
  }

  if (access) {
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    write_access_log(*access, conn_->remote_ip(), have_header ? sv(req.raw.method_string()) : "-",
                     have_header ? sv(req.raw.target()) : "-", version, res.status, body_bytes + file_bytes, micros);
  }
  if (ec) co_return false;
  if (linger_after) co_await linger();
  co_return !close;
}

// Runs a stream route's handler; a rejection is answered as a normal response, an acceptance
// turns the connection into a stream until it ends. Returns false: the connection closes after.
asio::awaitable<bool> Session::serve_stream(const StreamRoute& route, bhttp::request_parser<bhttp::string_body>& parser,
                                            Request& req, bool cors) {
  req.raw = parser.release();
  req.remote_ip = conn_->remote_ip();
  if (!req.query_string.empty()) req.query = parse_urlencoded(req.query_string);
  conn_->set_deadline(0);  // the handler may wait on the blocking pool
  StreamAccept accept;
  try {
    accept = co_await route.handler(req);
  } catch (const PoolOverloaded&) {
    accept = StreamAccept::rejected(Response::error(503, "Service temporarily unavailable"));
  } catch (const std::exception& e) {
    spdlog::error("http: stream {} failed: {}", route.path, e.what());
    accept = StreamAccept::rejected(Response::error(500, "Internal server error"));
  }
  if (core_->stopping.load() && accept.handler) {
    accept = StreamAccept::rejected(Response::error(503, "Service temporarily unavailable"));
  }
  if (spdlog::logger* access = util::access_logger())
    write_access_log(*access, conn_->remote_ip(), sv(req.raw.method_string()), sv(req.raw.target()),
                     req.raw.version(), accept.handler ? 101 : accept.reject.status, 0, 0);
  if (!accept.handler) {
    build_head(accept.reject, false, req.raw.version(), cors);
    conn_->set_deadline(core_->deadline_after(core_->options.read_timeout));
    boost::system::error_code ec;
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(accept.reject.body)};
    co_await asio::async_write(socket_, buffers, redirect_error(use_awaitable, ec));
    co_return false;
  }
  buffer_ = beast::flat_buffer();  // why: release the request buffer for the stream's lifetime
  head_ = std::string();
  co_await run_stream(core_, conn_, route.kind, req, accept, cors);
  co_return false;
}

// Streams a file body with sendfile(2): the socket is non-blocking (Asio made it so), so a full
// send buffer returns EAGAIN and we wait for writability. Each chunk's progress renews the
// write deadline, so a slow reader of a large video is not cut off while it keeps reading.
// why: page-cache reads only on the I/O thread; a cold disk read blocks it briefly, as nginx's
// sendfile does. Returns false when the connection must close (peer gone, file shrank).
asio::awaitable<bool> Session::send_file(const FileBody& file) {
  constexpr std::size_t kChunk = 1 << 20;
  boost::system::error_code ec;
  off_t offset = static_cast<off_t>(file.offset);
  std::uint64_t remaining = file.length;
  socket_.native_non_blocking(true, ec);  // already so for Asio's own async operations
  if (ec) co_return false;
  const int out = socket_.native_handle();
  while (remaining > 0) {
    const std::size_t want = remaining < kChunk ? static_cast<std::size_t>(remaining) : kChunk;
    ssize_t n = ::sendfile(out, file.fd, &offset, want);
    if (n > 0) {
      remaining -= static_cast<std::uint64_t>(n);
      conn_->set_deadline(core_->deadline_after(core_->options.read_timeout));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      co_await socket_.async_wait(tcp::socket::wait_write, redirect_error(use_awaitable, ec));
      if (ec) co_return false;
      continue;
    }
    if (n == 0) spdlog::warn("http: a served file ended {} bytes early", remaining);
    co_return false;  // error or a truncated file: the Content-Length cannot be honoured
  }
  co_return true;
}

asio::awaitable<void> Session::linger() {
  boost::system::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  conn_->set_deadline(core_->deadline_after(kLingerTime));
  std::size_t discarded = 0;
  while (!ec && discarded < kLingerBytes) {
    discarded += co_await socket_.async_read_some(buffer_.prepare(kReadSize), redirect_error(use_awaitable, ec));
  }
}

// RFC 7231 IMF-fixdate of the current second, cached per thread (Mastodon.py reads Date for
// rate-limit clock skew).
std::string_view http_date() {
  thread_local std::time_t cached_second = 0;
  thread_local char buf[64];
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    cached_second = now;
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  }
  return buf;
}

bool has_header(const Response& res, std::string_view name) {
  for (const auto& h : res.headers)
    if (boost::beast::iequals(h.first, boost::beast::string_view(name.data(), name.size()))) return true;
  return false;
}

void Session::build_head(const Response& res, bool keep_alive, unsigned version, bool cors) {
  const ServerOptions& opt = core_->options;
  head_.clear();
  head_ += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  append_number(head_, res.status);
  head_ += ' ';
  head_ += sv(bhttp::obsolete_reason(bhttp::int_to_status(res.status)));
  head_ += "\r\n";
  if (!opt.server_header.empty()) {
    head_ += "Server: ";
    head_ += opt.server_header;
    head_ += "\r\n";
  }
  head_ += "Date: ";
  head_ += http_date();
  head_ += "\r\n";
  // why: Mastodon marks API responses uncacheable; routes may set their own Cache-Control.
  if (cors && !has_header(res, "Cache-Control")) head_ += "Cache-Control: no-cache, no-store, max-age=0, must-revalidate\r\n";
  const bool has_body = res.status >= 200 && res.status != 204 && res.status != 304;
  if (has_body && !res.content_type.empty() && valid_header_text(res.content_type)) {
    head_ += "Content-Type: ";
    head_ += res.content_type;
    head_ += "\r\n";
  }
  if (has_body) {
    head_ += "Content-Length: ";
    append_number(head_, res.file ? res.file->length : res.body.size());
    head_ += "\r\n";
  }
  if (cors) append_cors_headers(head_);
  for (const auto& [name, value] : res.headers) {
    if (name.empty() || name.find(':') != std::string::npos || !valid_header_text(name) ||
        !valid_header_text(value)) {
      spdlog::warn("http: dropped a response header with invalid characters");
      continue;
    }
    head_ += name;
    head_ += ": ";
    head_ += value;
    head_ += "\r\n";
  }
  if (!keep_alive) {
    head_ += "Connection: close\r\n";
  } else if (version == 10) {
    head_ += "Connection: keep-alive\r\n";
  }
  head_ += "\r\n";
}

std::string Session::allowed_methods(std::string_view path, bool cors) const {
  static constexpr bhttp::verb kVerbs[] = {bhttp::verb::get, bhttp::verb::post, bhttp::verb::put,
                                           bhttp::verb::patch, bhttp::verb::delete_};
  std::string out;
  for (bhttp::verb v : kVerbs) {
    if (!core_->router.match(v, path).route) continue;
    if (!out.empty()) out += ", ";
    out += sv(bhttp::to_string(v));
    if (v == bhttp::verb::get) out += ", HEAD";
  }
  if (cors) out += out.empty() ? "OPTIONS" : ", OPTIONS";
  return out;
}

}  // namespace

asio::awaitable<void> run_session(std::shared_ptr<ServerCore> core, std::shared_ptr<Connection> conn) {
  Session session(std::move(core), std::move(conn));
  co_await session.run();
}

}  // namespace parloir::http::detail
