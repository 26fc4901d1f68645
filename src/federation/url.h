// Absolute http(s) URLs as federation uses them: the authority (host[:port], lower-case) is the
// identity compared in every origin check ("object host equals actor host"). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parloir::federation {

struct Url {
  std::string scheme;     // "http" | "https"
  std::string authority;  // host[:port], lower-case, default port removed
  std::string host;       // without port
  std::string path;       // from the first '/', with query, without fragment; "/" when empty
};

// Parses an absolute http(s) URL. nullopt for other schemes, userinfo ('@'), empty hosts,
// whitespace or control characters, or more than 2048 bytes.
std::optional<Url> parse_url(std::string_view text);

// The authority of an http(s) URL, or "" when it does not parse.
std::string authority_of(std::string_view url);

// True when both parse and have the same authority.
bool same_authority(std::string_view a, std::string_view b);

// The URL without its "#fragment".
std::string_view strip_fragment(std::string_view url);

}  // namespace parloir::federation
