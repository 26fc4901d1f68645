// Reading a poll from a request's parameters (poll[options][], poll[expires_in], poll[multiple],
// poll[hide_totals]) — form, JSON and multipart alike, as http::Params normalises them. Used by
// status creation, editing and scheduling.
#pragma once

#include <optional>

#include "http/request.h"
#include "services/polls.h"
#include "util/result.h"

namespace parloir::api {

// nullopt when the request carries no poll options. Errors (unprocessable): options without
// poll[expires_in], an expires_in that is not an integer, an invalid boolean. The content
// rules (option count, length, expiry bounds) are services::validate_poll's.
util::Result<std::optional<services::PollInput>> poll_from_params(const http::Request& req);

}  // namespace parloir::api
