#include "http/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace parloir::http {

namespace {

IpBytes mapped(const std::uint8_t v4[4]) {
  IpBytes b{};
  b[10] = 0xff;
  b[11] = 0xff;
  std::memcpy(b.data() + 12, v4, 4);
  return b;
}

bool starts_with_zero(const IpBytes& ip, int n) {
  for (int i = 0; i < n; ++i)
    if (ip[static_cast<std::size_t>(i)] != 0) return false;
  return true;
}

bool is_v4_mapped(const IpBytes& ip) { return starts_with_zero(ip, 10) && ip[10] == 0xff && ip[11] == 0xff; }

// ::a.b.c.d (deprecated IPv4-compatible), excluding :: and ::1.
bool is_v4_compatible(const IpBytes& ip) {
  if (!starts_with_zero(ip, 12)) return false;
  return !(ip[12] == 0 && ip[13] == 0 && ip[14] == 0 && ip[15] <= 1);
}

Cidr v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, int prefix) {
  const std::uint8_t raw[4] = {a, b, c, d};
  return Cidr{mapped(raw), 96 + prefix};
}

Cidr v6(std::initializer_list<std::uint16_t> groups, int prefix) {
  Cidr c;
  std::size_t i = 0;
  for (std::uint16_t g : groups) {
    c.base[i++] = static_cast<std::uint8_t>(g >> 8);
    c.base[i++] = static_cast<std::uint8_t>(g & 0xff);
  }
  c.prefix = prefix;
  return c;
}

const std::vector<Cidr>& blocked_v4() {
  static const std::vector<Cidr> r = {
      v4(0, 0, 0, 0, 8),      v4(10, 0, 0, 0, 8),     v4(100, 64, 0, 0, 10),  v4(127, 0, 0, 0, 8),
      v4(169, 254, 0, 0, 16), v4(172, 16, 0, 0, 12),  v4(192, 0, 0, 0, 24),   v4(192, 0, 2, 0, 24),
      v4(192, 88, 99, 0, 24), v4(192, 168, 0, 0, 16), v4(198, 18, 0, 0, 15),  v4(198, 51, 100, 0, 24),
      v4(203, 0, 113, 0, 24), v4(224, 0, 0, 0, 4),    v4(240, 0, 0, 0, 4),
  };
  return r;
}

// Reserved blocks inside 2000::/3.
const std::vector<Cidr>& blocked_v6_global() {
  static const std::vector<Cidr> r = {
      v6({0x2001}, 32),          // Teredo (carries an arbitrary IPv4 address)
      v6({0x2001, 0x0010}, 28),  // ORCHID
      v6({0x2001, 0x0020}, 28),  // ORCHIDv2
      v6({0x2001, 0x0db8}, 32),  // documentation
      v6({0x2002}, 16),          // 6to4 (carries an IPv4 address)
      v6({0x3fff}, 20),          // documentation (RFC 9637)
  };
  return r;
}

}  // namespace

std::optional<IpBytes> parse_ip(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 63) return std::nullopt;
  std::string s(text);
  std::uint8_t buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return mapped(buf);
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    IpBytes b;
    std::memcpy(b.data(), buf, 16);
    return b;
  }
  return std::nullopt;
}

bool Cidr::contains(const IpBytes& ip) const {
  int full = prefix / 8, rest = prefix % 8;
  for (int i = 0; i < full; ++i)
    if (ip[static_cast<std::size_t>(i)] != base[static_cast<std::size_t>(i)]) return false;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (ip[static_cast<std::size_t>(full)] & mask) == (base[static_cast<std::size_t>(full)] & mask);
}

util::Result<Cidr> parse_cidr(std::string_view text) {
  auto slash = text.find('/');
  auto ip = parse_ip(text.substr(0, slash));
  if (!ip) return util::fail(util::ErrorCode::bad_request, "not an IP address or CIDR: " + std::string(text));
  bool is_v4 = is_v4_mapped(*ip) && text.substr(0, slash).find(':') == std::string_view::npos;
  int max = is_v4 ? 32 : 128;
  int prefix = max;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    if (p.empty() || p.size() > 3) return util::fail(util::ErrorCode::bad_request, "bad CIDR prefix: " + std::string(text));
    prefix = 0;
    for (char c : p) {
      if (c < '0' || c > '9') return util::fail(util::ErrorCode::bad_request, "bad CIDR prefix: " + std::string(text));
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > max) return util::fail(util::ErrorCode::bad_request, "bad CIDR prefix: " + std::string(text));
  }
  return Cidr{*ip, is_v4 ? 96 + prefix : prefix};
}

util::Result<AddressPolicy> AddressPolicy::from_strings(const std::vector<std::string>& cidrs) {
  std::vector<Cidr> out;
  for (const auto& c : cidrs) {
    auto parsed = parse_cidr(c);
    if (!parsed) return util::fail(parsed.error());
    out.push_back(*parsed);
  }
  return AddressPolicy(std::move(out));
}

bool AddressPolicy::is_non_public(const IpBytes& raw) {
  IpBytes ip = raw;
  if (is_v4_compatible(ip)) {  // judged as the IPv4 address it carries
    ip[10] = 0xff;
    ip[11] = 0xff;
  }
  if (is_v4_mapped(ip)) {
    for (const auto& c : blocked_v4())
      if (c.contains(ip)) return true;
    return false;
  }
  if ((ip[0] & 0xe0) != 0x20) return true;  // outside 2000::/3: ::, ::1, fc00::/7, fe80::/10, ff00::/8, 64:ff9b::/96…
  for (const auto& c : blocked_v6_global())
    if (c.contains(ip)) return true;
  return false;
}

bool AddressPolicy::permits(const IpBytes& raw) const {
  IpBytes ip = raw;
  if (is_v4_compatible(ip)) {
    ip[10] = 0xff;
    ip[11] = 0xff;
  }
  if (!is_non_public(ip)) return true;
  for (const auto& c : allowed_)
    if (c.contains(ip)) return true;
  return false;
}

bool AddressPolicy::permits(const sockaddr* address) const {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, address, sizeof in);
    std::uint8_t raw[4];
    std::memcpy(raw, &in.sin_addr, 4);
    return permits(mapped(raw));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, address, sizeof in6);
    IpBytes b;
    std::memcpy(b.data(), &in6.sin6_addr, 16);
    return permits(b);
  }
  return false;
}

}  // namespace parloir::http
