#include "federation/url.h"

#include "util/strings.h"

namespace parloir::federation {

std::optional<Url> parse_url(std::string_view text) {
  if (text.size() > 2048) return std::nullopt;
  for (char c : text)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return std::nullopt;
  Url u;
  std::string_view rest;
  if (text.size() > 8 && util::to_lower(text.substr(0, 8)) == "https://") {
    u.scheme = "https";
    rest = text.substr(8);
  } else if (text.size() > 7 && util::to_lower(text.substr(0, 7)) == "http://") {
    u.scheme = "http";
    rest = text.substr(7);
  } else {
    return std::nullopt;
  }
  std::size_t end = rest.find_first_of("/?#");
  std::string_view auth = rest.substr(0, end);
  if (auth.empty() || auth.find('@') != std::string_view::npos || auth.find('\\') != std::string_view::npos)
    return std::nullopt;
  u.authority = util::to_lower(auth);
  // Host and port; IPv6 literals keep their brackets.
  std::size_t colon = u.authority.rfind(':');
  std::size_t bracket = u.authority.rfind(']');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    std::string port = u.authority.substr(colon + 1);
    if (port.empty() || !util::is_digits(port) || port.size() > 5 || std::stoi(port) > 65535) return std::nullopt;
    u.host = u.authority.substr(0, colon);
    if ((u.scheme == "https" && port == "443") || (u.scheme == "http" && port == "80")) u.authority = u.host;
  } else {
    u.host = u.authority;
  }
  if (u.host.empty()) return std::nullopt;
  std::string_view path = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  path = strip_fragment(path);
  u.path = path.empty() || path[0] != '/' ? "/" + std::string(path) : std::string(path);
  return u;
}

std::string authority_of(std::string_view url) {
  auto u = parse_url(url);
  return u ? u->authority : std::string();
}

bool same_authority(std::string_view a, std::string_view b) {
  auto x = parse_url(a), y = parse_url(b);
  return x && y && x->authority == y->authority;
}

std::string_view strip_fragment(std::string_view url) {
  std::size_t hash = url.find('#');
  return hash == std::string_view::npos ? url : url.substr(0, hash);
}

}  // namespace parloir::federation
