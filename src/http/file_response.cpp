#include "http/file_response.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <memory>

namespace parloir::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A non-empty run of digits (no sign, no spaces) that fits in 64 bits.
std::optional<std::uint64_t> digits(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// If-None-Match: "*" or a list of entity tags, compared weakly (RFC 9110 §13.1.2).
bool none_match_hits(std::string_view header, std::string_view etag) {
  header = trim(header);
  if (header == "*") return true;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view tag = trim(header.substr(0, comma));
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

void add_number(std::string& out, std::uint64_t n) { out += std::to_string(n); }

}  // namespace

RangeSpec parse_range(std::string_view header, std::uint64_t size) {
  RangeSpec none;
  header = trim(header);
  auto eq = header.find('=');
  if (eq == std::string_view::npos || !iequals(trim(header.substr(0, eq)), "bytes")) return none;
  std::string_view set = trim(header.substr(eq + 1));
  if (set.empty() || set.find(',') != std::string_view::npos) return none;  // several ranges: whole file
  auto dash = set.find('-');
  if (dash == std::string_view::npos) return none;
  std::string_view a = trim(set.substr(0, dash)), b = trim(set.substr(dash + 1));
  RangeSpec out;
  if (a.empty()) {  // suffix: the last n bytes
    auto n = digits(b);
    if (!n) return none;
    if (*n == 0 || size == 0) return {RangeSpec::Kind::unsatisfiable, 0, 0};
    out.kind = RangeSpec::Kind::satisfiable;
    out.first = *n >= size ? 0 : size - *n;
    out.last = size - 1;
    return out;
  }
  auto first = digits(a);
  if (!first) return none;
  std::uint64_t last = size == 0 ? 0 : size - 1;
  if (!b.empty()) {
    auto l = digits(b);
    if (!l || *l < *first) return none;  // invalid range-spec: ignored (§14.1.1)
    if (*l < last) last = *l;
  }
  if (*first >= size) return {RangeSpec::Kind::unsatisfiable, 0, 0};
  return {RangeSpec::Kind::satisfiable, *first, last};
}

std::string file_etag(const FileFacts& facts) {
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "\"%llx-%llx\"", static_cast<unsigned long long>(facts.size),
                        static_cast<unsigned long long>(facts.modified_ms));
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string http_date_of(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

Response file_response(const Request& req, int fd, const FileFacts& facts, std::string content_type) {
  struct Closer {
    int fd;
    ~Closer() {
      if (fd >= 0) ::close(fd);
    }
  } owned{fd};
  const std::string etag = file_etag(facts);
  const std::string modified = http_date_of(facts.modified_ms / 1000);
  Response r;
  r.content_type = std::move(content_type);
  r.with_header("Accept-Ranges", "bytes").with_header("ETag", etag).with_header("Last-Modified", modified);

  // Conditional GET: the client's copy is current.
  std::string_view inm = req.header("If-None-Match");
  const bool not_modified = !inm.empty() ? none_match_hits(inm, etag) : trim(req.header("If-Modified-Since")) == modified;
  if (not_modified) {
    r.status = 304;
    return r;
  }

  RangeSpec range;
  std::string_view range_header = req.header("Range");
  if (!range_header.empty()) {
    std::string_view if_range = trim(req.header("If-Range"));
    // If-Range: the range applies only to the representation the client already holds part of
    // (a strong ETag match, or the exact Last-Modified date); otherwise the whole file.
    const bool current = if_range.empty() || if_range == etag || if_range == modified;
    if (current) range = parse_range(range_header, facts.size);
  }
  if (range.kind == RangeSpec::Kind::unsatisfiable) {
    r.status = 416;
    std::string cr = "bytes */";
    add_number(cr, facts.size);
    r.with_header("Content-Range", std::move(cr));
    r.content_type.clear();
    return r;
  }
  std::uint64_t offset = 0, length = facts.size;
  if (range.kind == RangeSpec::Kind::satisfiable) {
    r.status = 206;
    offset = range.first;
    length = range.last - range.first + 1;
    std::string cr = "bytes ";
    add_number(cr, range.first);
    cr += '-';
    add_number(cr, range.last);
    cr += '/';
    add_number(cr, facts.size);
    r.with_header("Content-Range", std::move(cr));
  }
  r.file = std::make_shared<const FileBody>(owned.fd, offset, length);
  owned.fd = -1;
  return r;
}

}  // namespace parloir::http
