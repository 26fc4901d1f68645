// Mastodon ScheduledStatus JSON (mastodon-api.md §5.13), and the response the lead's
// create_status returns when scheduled_at is given.
#pragma once

#include "api/env.h"
#include "api/json.h"
#include "core/filter.h"
#include "http/request.h"

namespace parloir::api {

// {id, scheduled_at, params{text, poll, media_ids, sensitive, spoiler_text, visibility,
//  in_reply_to_id, language, application_id, scheduled_at, idempotency, with_rate_limit},
//  media_attachments: []}
void write_scheduled_status(JsonOut& out, const Env& env, const core::ScheduledStatus& s);
http::Response scheduled_status_response(const Env& env, const core::ScheduledStatus& s);

}  // namespace parloir::api
