#include "core/scopes.h"

#include <algorithm>

namespace parloir::core {

const std::vector<std::string>& known_scopes() {
  static const std::vector<std::string> all = {
      "read", "write", "follow", "push", "profile", "admin:read", "admin:write",
      "read:accounts", "read:blocks", "read:bookmarks", "read:favourites", "read:filters", "read:follows",
      "read:lists", "read:mutes", "read:notifications", "read:search", "read:statuses",
      "write:accounts", "write:blocks", "write:bookmarks", "write:conversations", "write:favourites",
      "write:filters", "write:follows", "write:lists", "write:media", "write:mutes", "write:notifications",
      "write:reports", "write:statuses",
      "admin:read:accounts", "admin:read:reports", "admin:read:domain_allows", "admin:read:domain_blocks",
      "admin:read:ip_blocks", "admin:read:email_domain_blocks", "admin:read:canonical_email_blocks",
      "admin:write:accounts", "admin:write:reports", "admin:write:domain_allows", "admin:write:domain_blocks",
      "admin:write:ip_blocks", "admin:write:email_domain_blocks", "admin:write:canonical_email_blocks"};
  return all;
}

Scopes Scopes::parse(std::string_view text) {
  Scopes s;
  std::size_t i = 0;
  auto sep = [](char c) { return c == ' ' || c == '+' || c == '\t' || c == '\n' || c == '\r' || c == ','; };
  while (i < text.size()) {
    while (i < text.size() && sep(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && !sep(text[j])) ++j;
    if (j > i) {
      std::string item(text.substr(i, j - i));
      if (std::find(s.items_.begin(), s.items_.end(), item) == s.items_.end()) s.items_.push_back(std::move(item));
    }
    i = j;
  }
  return s;
}

std::string Scopes::to_string() const {
  std::string out;
  for (const auto& it : items_) {
    if (!out.empty()) out.push_back(' ');
    out += it;
  }
  return out;
}

bool Scopes::all_known() const {
  const auto& all = known_scopes();
  return std::all_of(items_.begin(), items_.end(),
                     [&](const std::string& s) { return std::find(all.begin(), all.end(), s) != all.end(); });
}

namespace {
bool has(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }
}  // namespace

bool Scopes::covers(std::string_view required) const {
  if (has(items_, required)) return true;
  // Parent scopes: "read:statuses" is covered by "read"; "admin:read:accounts" by "admin:read".
  auto colon = required.rfind(':');
  if (colon != std::string_view::npos && has(items_, required.substr(0, colon))) return true;
  // why: Mastodon's legacy `follow` scope covers the relationship scopes.
  if (has(items_, "follow")) {
    static const char* follow_scopes[] = {"read:follows", "write:follows", "read:blocks",
                                          "write:blocks", "read:mutes",    "write:mutes"};
    for (const char* f : follow_scopes)
      if (required == f) return true;
  }
  return false;
}

bool Scopes::covers_all(const Scopes& other) const {
  return std::all_of(other.items_.begin(), other.items_.end(), [&](const std::string& s) { return covers(s); });
}

}  // namespace parloir::core
