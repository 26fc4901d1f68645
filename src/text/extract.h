// Entity extraction from plain status text: http(s) URLs, @mentions and #hashtags, found the
// way Mastodon finds them (twitter-text's URL rules as patched by Mastodon's
// config/initializers/twitter_regex.rb, Account::MENTION_RE, Tag::HASHTAG_RE, then
// Extractor.remove_overlapping_entities). Hand-written scanners: linear time in the input,
// no recursion, no std::regex. Pure functions, thread-safe.
//
// Offsets are byte offsets into the UTF-8 input. Invalid UTF-8 bytes are treated as U+FFFD
// (a letter) and never crash the scanner; services validate UTF-8 before this point anyway.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parloir::text {

enum class EntityKind { url, mention, hashtag };

struct Entity {
  EntityKind kind = EntityKind::url;
  std::size_t begin = 0;  // byte offset of the first byte ('h', '@' or '#')
  std::size_t end = 0;    // byte offset one past the last byte
  std::string text;       // the exact source text [begin, end)
  // Mentions: the local part ("alice") and the domain as typed ("remote.example"), empty when
  // the mention has no domain part. Whether a typed domain is the local one is decided by the
  // renderer (RenderContext::local_domain), not here.
  std::string username;
  std::string domain;
  // Hashtags: the name as typed, without '#' ("Parloir", "日本語").
  std::string name;
};

// URLs only, in order. Rules (Mastodon/twitter-text):
// - scheme http:// or https:// (any case), not preceded by an ASCII letter/digit, '@', '$',
//   '#', U+FF20 or U+FF03;
// - host: dot-separated labels of letters/digits (any non-ASCII letter, i.e. IDN), '-' and
//   '_' inside labels, ending in a TLD: an ASCII-alphabetic label of 2+ letters, a punycode
//   label (xn--...) or an all-non-ASCII label; the longest such host wins; a TLD followed by
//   '@' or '+' is rejected;
// - optional :port, /path and ?query; the path stops at whitespace, '<', '>', '?' and
//   unbalanced parentheses, keeps balanced "(...)" (one nesting level), and gives back trailing
//   characters from !*"'<>;:=,.$%[]~&|@ and the ideographic corner brackets; the query gives
//   back everything after its last [a-z0-9_&=#/-] or non-ASCII character;
// - URLs longer than 4096 code points are dropped (twitter-text MAX_URL_LENGTH).
std::vector<Entity> extract_urls(std::string_view text);

// Mentions only, in order: Account::MENTION_RE
//   (?<![=/[:word:]])@(([a-z0-9_]+([.-]+[a-z0-9_]+)*)(?:@[[:word:]]+([.-]+[[:word:]]+)*)?)
// (case-insensitive) followed by twitter-text's end check: a match followed by '@', U+FF20,
// a Latin accented letter or "://" is discarded.
std::vector<Entity> extract_mentions(std::string_view text);

// Hashtags only, in order: Tag::HASHTAG_RE. '#' not preceded by a letter, digit, '=', '/' or
// ')'; the name is word characters with the separators '_', U+00B7, U+30FB and ZWNJ inside,
// and must contain a letter (or an inner separator: "#1_2" is a tag, "#123" is not). A name
// directly followed by "://" loses a trailing "http"/"https" ("#foohttps://x" -> "foo").
std::vector<Entity> extract_hashtags(std::string_view text);

// All three kinds, sorted by begin, with overlaps removed: an entity starting inside an
// earlier one is dropped (so "https://x.example/@a#b" is one URL).
std::vector<Entity> extract_entities(std::string_view text);

// URLs and mentions only, overlap-removed: the set StatusLengthValidator counts with.
std::vector<Entity> extract_urls_and_mentions(std::string_view text);

}  // namespace parloir::text
