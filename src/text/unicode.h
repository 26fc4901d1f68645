// Small Unicode toolkit for the text module: UTF-8 decoding and the handful of character
// classes that Mastodon's regular expressions use ([[:word:]], [[:alpha:]], [[:space:]]).
// Pure functions over static tables, thread-safe, no allocation.
//
// why: we need Onigmo-like classes without ICU. The classes are approximations built from
// range tables (see unicode.cpp): every code point >= 0x80 counts as a letter unless it falls
// in a table of punctuation/symbol/space/control/emoji ranges; decimal digits and combining
// marks come from smaller tables. Real text (Latin, Cyrillic, Greek, CJK, Arabic, Indic,
// emoji) classifies as Mastodon would; obscure scripts' punctuation may count as letters.
#pragma once

#include <cstddef>
#include <string_view>

namespace parloir::text::unicode {

// One decoded code point and the number of bytes it occupies.
struct Decoded {
  char32_t cp;
  std::size_t len;
};

// The code point starting at byte `i` (i < s.size()). An invalid or truncated sequence
// decodes as U+FFFD of length 1, so scanning always advances.
Decoded decode(std::string_view s, std::size_t i);

// The code point ending just before byte `i` (0 < i <= s.size()); invalid bytes as above.
// Returns {0, 0} when i == 0.
Decoded decode_before(std::string_view s, std::size_t i);

// Appends the UTF-8 encoding of cp to out (cp must be a valid scalar value).
void append_utf8(std::string& out, char32_t cp);

// \p{White_Space} / POSIX [[:space:]] in Onigmo: \t\n\v\f\r, space, U+0085, U+00A0, U+1680,
// U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000.
bool is_space(char32_t cp);

// [[:word:]]: letters, combining marks, decimal digits and connector punctuation ('_').
bool is_word(char32_t cp);

// Decimal digits (Nd): ASCII and the common native digit blocks.
bool is_digit(char32_t cp);

// [[:alpha:]] approximation: a word character that is not a digit, not a generic combining
// mark (U+0300-036F, U+1AB0-1AFF, U+1DC0-1DFF, U+20D0-20FF, U+FE00-FE0F, U+FE20-FE2F) and
// not connector punctuation.
bool is_alpha(char32_t cp);

// \p{Alnum}: is_alpha or is_digit.
bool is_alnum(char32_t cp);

// Grapheme_Cluster_Break=Extend or SpacingMark (approximate table; includes ZWNJ, emoji
// modifiers U+1F3FB-1F3FF, tag characters and variation selectors; ZWJ is reported separately).
bool is_grapheme_extend(char32_t cp);

// Extended_Pictographic (approximate: the emoji blocks plus the BMP symbols used as emoji).
bool is_extended_pictographic(char32_t cp);

// Unicode's regional indicator symbols U+1F1E6-1F1FF (flag halves).
inline bool is_regional_indicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

// True when every code point of s is_space (also true for the empty string): Ruby's blank?.
bool is_blank(std::string_view s);

}  // namespace parloir::text::unicode
