#include "store/sqlite/federation_repo.h"

namespace parloir::store::sqlite {

namespace {

Result<std::vector<std::string>> strings(Stmt& st) {
  std::vector<std::string> out;
  for (;;) {
    auto row = st.step();
    if (!row) return util::fail(std::move(row.error()));
    if (!*row) break;
    out.push_back(st.col_text(0));
  }
  return out;
}

Result<std::optional<Id>> one_id(Stmt& st) {
  auto row = st.step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<Id>();
  return std::optional<Id>(st.col_int(0));
}

}  // namespace

Result<std::optional<ActorKeys>> SqliteFederationRepo::find_keys(Id account_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT private_pem, public_pem FROM account_keys WHERE account_id = ?");
  st->bind_int(1, account_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<ActorKeys>();
  return std::optional<ActorKeys>(ActorKeys{account_id, st->col_text(0), st->col_text(1)});
}

Status SqliteFederationRepo::insert_keys(const ActorKeys& k) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO account_keys (account_id, private_pem, public_pem) VALUES (?, ?, ?) "
                      "ON CONFLICT (account_id) DO NOTHING");
  st->bind_int(1, k.account_id).bind_text(2, k.private_pem).bind_text(3, k.public_pem);
  return st->run();
}

Result<std::optional<RemoteActor>> SqliteFederationRepo::find_remote_actor(Id account_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT inbox, shared_inbox, followers, key_id, public_key_pem, fetched_at "
                      "FROM remote_actors WHERE account_id = ?");
  st->bind_int(1, account_id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<RemoteActor>();
  return std::optional<RemoteActor>(RemoteActor{account_id, st->col_text(0), st->col_text(1), st->col_text(2),
                                                st->col_text(3), st->col_text(4), st->col_int(5)});
}

Status SqliteFederationRepo::upsert_remote_actor(const RemoteActor& a) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO remote_actors (account_id, inbox, shared_inbox, followers, key_id, "
                      "public_key_pem, fetched_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (account_id) DO UPDATE SET "
                      "inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, followers = excluded.followers, "
                      "key_id = excluded.key_id, public_key_pem = excluded.public_key_pem, "
                      "fetched_at = excluded.fetched_at");
  st->bind_int(1, a.account_id).bind_text(2, a.inbox).bind_text(3, a.shared_inbox).bind_text(4, a.followers);
  st->bind_text(5, a.key_id).bind_text(6, a.public_key_pem).bind_int(7, a.fetched_at);
  return st->run();
}

Result<std::optional<Id>> SqliteFederationRepo::account_id_by_uri(const std::string& uri) {
  if (uri.empty()) return std::optional<Id>();
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT id FROM accounts WHERE uri = ? AND uri <> ''");
  st->bind_text(1, uri);
  return one_id(*st);
}

Result<std::optional<Id>> SqliteFederationRepo::status_id_by_uri(const std::string& uri) {
  if (uri.empty()) return std::optional<Id>();
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT id FROM statuses WHERE uri = ? AND uri <> ''");
  st->bind_text(1, uri);
  return one_id(*st);
}

Result<std::vector<std::string>> SqliteFederationRepo::follower_inboxes(Id account_id) {
  if (followers_cache_) {
    // why: most accounts have no remote follower; the cached follower list says so without
    // probing remote_actors once per follower.
    auto lists = followers_cache_->get(conn_, account_id);
    if (!lists) return util::fail(std::move(lists.error()));
    return inboxes_of((*lists)->remote);
  }
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT DISTINCT CASE WHEN r.shared_inbox <> '' THEN r.shared_inbox ELSE r.inbox END "
                      "FROM follows f JOIN remote_actors r ON r.account_id = f.account_id "
                      "WHERE f.target_account_id = ?");
  st->bind_int(1, account_id);
  return strings(*st);
}

Result<std::vector<std::string>> SqliteFederationRepo::inboxes_of(const std::vector<Id>& ids) {
  if (ids.empty()) return std::vector<std::string>();
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT DISTINCT CASE WHEN shared_inbox <> '' THEN shared_inbox ELSE inbox END "
                      "FROM remote_actors WHERE account_id IN (SELECT value FROM json_each(?))");
  st->bind_text(1, json_id_array(ids));
  return strings(*st);
}

Status SqliteFederationRepo::enqueue_delivery(const Delivery& d) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO deliveries (id, inbox, domain, sender_account_id, body, attempts, "
                      "next_attempt_at, created_at) VALUES (?,?,?,?,?,?,?,?)");
  bind_id(*st, 1, d.id);
  st->bind_text(2, d.inbox).bind_text(3, d.domain).bind_int(4, d.sender_account_id).bind_text(5, d.body);
  st->bind_int(6, d.attempts).bind_int(7, d.next_attempt_at).bind_int(8, d.created_at);
  return st->run();
}

Result<std::vector<Delivery>> SqliteFederationRepo::claim_due_deliveries(std::int64_t now, std::int64_t lease_until,
                                                                          int limit) {
  PARLOIR_SQL_TRY(check_writable());
  std::vector<Delivery> out;
  {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT id, inbox, domain, sender_account_id, body, attempts, next_attempt_at, created_at "
                        "FROM deliveries WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?");
    st->bind_int(1, now).bind_int(2, limit);
    for (;;) {
      auto row = st->step();
      if (!row) return util::fail(std::move(row.error()));
      if (!*row) break;
      out.push_back(Delivery{st->col_int(0), st->col_text(1), st->col_text(2), st->col_int(3), st->col_text(4),
                             static_cast<int>(st->col_int(5)), st->col_int(6), st->col_int(7)});
    }
  }
  for (const auto& d : out) {
    PARLOIR_SQL_PREPARE(up, conn_, "UPDATE deliveries SET next_attempt_at = ? WHERE id = ?");
    up->bind_int(1, lease_until).bind_int(2, d.id);
    PARLOIR_SQL_TRY(up->run());
  }
  return out;
}

Status SqliteFederationRepo::finish_delivery(Id id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM deliveries WHERE id = ?");
  st->bind_int(1, id);
  return st->run();
}

Status SqliteFederationRepo::reschedule_delivery(Id id, int attempts, std::int64_t next_attempt_at,
                                                 const std::string& last_error) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE deliveries SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?");
  st->bind_int(1, attempts).bind_int(2, next_attempt_at).bind_text(3, last_error).bind_int(4, id);
  return st->run();
}

Result<std::int64_t> SqliteFederationRepo::count_deliveries() {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT count(*) FROM deliveries");
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  return *row ? st->col_int(0) : 0;
}

Result<std::optional<std::int64_t>> SqliteFederationRepo::next_delivery_at() {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT min(next_attempt_at) FROM deliveries");
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<std::int64_t>();
  return st->col_opt_int(0);
}

Status SqliteFederationRepo::set_follow_uri(Id follower, Id target, const std::string& uri) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO follow_uris (account_id, target_account_id, uri) VALUES (?,?,?) "
                      "ON CONFLICT (account_id, target_account_id) DO UPDATE SET uri = excluded.uri");
  st->bind_int(1, follower).bind_int(2, target).bind_text(3, uri);
  return st->run();
}

Result<std::optional<std::string>> SqliteFederationRepo::follow_uri(Id follower, Id target) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT uri FROM follow_uris WHERE account_id = ? AND target_account_id = ?");
  st->bind_int(1, follower).bind_int(2, target);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->col_text(0));
}

Status SqliteFederationRepo::remove_follow_uri(Id follower, Id target) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM follow_uris WHERE account_id = ? AND target_account_id = ?");
  st->bind_int(1, follower).bind_int(2, target);
  return st->run();
}

Status SqliteFederationRepo::set_domain_policy(const std::string& domain, DomainPolicy policy, std::int64_t now) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO domain_policies (domain, policy, created_at) VALUES (?,?,?) "
                      "ON CONFLICT (domain, policy) DO NOTHING");
  st->bind_text(1, domain).bind_int(2, static_cast<int>(policy)).bind_int(3, now);
  return st->run();
}

Result<bool> SqliteFederationRepo::remove_domain_policy(const std::string& domain, DomainPolicy policy) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM domain_policies WHERE domain = ? AND policy = ?");
  st->bind_text(1, domain).bind_int(2, static_cast<int>(policy));
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::vector<std::pair<std::string, DomainPolicy>>> SqliteFederationRepo::domain_policies() {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT domain, policy FROM domain_policies ORDER BY domain");
  std::vector<std::pair<std::string, DomainPolicy>> out;
  for (;;) {
    auto row = st->step();
    if (!row) return util::fail(std::move(row.error()));
    if (!*row) break;
    out.emplace_back(st->col_text(0), st->col_int(1) == 1 ? DomainPolicy::block : DomainPolicy::allow);
  }
  return out;
}

Result<std::vector<DomainPolicyEntry>> SqliteFederationRepo::domain_policy_entries(DomainPolicy policy) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT domain, created_at FROM domain_policies WHERE policy = ? "
                      "ORDER BY created_at DESC, domain");
  st->bind_int(1, static_cast<int>(policy));
  std::vector<DomainPolicyEntry> out;
  for (;;) {
    auto row = st->step();
    if (!row) return util::fail(std::move(row.error()));
    if (!*row) break;
    out.push_back({st->col_text(0), policy, st->col_int(1)});
  }
  return out;
}

Result<std::int64_t> SqliteFederationRepo::record_delivery_failure(const std::string& domain, std::int64_t now) {
  PARLOIR_SQL_TRY(check_writable());
  {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "INSERT INTO domain_health (domain, failing_since) VALUES (?, ?) "
                        "ON CONFLICT (domain) DO NOTHING");
    st->bind_text(1, domain).bind_int(2, now);
    PARLOIR_SQL_TRY(st->run());
  }
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT failing_since FROM domain_health WHERE domain = ?");
  st->bind_text(1, domain);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  return *row ? st->col_int(0) : now;
}

Result<bool> SqliteFederationRepo::clear_delivery_failures(const std::string& domain) {
  PARLOIR_SQL_TRY(check_writable());
  bool was_unavailable = false;
  {
    PARLOIR_SQL_PREPARE(st, conn_, "SELECT unavailable_since FROM domain_health WHERE domain = ?");
    st->bind_text(1, domain);
    auto row = st->step();
    if (!row) return util::fail(std::move(row.error()));
    was_unavailable = *row && st->col_opt_int(0).has_value();
  }
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM domain_health WHERE domain = ?");
  st->bind_text(1, domain);
  PARLOIR_SQL_TRY(st->run());
  return was_unavailable;
}

Status SqliteFederationRepo::mark_domain_unavailable(const std::string& domain, std::int64_t now) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO domain_health (domain, failing_since, unavailable_since) VALUES (?, ?, ?) "
                      "ON CONFLICT (domain) DO UPDATE SET unavailable_since = "
                      "COALESCE(unavailable_since, excluded.unavailable_since)");
  st->bind_text(1, domain).bind_int(2, now).bind_int(3, now);
  return st->run();
}

Result<std::vector<std::string>> SqliteFederationRepo::unavailable_domains() {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT domain FROM domain_health WHERE unavailable_since IS NOT NULL");
  std::vector<std::string> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(st->col_text(0)); }));
  return out;
}

}  // namespace parloir::store::sqlite
