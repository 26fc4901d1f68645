// AddressPolicy: which IP addresses an outbound request may connect to (the SSRF guard).
// Refused by default: private, loopback, link-local, shared (CGNAT), multicast, reserved and
// documentation ranges of IPv4; for IPv6 everything outside global unicast 2000::/3 plus the
// reserved blocks inside it (Teredo, 6to4, ORCHIDv2, documentation, 3fff::/20). IPv4-mapped
// (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) IPv6 addresses are judged as the IPv4
// address they carry; NAT64 (64:ff9b::/96, 64:ff9b:1::/48) is refused. Addresses inside an
// operator-listed CIDR (`federation.allow_private_addresses`, e.g. "127.0.0.0/8" for tests on
// loopback) are permitted. Immutable after construction; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

struct sockaddr;

namespace parloir::http {

// An IP address as 16 bytes; IPv4 is stored IPv4-mapped (::ffff:a.b.c.d).
using IpBytes = std::array<std::uint8_t, 16>;

// Parses "127.0.0.1", "::1", "::ffff:10.0.0.1", "[::1]"; nullopt when not an IP literal.
std::optional<IpBytes> parse_ip(std::string_view text);

struct Cidr {
  IpBytes base{};
  int prefix = 0;  // over the 128-bit form (an IPv4 /8 is stored as /104)
  bool contains(const IpBytes& ip) const;
};
// "10.0.0.0/8", "fd00::/8", or a bare address (a /32 or /128). Errors: bad_request.
util::Result<Cidr> parse_cidr(std::string_view text);

class AddressPolicy {
 public:
  AddressPolicy() = default;
  explicit AddressPolicy(std::vector<Cidr> allowed) : allowed_(std::move(allowed)) {}
  // Parses the allow list; errors name the bad entry.
  static util::Result<AddressPolicy> from_strings(const std::vector<std::string>& cidrs);

  // True when a connection to `ip` is allowed.
  bool permits(const IpBytes& ip) const;
  // Same for a socket address (AF_INET / AF_INET6); false for any other family.
  bool permits(const sockaddr* address) const;

  // True when `ip` is in a range refused by default (ignores the allow list).
  static bool is_non_public(const IpBytes& ip);

 private:
  std::vector<Cidr> allowed_;
};

}  // namespace parloir::http
