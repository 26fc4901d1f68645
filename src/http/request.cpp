#include "http/request.h"

#include <unistd.h>

#include <boost/beast/http/field.hpp>

namespace parloir::http {

std::string_view Request::header(std::string_view name) const {
  auto it = raw.find(boost::beast::string_view(name.data(), name.size()));
  if (it == raw.end()) return {};
  auto v = it->value();
  return {v.data(), v.size()};
}

std::string_view Request::path_param(std::string_view name) const {
  for (const auto& [k, v] : path_params)
    if (k == name) return v;
  return {};
}

std::optional<std::string_view> Request::param(std::string_view key) const {
  if (auto v = body.get(key)) return v;
  return query.get(key);
}

std::vector<std::string_view> Request::param_all(std::string_view key) const {
  auto v = body.get_all(key);
  if (!v.empty()) return v;
  return query.get_all(key);
}

std::optional<bool> Request::param_bool(std::string_view key, bool* invalid) const {
  if (body.has(key)) return body.get_bool(key, invalid);
  return query.get_bool(key, invalid);
}

void append_json_escaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
}

FileBody::~FileBody() {
  if (fd >= 0) ::close(fd);
}

Response Response::json(std::string body, unsigned status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::error(unsigned status, std::string_view message) {
  Response r;
  r.status = status;
  r.body.reserve(message.size() + 12);
  r.body = "{\"error\":\"";
  append_json_escaped(r.body, message);
  r.body += "\"}";
  return r;
}

Response Response::oauth_error(unsigned status, std::string_view error, std::string_view description) {
  Response r;
  r.status = status;
  r.body = "{\"error\":\"";
  append_json_escaped(r.body, error);
  r.body += "\",\"error_description\":\"";
  append_json_escaped(r.body, description);
  r.body += "\"}";
  return r;
}

Response Response::text(std::string body, unsigned status) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::html(std::string body, unsigned status) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::redirect(std::string location, unsigned status) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

}  // namespace parloir::http
