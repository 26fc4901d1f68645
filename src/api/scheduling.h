// Scheduled statuses over the API: the part of POST /api/v1/statuses that schedules instead of
// posting (called by create_status when scheduled_at is given), and the
// /api/v1/scheduled_statuses routes (registered by register_scheduled_status_routes).
#pragma once

#include <utility>  // why: boost/asio/awaitable.hpp uses std::exchange without it (g++ 12)

#include <optional>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "api/env.h"
#include "http/request.h"
#include "services/oauth.h"
#include "services/statuses.h"

namespace parloir::api {

// "2030-01-01T12:00:00Z", "...+00:00", fractional seconds optional -> unix ms.
std::optional<std::int64_t> parse_scheduled_at(std::string_view text);

// Schedules `in` (application_id taken from the caller) and answers the ScheduledStatus, or 422
// ("Validation failed: Scheduled at must be at least 5 minutes in the future", an unparseable
// time, limits). `caller` must be a user token; `in` and `scheduled_at` must outlive the call.
boost::asio::awaitable<http::Response> create_scheduled_status(const Env& env, const services::TokenContext& caller,
                                                               const services::PostStatusInput& in,
                                                               std::string_view scheduled_at);

}  // namespace parloir::api
