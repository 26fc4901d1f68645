// Private instance (instance.private = true): nothing is readable without a valid user token —
// one check wrapped around every route at start-up (apply_private_instance), so routes added
// later are covered without code of their own. The explicit allowlist below is what signing
// in and signing up need; docs/configuration.md lists it.
#pragma once

#include <utility>  // why: boost/asio/awaitable.hpp uses std::exchange without it (g++ 12)

#include <string_view>

#include "api/env.h"
#include "http/router.h"

namespace parloir::api {

// True for the routes an anonymous or app-only client may reach on a private instance: the
// instance documents (v1/v2, rules, NodeInfo), OAuth (authorize pages, token, revoke, server
// metadata), app registration and its verify_credentials, sign-up (POST /api/v1/accounts and
// the web page /auth/sign_up, /invite/:code, which apply the registration mode themselves), the
// instance thumbnail and /health.
bool public_on_private_instance(http::beast_http::verb method, std::string_view pattern);

// Wraps every route not on the allowlist: without a user token the answer is 401 {"error":
// "This API requires an authenticated user"} (as Mastodon's DISALLOW_UNAUTHENTICATED_API_ACCESS);
// an invalid token 401, a pending account's token 403 (as everywhere). Start-up only; call
// after every route is registered and before rate limiting wraps them.
// ActivityPub GETs (WebFinger, actors, objects, collections) carrying a `Signature` header go
// to their handler, which verifies it (a private instance forces federation's authorized fetch
// on: docs/federation.md); unsigned ones are guarded like every other route.
void apply_private_instance(http::Router& router, const Env& env);

}  // namespace parloir::api
