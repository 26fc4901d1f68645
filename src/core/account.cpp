#include "core/account.h"

namespace parloir::core {

std::string_view role_name(Role r) {
  switch (r) {
    case Role::owner: return "owner";
    case Role::admin: return "admin";
    case Role::moderator: return "moderator";
    case Role::user: break;
  }
  return "user";
}

std::optional<Role> parse_role(std::string_view name) {
  if (name == "user") return Role::user;
  if (name == "moderator") return Role::moderator;
  if (name == "admin") return Role::admin;
  if (name == "owner") return Role::owner;
  return std::nullopt;
}

std::string_view visibility_name(Visibility v) {
  switch (v) {
    case Visibility::unlisted: return "unlisted";
    case Visibility::private_: return "private";
    case Visibility::direct: return "direct";
    case Visibility::public_: break;
  }
  return "public";
}

std::optional<Visibility> parse_visibility(std::string_view name) {
  if (name == "public") return Visibility::public_;
  if (name == "unlisted") return Visibility::unlisted;
  if (name == "private") return Visibility::private_;
  if (name == "direct") return Visibility::direct;
  return std::nullopt;
}

bool is_valid_username(std::string_view u) {
  if (u.empty() || u.size() > 30) return false;
  for (char c : u) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool is_valid_email(std::string_view e) {
  if (e.size() < 3 || e.size() > 320) return false;
  auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= e.size() || e.find('@', at + 1) != std::string_view::npos)
    return false;
  for (char c : e) {
    unsigned char uc = static_cast<unsigned char>(c);
    if (uc <= 0x20 || uc == 0x7f || c == '%' || c == ',' || c == '"' || c == '<' || c == '>' || c == '(' ||
        c == ')' || c == ';' || c == '\\')
      return false;
  }
  std::string_view domain = e.substr(at + 1);
  if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos) return false;
  return true;
}

}  // namespace parloir::core
