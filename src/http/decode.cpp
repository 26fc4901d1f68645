#include "http/decode.h"

#include <boost/beast/http/field.hpp>

#include "util/strings.h"

namespace parloir::http::detail {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Case-insensitive compare of the media type (before any ';') with `want` (lower case).
bool media_type_is(std::string_view content_type, std::string_view want) {
  std::size_t semi = content_type.find(';');
  std::string_view mt = util::trim(content_type.substr(0, semi));
  if (mt.size() != want.size()) return false;
  for (std::size_t i = 0; i < mt.size(); ++i) {
    char c = mt[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != want[i]) return false;
  }
  return true;
}

bool is_blank(std::string_view s) { return util::trim(s).empty(); }

}  // namespace

bool decode_target(std::string_view target, std::string& path, std::string& query_string) {
  if (target.empty()) return false;
  if (target.front() != '/') {
    // absolute-form (RFC 7230 §5.3.2): scheme://authority/path
    std::size_t scheme_end = target.find("://");
    if (scheme_end == std::string_view::npos) return false;
    std::size_t slash = target.find('/', scheme_end + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  std::size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (q != std::string_view::npos) {
    query_string.assign(target.substr(q + 1));
  } else {
    query_string.clear();
  }
  std::size_t pct = raw_path.find('%');
  if (pct == std::string_view::npos) {
    path.assign(raw_path);
    return true;
  }
  path.clear();
  path.reserve(raw_path.size());
  path.append(raw_path.substr(0, pct));
  for (std::size_t i = pct; i < raw_path.size(); ++i) {
    char c = raw_path[i];
    if (c != '%') {
      path.push_back(c);
      continue;
    }
    if (i + 2 >= raw_path.size()) return false;
    int hi = hex_value(raw_path[i + 1]);
    int lo = hex_value(raw_path[i + 2]);
    if (hi < 0 || lo < 0) return false;
    char decoded = static_cast<char>(hi * 16 + lo);
    if (decoded == '\0') return false;
    path.push_back(decoded);
    i += 2;
  }
  return true;
}

std::optional<std::string_view> decode_body(Request& req) {
  std::string_view ct = req.header("Content-Type");
  std::string& raw = req.raw.body();
  if (ct.empty()) return std::nullopt;
  if (media_type_is(ct, "application/json")) {
    if (is_blank(raw)) return std::nullopt;
    if (!parse_json_params(raw, req.body)) return "Malformed JSON body";
  } else if (media_type_is(ct, "application/x-www-form-urlencoded")) {
    req.body = parse_urlencoded(raw);
  } else if (media_type_is(ct, "multipart/form-data")) {
    auto boundary = content_type_param(ct, "boundary");
    if (!boundary || boundary->empty()) return "Missing multipart boundary";
    if (!parse_multipart(raw, *boundary, req.body, req.files)) return "Malformed multipart body";
    std::string().swap(raw);  // why: the parts now hold copies; an upload should not count twice
  }
  return std::nullopt;
}

}  // namespace parloir::http::detail
