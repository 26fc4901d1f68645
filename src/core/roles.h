// Role permissions: Mastodon's UserRole permission bits (app/models/user_role.rb), the
// permissions each Parloir role holds, and the rules for changing a role. Pure; no I/O.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/account.h"

namespace parloir::core {

// Mastodon's bit values, so the Role entity's `permissions` string means the same to apps.
enum class Permission : std::uint32_t {
  administrator = 1u << 0,  // every permission
  view_devops = 1u << 1,
  view_audit_log = 1u << 2,
  view_dashboard = 1u << 3,
  manage_reports = 1u << 4,
  manage_federation = 1u << 5,  // domain blocks and allows
  manage_settings = 1u << 6,
  manage_blocks = 1u << 7,      // email-domain blocks
  manage_taxonomies = 1u << 8,
  manage_appeals = 1u << 9,
  manage_users = 1u << 10,      // approve, reject, act on accounts
  manage_invites = 1u << 11,    // every invite (the admin API)
  manage_rules = 1u << 12,
  manage_announcements = 1u << 13,
  manage_custom_emojis = 1u << 14,
  manage_webhooks = 1u << 15,
  invite_users = 1u << 16,
  manage_roles = 1u << 17,
  manage_user_access = 1u << 18,
  delete_user_data = 1u << 19,
};

inline constexpr std::uint32_t kAllPermissions = (1u << 20) - 1;

// The permission bits of a role, as Mastodon's default roles hold them:
// owner = administrator (1); admin = everything but administrator; moderator = view_dashboard,
// view_audit_log, manage_users, manage_reports, manage_taxonomies (1308); user = invite_users.
std::uint32_t permissions_of(Role role);

// Whether the role holds `p` (administrator holds everything).
bool role_can(Role role, Permission p);

// Whether `actor` may change `target_current`'s role to `wanted`: actor needs manage_roles; only
// an owner may make or unmake an owner; otherwise nobody may change the role of someone whose
// permissions are not a subset of their own, nor grant a role with permissions they lack.
// (Changing one's own role is refused by services::change_role, which knows who is who.)
bool may_change_role(Role actor, Role target_current, Role wanted);

struct RoleInfo {
  std::string_view id;    // Mastodon's ids for the default roles; "-99" = everyone
  std::string_view name;  // "Owner", "Admin", "Moderator", "" for users
  bool highlighted = false;
};
RoleInfo role_info(Role role);

}  // namespace parloir::core
