#include "core/oauth.h"

#include <cctype>
#include <string>

namespace parloir::core {

bool is_acceptable_redirect_uri(std::string_view uri) {
  if (uri.empty() || uri.size() > 2000) return false;
  if (uri == kOobRedirectUri) return true;
  for (char c : uri) {
    unsigned char uc = static_cast<unsigned char>(c);
    if (uc <= 0x20 || uc == 0x7f) return false;
  }
  if (uri.find('#') != std::string_view::npos) return false;
  auto colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string scheme;
  for (char c : uri.substr(0, colon)) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.')) return false;
    scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (!std::isalpha(static_cast<unsigned char>(scheme[0]))) return false;
  if (scheme == "javascript" || scheme == "data" || scheme == "vbscript" || scheme == "file" || scheme == "about" ||
      scheme == "blob")
    return false;
  if (scheme == "http" || scheme == "https") {
    // Needs an authority: "https://host..."
    return uri.substr(colon).rfind("://", 0) == 0 && uri.size() > colon + 3;
  }
  return uri.size() > colon + 1;
}

}  // namespace parloir::core
