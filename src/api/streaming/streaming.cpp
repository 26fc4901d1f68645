// Streaming routes, the client registry and the dispatcher thread (see streaming.h).
#include "api/streaming/streaming.h"

#include <rapidjson/document.h>
#include <spdlog/spdlog.h>

#include "api/auth.h"
#include "api/errors.h"
#include "api/streaming/dispatcher.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
using http::StreamAccept;
using streaming::Client;
namespace bh = boost::beast::http;

// ---------------------------------------------------------------------------------------------
// Client

namespace streaming {

Client::Client(std::shared_ptr<Streaming::Impl> impl, bool sse_, const services::TokenContext& ctx, std::string ip_)
    : sse(sse_),
      account_id(ctx.user->account.id),
      token_hash(ctx.token.token_hash),
      scopes(ctx.token.scopes),
      ip(std::move(ip_)),
      impl_(std::move(impl)) {}

Client::~Client() { impl_->release(token_hash, ip); }

void Client::on_open(std::shared_ptr<http::Outbound> o) {
  out = std::move(o);
  impl_->attach(shared_from_this());
}

void Client::on_message(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    send(ws_error("Invalid JSON", 400));
    return;
  }
  auto str = [&](const char* key) -> std::string {
    auto it = doc.FindMember(key);
    if (it == doc.MemberEnd()) return {};
    if (it->value.IsString()) return std::string(it->value.GetString(), it->value.GetStringLength());
    if (it->value.IsInt64()) return std::to_string(it->value.GetInt64());
    return {};
  };
  std::string type = str("type");
  if (type != "subscribe" && type != "unsubscribe") {
    send(ws_error("Unknown message type", 400));
    return;
  }
  SubscriptionRequest r;
  r.stream = str("stream");
  r.tag = str("tag");
  r.list = str("list");
  auto media = doc.FindMember("only_media");
  r.only_media = media != doc.MemberEnd() &&
                 ((media->value.IsBool() && media->value.GetBool()) ||
                  (media->value.IsString() && (std::string_view(media->value.GetString()) == "true" ||
                                               std::string_view(media->value.GetString()) == "1")));
  bool add = type == "subscribe";
  auto self = shared_from_this();
  auto impl = impl_;
  impl->post([impl, self, r, add] { impl->subscribe(self, r, add); });
}

void Client::on_close() { impl_->detach(this); }

}  // namespace streaming

// ---------------------------------------------------------------------------------------------
// Registry and dispatcher

bool Streaming::Impl::reserve(const std::string& token_hash, const std::string& ip) {
  std::lock_guard lock(mutex);
  auto& t = per_token[token_hash];
  auto& i = per_ip[ip];
  if (t >= config.max_connections_per_token || i >= config.max_connections_per_ip) {
    if (t == 0) per_token.erase(token_hash);
    if (i == 0) per_ip.erase(ip);
    return false;
  }
  ++t;
  ++i;
  return true;
}

void Streaming::Impl::release(const std::string& token_hash, const std::string& ip) {
  std::lock_guard lock(mutex);
  if (auto it = per_token.find(token_hash); it != per_token.end() && --it->second == 0) per_token.erase(it);
  if (auto it = per_ip.find(ip); it != per_ip.end() && --it->second == 0) per_ip.erase(it);
}

void Streaming::Impl::attach(const std::shared_ptr<Client>& c) {
  std::lock_guard lock(mutex);
  clients.emplace(c.get(), c);
}

void Streaming::Impl::detach(Client* c) {
  std::shared_ptr<Client> keep;  // why: destroyed outside the lock (its destructor takes it)
  std::lock_guard lock(mutex);
  auto it = clients.find(c);
  if (it == clients.end()) return;
  keep = std::move(it->second);
  clients.erase(it);
  // The dispatcher may still hold a snapshot; the last reference goes with it.
  post([keep] {});
}

std::vector<std::shared_ptr<Client>> Streaming::Impl::snapshot() const {
  std::lock_guard lock(mutex);
  std::vector<std::shared_ptr<Client>> out;
  out.reserve(clients.size());
  for (const auto& [p, c] : clients) out.push_back(c);
  return out;
}

bool Streaming::Impl::post(std::function<void()> task) {
  {
    std::lock_guard lock(task_mutex);
    if (stopping) return false;
    if (tasks.size() >= config.max_pending_events) {
      spdlog::warn("streaming: dispatcher backlog full ({} tasks): event dropped", tasks.size());
      return false;
    }
    tasks.push_back(std::move(task));
  }
  task_cv.notify_one();
  return true;
}

void Streaming::Impl::run_dispatcher() {
  auto next_check = std::chrono::steady_clock::now() + config.revalidate_every;
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(task_mutex);
      task_cv.wait_until(lock, next_check, [&] { return stopping || !tasks.empty(); });
      if (stopping) return;
      if (!tasks.empty()) {
        task = std::move(tasks.front());
        tasks.pop_front();
      }
    }
    try {
      if (task) task();
      if (std::chrono::steady_clock::now() >= next_check) {
        revalidate();
        next_check = std::chrono::steady_clock::now() + config.revalidate_every;
      }
    } catch (const std::exception& e) {
      spdlog::error("streaming: dispatcher task failed: {}", e.what());
    }
  }
}

void Streaming::Impl::stop() {
  std::deque<std::function<void()>> dropped;  // why: destroyed outside task_mutex (they may hold clients)
  {
    std::lock_guard lock(task_mutex);
    if (stopping) return;
    stopping = true;
    dropped.swap(tasks);
  }
  task_cv.notify_all();
  if (thread.joinable()) thread.join();
  for (const auto& c : snapshot())
    if (c->out) c->out->close(1001);
}

// ---------------------------------------------------------------------------------------------
// Routes

namespace {

StreamAccept reject(unsigned status, std::string_view message) {
  return StreamAccept::rejected(Response::error(status, message));
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// The token and, when it came as a WebSocket sub-protocol, the protocol to echo.
std::string stream_token(const Request& req, std::string* protocol) {
  std::string token = bearer_token(req);
  std::string_view offered = req.header("Sec-WebSocket-Protocol");
  if (!offered.empty()) {
    // why: browsers and Node fail the handshake unless an offered protocol is echoed (§6.10).
    std::string first = trim(offered.substr(0, offered.find(',')));
    *protocol = first;
    if (token.empty()) token = first;
  }
  return token;
}

streaming::SubscriptionRequest request_from_query(const Request& req, std::string stream) {
  streaming::SubscriptionRequest r;
  r.stream = std::move(stream);
  if (auto t = req.query.get("tag")) r.tag = std::string(*t);
  if (auto l = req.query.get("list")) r.list = std::string(*l);
  bool bad = false;
  r.only_media = req.param_bool("only_media", &bad).value_or(false);
  return r;
}

awaitable<util::Result<services::TokenContext>> resolve(const Env& env, const std::string& token) {
  if (token.empty()) co_return util::fail(util::ErrorCode::unauthorized, "Missing access token");
  if (auto cached = services::cached_bearer(env.deps, token)) co_return std::move(*cached);
  co_return co_await env.pool.run([&] { return services::authenticate_bearer(env.deps, token); });
}

// Authenticates, validates the first subscription (if any) and reserves a connection slot.
awaitable<StreamAccept> open_stream(std::shared_ptr<Streaming::Impl> impl, Request& req, bool sse,
                                    const std::optional<streaming::SubscriptionRequest>& first) {
  const Env& env = impl->env;
  std::string protocol;
  std::string token = stream_token(req, &protocol);
  auto ctx = co_await resolve(env, token);
  if (!ctx) co_return StreamAccept::rejected(error_response(ctx.error()));
  if (!ctx->user) co_return reject(401, "This method requires an authenticated user");
  std::optional<streaming::Subscription> sub;
  if (first) {
    std::string error;
    int status = 400;
    core::Id account = ctx->user->account.id;
    sub = co_await env.pool.run([&] { return impl->check_subscription(account, ctx->token.scopes, *first, &error, &status); });
    if (!sub) co_return reject(static_cast<unsigned>(status), error);
  }
  if (!impl->reserve(ctx->token.token_hash, req.remote_ip)) co_return reject(429, "Too many streaming connections");
  auto client = std::make_shared<Client>(impl, sse, *ctx, req.remote_ip);
  if (sub) client->subscriptions.push_back(std::move(*sub));
  StreamAccept accept;
  accept.handler = client;
  if (sse) {
    accept.preamble = ":)\n";
    accept.heartbeat = ":thump\n";
    accept.heartbeat_interval = impl->config.sse_heartbeat;
  } else {
    accept.subprotocol = protocol;
  }
  co_return accept;
}

}  // namespace

Streaming::Streaming(const Env& env, services::EventHub& hub, StreamingConfig config)
    : impl_(std::make_shared<Impl>(env, hub, config)) {
  Impl* impl = impl_.get();
  impl->thread = std::thread([impl] { impl->run_dispatcher(); });
  std::weak_ptr<Impl> weak = impl_;  // why: a publish in flight may outlive this object
  impl->hub_subscription = hub.subscribe([weak](const std::shared_ptr<const services::Event>& e) {
    if (auto i = weak.lock()) {
      Impl* raw = i.get();
      raw->post([raw, e] { raw->handle(*e); });  // runs on the dispatcher, which Impl owns
    }
  });
}

Streaming::~Streaming() {
  impl_->hub.unsubscribe(impl_->hub_subscription);
  impl_->stop();
}

std::size_t Streaming::connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->clients.size();
}

void Streaming::register_routes(http::Router& router) {
  std::shared_ptr<Impl> impl = impl_;
  router.add_stream(http::StreamKind::websocket, "/api/v1/streaming", [impl](Request& req) -> awaitable<StreamAccept> {
    std::optional<streaming::SubscriptionRequest> first;
    if (auto s = req.query.get("stream"); s && !s->empty()) first = request_from_query(req, std::string(*s));
    // why: named, not a temporary inside co_await (g++ 12 coroutine bug, ARCHITECTURE.md)
    StreamAccept accept = co_await open_stream(impl, req, false, first);
    co_return accept;
  });
  static constexpr std::pair<const char*, const char*> kSse[] = {
      {"/api/v1/streaming/user", "user"},
      {"/api/v1/streaming/user/notification", "user:notification"},
      {"/api/v1/streaming/public", "public"},
      {"/api/v1/streaming/public/local", "public:local"},
      {"/api/v1/streaming/public/remote", "public:remote"},
      {"/api/v1/streaming/hashtag", "hashtag"},
      {"/api/v1/streaming/hashtag/local", "hashtag:local"},
      {"/api/v1/streaming/list", "list"},
      {"/api/v1/streaming/direct", "direct"},
  };
  for (const auto& [path, name] : kSse) {
    std::string stream = name;
    router.add_stream(http::StreamKind::event_stream, path, [impl, stream](Request& req) -> awaitable<StreamAccept> {
      std::optional<streaming::SubscriptionRequest> first = request_from_query(req, stream);
      StreamAccept accept = co_await open_stream(impl, req, true, first);
      co_return accept;
    });
  }
  router.add(bh::verb::get, "/api/v1/streaming/health", [](Request&) -> awaitable<Response> {
    co_return Response::text("OK");
  });
}

}  // namespace parloir::api
