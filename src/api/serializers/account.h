// Mastodon Account / CredentialAccount JSON (mastodon-api.md §5.1). Every always-present key
// is written, nulls included.
#pragma once

#include "api/env.h"
#include "api/json.h"
#include "core/account.h"

namespace parloir::api {

// Local URLs derived from the instance base URL.
std::string account_url(const Env& env, const core::Account& a);     // https://host/@user
std::string account_uri(const Env& env, const core::Account& a);     // https://host/users/user
std::string account_avatar(const Env& env, const core::Account& a);  // never empty
std::string account_header(const Env& env, const core::Account& a);  // never empty

void write_account(JsonOut& out, const Env& env, const core::Account& a);
// Account + `mute_expires_at` (the mutes list's MutedAccount).
void write_muted_account(JsonOut& out, const Env& env, const core::Account& a, std::optional<std::int64_t> expires_at);
// Account + `source` and `role` (verify_credentials / update_credentials).
void write_credential_account(JsonOut& out, const Env& env, const core::Account& a, const core::User& u,
                              std::int64_t follow_requests_count = 0);
// The Role object ({id, name, permissions, color, highlighted}) of a local user.
void write_role(JsonOut& out, core::Role role);

}  // namespace parloir::api
