// String helpers shared by every module: case folding, splitting, percent-encoding, HTML escaping.
// Pure functions, thread-safe.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parloir::util {

std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);
// Splits on `sep`; empty pieces are dropped when skip_empty is true.
std::vector<std::string> split(std::string_view s, char sep, bool skip_empty = true);
// Splits on any ASCII whitespace, dropping empty pieces ("read  write\nfollow" -> 3 items).
std::vector<std::string> split_whitespace(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// The pieces one after the other, in one allocation (`a + b + c` makes a temporary per `+`).
std::string concat(std::initializer_list<std::string_view> pieces);

// application/x-www-form-urlencoded decoding ('+' is a space); invalid escapes are kept literally.
std::string url_decode(std::string_view s, bool plus_is_space = true);
// Percent-encodes everything except RFC 3986 unreserved characters.
std::string url_encode(std::string_view s);

// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view s);

// Lower-case hexadecimal of arbitrary bytes.
std::string to_hex(std::string_view bytes);

// Decodes standard base64 (RFC 4648 §4; padding optional, no whitespace); nullopt when malformed.
std::optional<std::string> base64_decode(std::string_view text);

// True when s is non-empty and every byte is an ASCII digit.
bool is_digits(std::string_view s);

// Parses a Rails-style boolean ("1", "true", "True", "on" -> true; "0", "false", "False", "off", "" -> false).
// Returns nullopt-like -1 when unrecognised; callers map -1 to a 422.
int parse_bool(std::string_view s);

// Valid UTF-8 (no overlongs, no surrogates)?
bool is_valid_utf8(std::string_view s);

// Number of Unicode code points in valid UTF-8 text.
std::size_t utf8_length(std::string_view s);

}  // namespace parloir::util
