#include "app/admin_cli.h"

#include <cstdlib>
#include <iostream>

#include "app/instance_runtime.h"
#include "crypto/random.h"
#include "services/accounts.h"
#include "services/moderation.h"
#include "util/strings.h"
#include "services/media.h"
#include "services/remote_media.h"
#include "util/time.h"

namespace parloir::app {

namespace {

int report(const util::Error& e) {
  std::cerr << "parloir: " << (e.public_message.empty() ? e.detail : e.public_message) << "\n";
  return 1;
}

// Opens the instance or prints why not. Null on failure.
std::unique_ptr<InstanceRuntime> open_or_report(const Config& config) {
  auto rt = open_instance(config, true);
  if (!rt) {
    report(rt.error());
    return nullptr;
  }
  relay_events_to_server(**rt);
  return std::move(*rt);
}

}  // namespace

int run_migrate(const Config& config) {
  auto rt = open_instance(config, false);
  if (!rt) return report(rt.error());
  auto v = (*rt)->store->migrate();
  if (!v) return report(v.error());
  std::cout << "database " << config.database_path() << " is at schema version " << *v << "\n";
  return 0;
}

int run_account_create(const Config& config, const AccountCreateArgs& args) {
  auto role = core::parse_role(args.role);
  if (!role) {
    std::cerr << "parloir: --role must be owner, admin, moderator or user, got \"" << args.role << "\"\n";
    return 2;
  }
  auto rt = open_or_report(config);
  if (!rt) return 1;
  services::NewLocalAccount in;
  in.username = args.username;
  in.email = args.email;
  in.password = args.password;
  in.role = *role;
  auto created = services::create_local_account(rt->deps(), in);
  if (!created) return report(created.error());
  std::cout << "created account " << created->username << " (id " << created->id << ", role "
            << core::role_name(*role) << ")\n";
  return 0;
}

int run_domain_change(const Config& config, const std::string& verb, const std::string& raw) {
  std::string domain = util::to_lower(util::trim(raw));
  if (domain.empty() || domain.find_first_of("/@?# ") != std::string::npos) {
    std::cerr << "parloir: not a domain: \"" << raw << "\"\n";
    return 2;
  }
  auto rt = open_or_report(config);
  if (!rt) return 1;
  bool add = verb == "allow" || verb == "block";
  store::DomainPolicy policy = verb == "allow" || verb == "disallow" ? store::DomainPolicy::allow : store::DomainPolicy::block;
  bool changed = true;
  auto st = rt->store->write([&](store::Tx& tx) -> util::Status {
    if (add) return tx.federation().set_domain_policy(domain, policy, util::now_ms());
    auto r = tx.federation().remove_domain_policy(domain, policy);
    if (!r) return util::fail(r.error());
    changed = *r;
    return {};
  });
  if (!st) return report(st.error());
  if (!changed) {
    std::cerr << "parloir: " << domain << " was not " << (policy == store::DomainPolicy::allow ? "allowed" : "blocked") << "\n";
    return 1;
  }
  std::cout << domain << ": " << verb << "ed\n";
  return 0;
}

int run_domain_list(const Config& config) {
  auto rt = open_or_report(config);
  if (!rt) return 1;
  std::vector<std::pair<std::string, store::DomainPolicy>> list;
  auto st = rt->store->read([&](store::Tx& tx) -> util::Status {
    auto r = tx.federation().domain_policies();
    if (!r) return util::fail(r.error());
    list = std::move(*r);
    return {};
  });
  if (!st) return report(st.error());
  std::cout << "domain\tpolicy\tsource\n";
  for (const auto& d : config.federation.allowed_domains) std::cout << d << "\tallow\tconfig\n";
  for (const auto& d : config.federation.blocked_domains) std::cout << d << "\tblock\tconfig\n";
  for (const auto& [d, p] : list) std::cout << d << "\t" << (p == store::DomainPolicy::allow ? "allow" : "block") << "\tdatabase\n";
  return 0;
}

int run_account_list(const Config& config) {
  auto rt = open_or_report(config);
  if (!rt) return 1;
  auto list = services::list_local_accounts(rt->deps());
  if (!list) return report(list.error());
  std::cout << "id\tusername\temail\trole\tstatus\tcreated_at\n";
  for (const auto& l : *list) {
    std::string status = l.account.suspended() ? "suspended" : !l.user.approved ? "pending" : "active";
    std::cout << l.account.id << "\t" << l.account.username << "\t" << l.user.email << "\t"
              << core::role_name(l.user.role) << "\t" << status << "\t" << util::format_datetime(l.account.created_at)
              << "\n";
  }
  return 0;
}

int run_account_set_role(const Config& config, const std::string& username, const std::string& role_name) {
  auto role = core::parse_role(role_name);
  if (!role) {
    std::cerr << "parloir: role must be owner, admin, moderator or user, got \"" << role_name << "\"\n";
    return 2;
  }
  auto rt = open_or_report(config);
  if (!rt) return 1;
  // Through the moderation service, so the change is in the audit log (actor: the CLI).
  auto found = services::find_local_account_by_username(rt->deps(), username);
  if (!found) return report(found.error());
  if (!*found) return report(util::Error{util::ErrorCode::not_found, "No local account named " + username, {}});
  auto a = services::change_role(rt->deps(), std::nullopt, std::nullopt, (*found)->id, *role);
  if (!a) return report(a.error());
  std::cout << a->login.account.username << " is now " << core::role_name(*role) << "\n";
  return 0;
}

int run_account_suspend(const Config& config, const std::string& username, bool suspend) {
  auto rt = open_or_report(config);
  if (!rt) return 1;
  // Through the moderation service, so the action is in the audit log (actor: the CLI).
  auto found = services::find_local_account_by_username(rt->deps(), username);
  if (!found) return report(found.error());
  if (!*found) return report(util::Error{util::ErrorCode::not_found, "No local account named " + username, {}});
  const core::Id id = (*found)->id;
  auto st = suspend ? services::moderate_account(rt->deps(), std::nullopt, id, services::AccountAction::suspend,
                                                 std::nullopt, "")
                    : services::undo_account_action(rt->deps(), std::nullopt, id, services::UndoAction::unsuspend)
                          .map([](auto&&) {});
  if (!st) return report(st.error());
  const auto* a = &**found;
  std::cout << a->username << (suspend ? " is suspended; its tokens are revoked\n" : " is no longer suspended\n");
  return 0;
}

int run_account_reset_password(const Config& config, const std::string& username, const std::string& password) {
  auto rt = open_or_report(config);
  if (!rt) return 1;
  std::string pw = password.empty() ? crypto::random_password(24) : password;
  auto a = services::reset_password(rt->deps(), username, pw);
  if (!a) return report(a.error());
  std::cout << "password of " << a->username << " reset; its tokens are revoked\n";
  if (password.empty()) std::cout << "new password: " << pw << "\n";
  return 0;
}

int run_media_prune(const Config& config, double days) {
  auto rt = open_or_report(config);
  if (!rt) return 1;
  const std::int64_t now = util::now_ms();
  const auto before = now - static_cast<std::int64_t>(days * 86400.0 * 1000.0);
  std::size_t uploads = 0;
  for (;;) {
    auto n = services::remove_unattached_media(rt->deps(), before, 500);
    if (!n) return report(n.error());
    uploads += *n;
    if (*n < 500) break;
  }
  auto files = services::remove_orphaned_files(rt->deps(), now, 3600LL * 1000);
  if (!files) return report(files.error());
  std::cout << "removed " << uploads << " unattached upload(s) and " << *files << " orphaned file(s)\n";
  return 0;
}

int run_media_prune_remote(const Config& config, const std::string& age) {
  double unit_ms = 86400.0 * 1000.0;
  std::string number = age;
  if (!number.empty() && (number.back() == 'd' || number.back() == 'h')) {
    if (number.back() == 'h') unit_ms = 3600.0 * 1000.0;
    number.pop_back();
  }
  char* end = nullptr;
  const double value = number.empty() ? -1 : std::strtod(number.c_str(), &end);
  if (number.empty() || end == nullptr || *end != '\0' || !(value >= 0) || value > 36500) {
    std::cerr << "parloir: --older-than: expected days (\"7d\") or hours (\"12h\")\n";
    return 2;
  }
  auto rt = open_or_report(config);
  if (!rt) return 1;
  const auto before = util::now_ms() - static_cast<std::int64_t>(value * unit_ms);
  auto n = services::prune_remote_media(rt->deps(), before);
  if (!n) return report(n.error());
  std::cout << "removed " << *n << " cached remote file(s)\n";
  return 0;
}

}  // namespace parloir::app
