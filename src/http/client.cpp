#include "http/client.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <memory>
#include <mutex>

namespace parloir::http {

namespace {

struct Transfer {
  const ClientOptions* options = nullptr;
  std::size_t max_body = 0;
  std::string body;
  bool too_large = false;
  bool refused_address = false;
};

std::size_t on_data(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t len = size * n;
  if (t->body.size() + len > t->max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  t->body.append(data, len);
  return len;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return t->options->cancel != nullptr && t->options->cancel->load() ? 1 : 0;  // non-zero aborts
}

curl_socket_t open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN || !t->options->policy.permits(&address->addr)) {
    t->refused_address = true;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

struct HandleDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

// One easy handle per thread: curl keeps its connection cache in the handle, so deliveries to
// the same inbox reuse a keep-alive connection (already checked by the policy when opened).
CURL* thread_handle() {
  static std::once_flag global;
  std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  thread_local std::unique_ptr<CURL, HandleDeleter> handle(curl_easy_init());
  return handle.get();
}

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

HttpClient::HttpClient(ClientOptions options) : options_(std::move(options)) {}

util::Result<ClientResponse> HttpClient::send(const ClientRequest& req) const {
  using util::ErrorCode;
  bool https = req.url.rfind("https://", 0) == 0;
  bool http = req.url.rfind("http://", 0) == 0;
  if (!https && !(http && options_.allow_http))
    return util::fail(ErrorCode::forbidden, "Only https URLs may be fetched", req.url);
  CURL* c = thread_handle();
  if (c == nullptr) return util::fail(ErrorCode::internal, "HTTP client unavailable");
  curl_easy_reset(c);
  Transfer t;
  t.options = &options_;
  t.max_body = req.max_body > 0 ? req.max_body : options_.max_body;
  const char* protocols = options_.allow_http ? "http,https" : "https";
  curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // never an environment proxy: the policy judges the peer
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(t.max_body));
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // decompress; the cap applies to what we keep
  curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
  if (options_.cancel != nullptr) {
    if (options_.cancel->load()) return util::fail(ErrorCode::unavailable, "Shutting down", req.url);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  }
  bool follow = req.follow_redirects && req.method == "GET";
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, follow ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
  if (req.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  } else if (req.method != "GET") {
    return util::fail(ErrorCode::bad_request, "Unsupported method", req.method);
  }
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  curl_slist* list = nullptr;
  for (const auto& [k, v] : req.headers) list = curl_slist_append(list, (k + ": " + v).c_str());
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip on POST
  headers.reset(list);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);

  CURLcode rc = curl_easy_perform(c);
  if (t.refused_address) return util::fail(ErrorCode::forbidden, "Requests to private network addresses are disallowed", req.url);
  if (t.too_large || rc == CURLE_FILESIZE_EXCEEDED) return util::fail(ErrorCode::payload_too_large, "Response too large", req.url);
  if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL)
    return util::fail(ErrorCode::bad_request, "Invalid URL", req.url + ": " + curl_easy_strerror(rc));
  if (rc != CURLE_OK) return util::fail(ErrorCode::unavailable, "Remote server unavailable", req.url + ": " + curl_easy_strerror(rc));
  ClientResponse out;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  char* ct = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct != nullptr) out.content_type = ct;
  char* effective = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective != nullptr) out.final_url = effective;
  if (follow && out.status >= 300 && out.status < 400)
    return util::fail(ErrorCode::unavailable, "Too many redirects", req.url);
  out.body = std::move(t.body);
  return out;
}

}  // namespace parloir::http
