// Building list responses (statuses, accounts) with their Link headers, shared by the routes.
#pragma once

#include <optional>
#include <vector>

#include "api/env.h"
#include "api/pagination.h"
#include "api/serializers/status.h"
#include "services/oauth.h"
#include "services/statuses.h"

namespace parloir::api {

StatusJsonOptions json_options(const std::optional<services::TokenContext>& caller);
StatusJsonOptions json_options(const services::TokenContext& caller);

// The caller's active filters (empty for anonymous or app-only callers, or on error). Blocking:
// call inside the same pool.run as the service that loads the statuses.
std::vector<core::Filter> viewer_filters(const Env& env, const std::optional<services::TokenContext>& caller);
std::vector<core::Filter> viewer_filters(const Env& env, core::Id account_id);

// [Status] + Link. `cursors` (same length as views) replaces status ids in the Link header
// for lists ordered by something else (favourites, bookmarks).
http::Response status_list(const Env& env, const http::Request& req, const core::PageRequest& page,
                           const std::vector<services::StatusView>& views, const StatusJsonOptions& options,
                           const std::vector<core::Id>* cursors = nullptr);

// [Account] + Link with the page's cursors.
http::Response account_list(const Env& env, const http::Request& req, const core::PageRequest& page,
                            const services::AccountPage& accounts);

// The OAuth Token entity (access_token, token_type, scope as granted, created_at in seconds),
// uncacheable.
http::Response token_response(const services::IssuedToken& token);

http::Response status_response(const Env& env, const services::StatusView& view, const StatusJsonOptions& options);

}  // namespace parloir::api
