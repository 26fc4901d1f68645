// Status length as Mastodon's StatusLengthValidator counts it, so that our max_characters
// check accepts and rejects exactly what a Mastodon server would. Pure, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace parloir::text {

// Number of extended grapheme clusters in UTF-8 text (Ruby's each_grapheme_cluster.size).
// why: Mastodon counts user-perceived characters, so "👩‍👩‍👧" or "e\u0301" count as 1.
// Approximation of UAX #29 built from range tables (unicode.h): CR LF; controls break;
// Extend/SpacingMark/ZWJ attach (combining marks U+0300-036F, U+1AB0-1AFF, U+1DC0-1DFF,
// U+20D0-20FF, U+FE20-FE2F, variation selectors, Indic vowel signs, emoji modifiers
// U+1F3FB-1F3FF, tag characters); Hangul L/V/T syllable sequences; emoji ZWJ sequences
// (pictographic Extend* ZWJ pictographic); regional indicators pair into flags. No Prepend
// and no Indic conjunct (GB9c) rule.
std::size_t grapheme_count(std::string_view text);

// The length StatusLengthValidator compares with max_characters: graphemes of
// spoiler_text + countable(text), where countable(text) is "" for blank text and otherwise the
// text with every URL replaced by 23 characters and every mention "@user@domain" by "@user"
// (URLs and mentions found as extract_urls_and_mentions finds them; hashtags count as typed).
std::size_t status_length(std::string_view text, std::string_view spoiler_text = {});

}  // namespace parloir::text
