// SqliteFederationRepo: store/federation.h on SQLite (tables of migration 7). Internal to
// store/sqlite. Thread-safety: none; used by the thread running the transaction.
#pragma once

#include "store/federation.h"
#include "store/sqlite/follower_cache.h"
#include "store/sqlite/repo_base.h"

namespace parloir::store::sqlite {

class SqliteFederationRepo final : public FederationRepo, private RepoBase {
 public:
  // `followers_cache`: the writer's FollowerCache (write transactions only), else null.
  SqliteFederationRepo(Connection& conn, bool writable, FollowerCache* followers_cache = nullptr)
      : RepoBase(conn, writable), followers_cache_(followers_cache) {}

  Result<std::optional<ActorKeys>> find_keys(Id account_id) override;
  Status insert_keys(const ActorKeys& keys) override;
  Result<std::optional<RemoteActor>> find_remote_actor(Id account_id) override;
  Status upsert_remote_actor(const RemoteActor& actor) override;
  Result<std::optional<Id>> account_id_by_uri(const std::string& uri) override;
  Result<std::optional<Id>> status_id_by_uri(const std::string& uri) override;
  Result<std::vector<std::string>> follower_inboxes(Id account_id) override;
  Result<std::vector<std::string>> inboxes_of(const std::vector<Id>& account_ids) override;
  Status enqueue_delivery(const Delivery& delivery) override;
  Result<std::vector<Delivery>> claim_due_deliveries(std::int64_t now, std::int64_t lease_until, int limit) override;
  Status finish_delivery(Id id) override;
  Status reschedule_delivery(Id id, int attempts, std::int64_t next_attempt_at, const std::string& last_error) override;
  Result<std::int64_t> count_deliveries() override;
  Result<std::optional<std::int64_t>> next_delivery_at() override;
  Status set_follow_uri(Id follower, Id target, const std::string& uri) override;
  Result<std::optional<std::string>> follow_uri(Id follower, Id target) override;
  Status remove_follow_uri(Id follower, Id target) override;
  Status set_domain_policy(const std::string& domain, DomainPolicy policy, std::int64_t now) override;
  Result<bool> remove_domain_policy(const std::string& domain, DomainPolicy policy) override;
  Result<std::vector<std::pair<std::string, DomainPolicy>>> domain_policies() override;
  Result<std::vector<DomainPolicyEntry>> domain_policy_entries(DomainPolicy policy) override;
  Result<std::int64_t> record_delivery_failure(const std::string& domain, std::int64_t now) override;
  Result<bool> clear_delivery_failures(const std::string& domain) override;
  Status mark_domain_unavailable(const std::string& domain, std::int64_t now) override;
  Result<std::vector<std::string>> unavailable_domains() override;

 private:
  FollowerCache* followers_cache_;
};

}  // namespace parloir::store::sqlite
