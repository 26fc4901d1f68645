#include "api/json.h"

#include <cstring>

namespace parloir::api {

namespace {

// Bytes that may be copied as they are: printable ASCII except '"' and '\'.
constexpr bool plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

// Length of the valid UTF-8 sequence starting at p (a byte ≥ 0x80), or 0 when it is invalid
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) {
  auto cont = [&](std::size_t i) { return p + i < end && (p[i] & 0xC0) == 0x80; };
  unsigned char c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;  // overlong
    if (c == 0xED && p[1] >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;  // overlong
    if (c == 0xF4 && p[1] >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

void append_json_string(rapidjson::StringBuffer& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  out.Reserve(s.size() + 2);
  out.Put('"');
  while (p < end) {
    const auto* run = p;
    while (p < end && plain(*p)) ++p;
    if (p > run) std::memcpy(out.Push(static_cast<std::size_t>(p - run)), run, static_cast<std::size_t>(p - run));
    if (p == end) break;
    unsigned char c = *p;
    if (c >= 0x80) {
      if (std::size_t n = utf8_sequence(p, end)) {
        std::memcpy(out.Push(n), p, n);
        p += n;
      } else {
        std::memcpy(out.Push(6), "\\ufffd", 6);  // an invalid byte: U+FFFD, never raw
        ++p;
      }
      continue;
    }
    char* e = out.Push(2);
    e[0] = '\\';
    switch (c) {
      case '"': e[1] = '"'; break;
      case '\\': e[1] = '\\'; break;
      case '\b': e[1] = 'b'; break;
      case '\f': e[1] = 'f'; break;
      case '\n': e[1] = 'n'; break;
      case '\r': e[1] = 'r'; break;
      case '\t': e[1] = 't'; break;
      default: {
        e[1] = 'u';
        char* h = out.Push(4);
        h[0] = '0';
        h[1] = '0';
        h[2] = kHex[c >> 4];
        h[3] = kHex[c & 0xF];
      }
    }
    ++p;
  }
  out.Put('"');
}

}  // namespace parloir::api
