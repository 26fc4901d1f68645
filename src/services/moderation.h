// Moderation: the approval queue, account actions (none, sensitive, disable, silence, suspend
// and their undoing), reports, and the audit log every one of these writes to (in the same
// transaction as the action, so an action is never unrecorded). Blocking.
//
// Who may act is checked by the caller with require_permission() (core/roles.h); `actor` is
// the moderator's account id, none when the admin CLI acts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/org.h"
#include "core/roles.h"
#include "services/accounts.h"
#include "store/org.h"

namespace parloir::services {

using Actor = std::optional<core::Id>;

// forbidden "This action is not allowed" unless the user is a moderator or an admin.
util::Status require_staff(const core::User& user);
// forbidden "This action is not allowed" unless the user's role holds `p`.
util::Status require_permission(const core::User& user, core::Permission p);

// A local account as the admin API shows it.
struct AdminAccount {
  LocalLogin login;
  core::ModerationFlags flags;
};

util::Result<std::vector<AdminAccount>> admin_list_accounts(const Deps& deps, store::ModerationStatus status,
                                                            const std::string& username, const core::PageRequest& page);
// not_found unless a local account.
util::Result<AdminAccount> admin_get_account(const Deps& deps, core::Id account_id);

// Changes a local account's role, audit-logged (`change_role_user`, "username: old -> new").
// actor_role is the acting user's role, nullopt for the admin CLI (which may set any role).
// forbidden when core::may_change_role refuses or when a user changes their own role;
// not_found when not a local account.
util::Result<AdminAccount> change_role(const Deps& deps, Actor actor, std::optional<core::Role> actor_role,
                                       core::Id account_id, core::Role role);

// Approves a pending account (then its default follows apply). unprocessable when not pending.
util::Result<AdminAccount> approve_account(const Deps& deps, Actor actor, core::Id account_id);
// Rejects a pending sign-up: the account is deleted. Returns it as it was. unprocessable when
// not pending.
util::Result<AdminAccount> reject_account(const Deps& deps, Actor actor, core::Id account_id);

enum class AccountAction { none, sensitive, disable, silence, suspend };
std::optional<AccountAction> parse_account_action(std::string_view type);  // Mastodon's `type`
// Applies the action (none only records a warning); when report_id is given that report is
// resolved too. suspend and disable end the account's sessions (tokens revoked / refused).
util::Status moderate_account(const Deps& deps, Actor actor, core::Id account_id, AccountAction action,
                              std::optional<core::Id> report_id, const std::string& text);

enum class UndoAction { enable, unsilence, unsuspend, unsensitive };
util::Result<AdminAccount> undo_account_action(const Deps& deps, Actor actor, core::Id account_id, UndoAction what);

struct NewReport {
  core::Id target_account_id = 0;
  std::vector<core::Id> status_ids;  // must be the target's
  std::vector<core::Id> rule_ids;   // must be live rules (services/rules.h)
  std::string comment;               // at most 1000 characters
  std::string category = "other";    // spam | legal | violation | other
  bool forward = false;
};
// Files a report. Errors: not_found (target), unprocessable (statuses not the target's, rule
// ids that are not live rules, bad category, comment too long).
util::Result<core::Report> file_report(const Deps& deps, const LocalLogin& reporter, const NewReport& input);

util::Result<std::vector<core::Report>> list_reports(const Deps& deps, std::optional<bool> resolved,
                                                     const core::PageRequest& page);
util::Result<core::Report> get_report(const Deps& deps, core::Id id);

enum class ReportAction { assign_to_self, unassign, resolve, reopen };
// assign_to_self needs an actor (unprocessable otherwise).
util::Result<core::Report> act_on_report(const Deps& deps, Actor actor, core::Id id, ReportAction what);

// Email-domain blocks (the admin API's, on top of instance.email_domain_denylist). domain:
// lower-cased and trimmed; unprocessable when not a domain or already blocked.
util::Result<core::EmailDomainBlock> block_email_domain(const Deps& deps, Actor actor, const std::string& domain);
util::Result<std::vector<core::EmailDomainBlock>> list_email_domain_blocks(const Deps& deps,
                                                                          const core::PageRequest& page);
util::Result<core::EmailDomainBlock> get_email_domain_block(const Deps& deps, core::Id id);
util::Status unblock_email_domain(const Deps& deps, Actor actor, core::Id id);

util::Result<std::vector<core::AuditEntry>> audit_log(const Deps& deps, const core::PageRequest& page);

// Writes one audit entry inside the caller's transaction (for other services' admin actions:
// invites, announcements).
util::Status log_action(store::Tx& tx, const Deps& deps, Actor actor, std::string action, std::string target_type,
                        core::Id target_id, std::string detail);

}  // namespace parloir::services
