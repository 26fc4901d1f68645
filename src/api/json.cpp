#include "api/json.h"

#include <array>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace parloir::api {

namespace {

// Bytes that may be copied as they are: printable ASCII except '"' and '\'. A table: one load
// per byte on the short strings (keys, ids, dates) and the tails the 16-byte scan leaves.
constexpr auto kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return t;
}();
constexpr bool plain(unsigned char c) { return kPlain[c]; }

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

// The first byte at or after p that is not plain (or end). why: 16 bytes per step with SSE2 (the
// x86-64 baseline): a status's HTML content breaks a plain run at every '"' of its attributes,
// and scanning byte by byte was ~18% of the instructions of a cold account-statuses page.
const unsigned char* skip_plain(const unsigned char* p, const unsigned char* end) {
#ifdef __SSE2__
  const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // A signed compare: bytes ≥ 0x80 are negative, so `< 0x20` finds them with the controls.
    const __m128i special =
        _mm_or_si128(_mm_cmplt_epi8(v, space), _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (const int mask = _mm_movemask_epi8(special)) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && plain(*p)) ++p;
  return p;
}

}  // namespace

void append_json_string(rapidjson::StringBuffer& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  const auto* special = skip_plain(p, end);
  if (special == end) {  // the common case (keys, ids, dates, URLs): one copy
    char* o = out.Push(s.size() + 2);
    o[0] = '"';
    if (!s.empty()) std::memcpy(o + 1, s.data(), s.size());
    o[s.size() + 1] = '"';
    return;
  }
  out.Reserve(s.size() + 2);
  out.Put('"');
  while (p < end) {
    const auto* run = p;
    p = special ? special : skip_plain(p, end);
    special = nullptr;
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
