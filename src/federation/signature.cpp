#include "federation/signature.h"

#include <ctime>

#include "crypto/random.h"
#include "crypto/rsa.h"
#include "util/strings.h"

namespace parloir::federation {

namespace {

const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::optional<SignatureHeader> parse_signature_header(std::string_view v) {
  SignatureHeader out;
  bool has_headers = false;
  std::size_t i = 0;
  while (i < v.size()) {
    while (i < v.size() && (v[i] == ' ' || v[i] == ',')) ++i;
    if (i >= v.size()) break;
    std::size_t eq = v.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string name = util::to_lower(util::trim(v.substr(i, eq - i)));
    i = eq + 1;
    std::string value;
    if (i < v.size() && v[i] == '"') {
      std::size_t close = v.find('"', i + 1);
      if (close == std::string_view::npos) return std::nullopt;
      value = std::string(v.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      std::size_t comma = v.find(',', i);
      value = std::string(util::trim(v.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i)));
      i = comma == std::string_view::npos ? v.size() : comma;
    }
    if (name == "keyid") out.key_id = value;
    else if (name == "algorithm") out.algorithm = util::to_lower(value);
    else if (name == "signature") out.signature = value;
    else if (name == "headers") {
      has_headers = true;
      out.headers = util::split_whitespace(util::to_lower(value));
    }
  }
  if (out.key_id.empty() || out.signature.empty()) return std::nullopt;
  if (!has_headers) out.headers = {"date"};
  return out;
}

std::optional<std::string> signing_string(const std::vector<std::string>& headers, std::string_view method,
                                          std::string_view target,
                                          const std::function<std::string(std::string_view)>& header_value) {
  std::string out;
  for (const auto& h : headers) {
    if (!out.empty()) out += '\n';
    if (h == "(request-target)") {
      out += "(request-target): " + util::to_lower(method) + " " + std::string(target);
      continue;
    }
    std::string value = header_value(h);
    if (value.empty()) return std::nullopt;
    out += h + ": " + value;
  }
  return out;
}

std::string digest_header(std::string_view body) { return "SHA-256=" + crypto::base64(crypto::sha256(body)); }

bool digest_matches(std::string_view header, std::string_view body) {
  for (const auto& part : util::split(header, ',')) {
    std::string_view p = util::trim(part);
    std::size_t eq = p.find('=');
    if (eq == std::string_view::npos) continue;
    if (util::to_lower(p.substr(0, eq)) != "sha-256") continue;
    auto raw = util::base64_decode(p.substr(eq + 1));
    if (!raw || raw->size() != 32) return false;
    return crypto::constant_time_equal(*raw, crypto::sha256(body));
  }
  return false;
}

std::string http_date(std::int64_t unix_ms) {
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") return std::nullopt;
  auto num = [&](std::size_t pos, std::size_t len) -> int {
    int n = 0;
    for (std::size_t k = pos; k < pos + len; ++k) {
      if (text[k] < '0' || text[k] > '9') return -1;
      n = n * 10 + (text[k] - '0');
    }
    return n;
  };
  std::tm tm{};
  tm.tm_mday = num(5, 2);
  int month = -1;
  for (int m = 0; m < 12; ++m)
    if (text.substr(8, 3) == kMonths[m]) month = m;
  tm.tm_mon = month;
  tm.tm_year = num(12, 4) - 1900;
  tm.tm_hour = num(17, 2);
  tm.tm_min = num(20, 2);
  tm.tm_sec = num(23, 2);
  if (month < 0 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_year < 70 || tm.tm_hour < 0 || tm.tm_hour > 23 ||
      tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 60 || text[16] != ' ' || text[19] != ':' ||
      text[22] != ':' || text[7] != ' ' || text[11] != ' ')
    return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

util::Result<SignedPost> sign_post(std::string_view host, std::string_view path, std::string_view body,
                                   const std::string& key_id, const std::string& private_pem, std::int64_t now_ms) {
  SignedPost out;
  out.host = std::string(host);
  out.date = http_date(now_ms);
  out.digest = digest_header(body);
  std::string to_sign = "(request-target): post " + std::string(path) + "\nhost: " + out.host + "\ndate: " + out.date +
                        "\ndigest: " + out.digest;
  auto sig = crypto::rsa_sha256_sign(private_pem, to_sign);
  if (!sig) return util::fail(sig.error());
  out.signature = "keyId=\"" + key_id + "\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\"," +
                  "signature=\"" + *sig + "\"";
  return out;
}

util::Result<SignedGet> sign_get(std::string_view host, std::string_view path, const std::string& key_id,
                                 const std::string& private_pem, std::int64_t now_ms) {
  SignedGet out;
  out.host = std::string(host);
  out.date = http_date(now_ms);
  std::string to_sign = "(request-target): get " + std::string(path) + "\nhost: " + out.host + "\ndate: " + out.date;
  auto sig = crypto::rsa_sha256_sign(private_pem, to_sign);
  if (!sig) return util::fail(sig.error());
  out.signature = "keyId=\"" + key_id + "\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\"," +
                  "signature=\"" + *sig + "\"";
  return out;
}

}  // namespace parloir::federation
