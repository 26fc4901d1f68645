// Authentication and scope checks for API routes. Every route that needs a caller goes through
// authenticate(); the scope list is checked here and nowhere else.
#pragma once

#include <utility>  // why: boost/asio/awaitable.hpp uses std::exchange without it (g++ 12)

#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "api/env.h"
#include "core/roles.h"
#include "http/request.h"
#include "services/oauth.h"

namespace parloir::api {

// The bearer token of a request: `Authorization: Bearer X`, else the `access_token` query
// parameter (Doorkeeper's default). Empty when none.
std::string bearer_token(const http::Request& req);

enum class Need { any_token, user };

// Resolves the caller. Errors: 401 "The access token is invalid" (missing, unknown, revoked);
// 403 "This action is outside the authorized scopes" when the token holds neither `scope` nor
// `alt_scope` (an empty `scope` accepts any token); 422 "This method requires an authenticated user" when
// Need::user and the token is app-only. Runs the lookup on the blocking pool.
boost::asio::awaitable<util::Result<services::TokenContext>> authenticate(const Env& env, const http::Request& req,
                                                                         std::string_view scope, Need need,
                                                                         std::string_view alt_scope = {});

// The caller if a valid token was sent, nullopt for anonymous requests. An invalid token still
// fails with 401 (as Mastodon does).
boost::asio::awaitable<util::Result<std::optional<services::TokenContext>>> authenticate_optional(
    const Env& env, const http::Request& req);

// authenticate() with Need::user, then the caller's role must hold `need` (core/roles.h):
// 403 "This action is not allowed" otherwise. Every admin route names its permission.
boost::asio::awaitable<util::Result<services::TokenContext>> authenticate_staff(const Env& env, const http::Request& req,
                                                                               std::string_view scope,
                                                                               core::Permission need);

// Coarse form kept for routes not yet given a permission: moderator = any staff role
// (view_dashboard), admin = admin or owner (manage_settings).
enum class Staff { moderator, admin };
boost::asio::awaitable<util::Result<services::TokenContext>> authenticate_staff(const Env& env, const http::Request& req,
                                                                               std::string_view scope, Staff need);

}  // namespace parloir::api
