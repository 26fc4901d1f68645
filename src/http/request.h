// Request and Response: what a route handler receives and returns. Independent of Mastodon.
// A Request is owned by the connection's session and stays alive until the handler's
// coroutine completes, so handlers may take it by reference.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

#include "http/params.h"

namespace parloir::http {

namespace beast_http = boost::beast::http;

struct Request {
  beast_http::request<beast_http::string_body> raw;  // method, target, headers, raw body
                                                    // (emptied once a multipart body is decoded)
  std::string path;                                 // percent-decoded path, no query
  std::string query_string;                         // raw text after '?', may be empty
  Params query;                                     // from the query string
  Params body;                                      // from a JSON, form or multipart body
  std::vector<UploadedFile> files;                  // multipart file parts
  std::vector<std::pair<std::string, std::string>> path_params;  // ":id" -> value
  std::string remote_ip;                            // peer address (no proxy headers trusted)

  beast_http::verb method() const { return raw.method(); }
  // Header value or "" when absent (case-insensitive name).
  std::string_view header(std::string_view name) const;
  // A path parameter by name ("id"), or "" when absent.
  std::string_view path_param(std::string_view name) const;
  // Body first, then query: Mastodon handlers read both the same way.
  std::optional<std::string_view> param(std::string_view key) const;
  std::vector<std::string_view> param_all(std::string_view key) const;
  std::optional<bool> param_bool(std::string_view key, bool* invalid = nullptr) const;
};

// Appends `s` to `out` as the inside of a JSON string (quotes, backslashes and control
// characters escaped; other bytes copied as they are).
void append_json_escaped(std::string& out, std::string_view s);

// A response body streamed from an open file (http/file_response.h): `length` bytes from
// `offset`, written by the session with sendfile(2) instead of `Response::body`. Owns `fd`.
struct FileBody {
  int fd = -1;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  FileBody(int f, std::uint64_t off, std::uint64_t len) : fd(f), offset(off), length(len) {}
  ~FileBody();
  FileBody(const FileBody&) = delete;
  FileBody& operator=(const FileBody&) = delete;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Link, Location...)
  std::shared_ptr<const FileBody> file;  // when set, the body (and Content-Length) instead of `body`

  static Response json(std::string body, unsigned status = 200);
  // {"error": message} with the given status, JSON-escaped.
  static Response error(unsigned status, std::string_view message);
  // {"error": error, "error_description": description} (OAuth errors).
  static Response oauth_error(unsigned status, std::string_view error, std::string_view description);
  static Response text(std::string body, unsigned status = 200);
  static Response html(std::string body, unsigned status = 200);
  // Empty body with a Location header.
  static Response redirect(std::string location, unsigned status = 302);
  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace parloir::http
