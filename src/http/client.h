// HttpClient: the one way Parloir makes outbound HTTP requests (federation deliveries, actor
// and WebFinger fetches). libcurl underneath, with the SSRF guard applied at connect time: every
// address curl is about to connect to — for every redirect hop and after every DNS answer, so
// DNS rebinding is covered — must pass the AddressPolicy, or the request fails with forbidden.
// Only http(s) (plain http only when allowed), at most `max_redirects` hops (GET only), connect
// timeout and a total deadline, responses capped at `max_body` bytes after decompression.
// Knows nothing of ActivityPub. Thread-safe: send() may run on many threads at once (each
// thread keeps its own curl handle so keep-alive connections are reused). Blocking.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "http/address_policy.h"
#include "util/result.h"

namespace parloir::http {

struct ClientOptions {
  AddressPolicy policy;
  bool allow_http = false;  // plain http:// peers (tests on loopback)
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};
  std::size_t max_body = 1024 * 1024;
  int max_redirects = 3;
  std::string user_agent = "Parloir";
  // When set and true, transfers in progress abort (within ~1 s) with unavailable: lets a
  // shutdown end without waiting for slow peers. Must outlive the client.
  const std::atomic<bool>* cancel = nullptr;
};

struct ClientRequest {
  std::string method = "GET";  // GET | POST
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool follow_redirects = false;  // GET only; each hop is re-checked by the policy
  std::size_t max_body = 0;       // response cap for this request; 0 = ClientOptions::max_body
};

struct ClientResponse {
  long status = 0;
  std::string body;
  std::string content_type;  // as sent, or ""
  std::string final_url;     // after redirects: the identity of what was fetched
};

class HttpClient {
 public:
  explicit HttpClient(ClientOptions options);
  // Sends the request and returns any HTTP response (callers judge the status). Errors:
  // forbidden ("Requests to private network addresses are disallowed", or a scheme not allowed),
  // bad_request (malformed URL), payload_too_large (body over max_body), unavailable (DNS,
  // connect, TLS, timeout, too many redirects).
  util::Result<ClientResponse> send(const ClientRequest& request) const;
  const ClientOptions& options() const { return options_; }

 private:
  ClientOptions options_;
};

}  // namespace parloir::http
