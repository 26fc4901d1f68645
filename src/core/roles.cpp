#include "core/roles.h"

namespace parloir::core {

namespace {

constexpr std::uint32_t bit(Permission p) { return static_cast<std::uint32_t>(p); }

bool subset(std::uint32_t inner, std::uint32_t outer) {
  if (outer & bit(Permission::administrator)) return true;
  return (inner & ~outer) == 0;
}

}  // namespace

std::uint32_t permissions_of(Role role) {
  switch (role) {
    case Role::owner: return bit(Permission::administrator);
    case Role::admin: return kAllPermissions & ~bit(Permission::administrator);
    case Role::moderator:
      return bit(Permission::view_dashboard) | bit(Permission::view_audit_log) | bit(Permission::manage_users) |
             bit(Permission::manage_reports) | bit(Permission::manage_taxonomies);
    case Role::user: break;
  }
  return bit(Permission::invite_users);
}

bool role_can(Role role, Permission p) {
  std::uint32_t have = permissions_of(role);
  return (have & bit(Permission::administrator)) != 0 || (have & bit(p)) == bit(p);
}

bool may_change_role(Role actor, Role target_current, Role wanted) {
  if (!role_can(actor, Permission::manage_roles)) return false;
  if (target_current == Role::owner || wanted == Role::owner) return actor == Role::owner;
  const std::uint32_t mine = permissions_of(actor);
  return subset(permissions_of(target_current), mine) && subset(permissions_of(wanted), mine);
}

RoleInfo role_info(Role role) {
  switch (role) {
    case Role::owner: return {"3", "Owner", true};
    case Role::admin: return {"2", "Admin", true};
    case Role::moderator: return {"1", "Moderator", true};
    case Role::user: break;
  }
  return {"-99", "", false};
}

}  // namespace parloir::core
