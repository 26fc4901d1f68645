#include "api/serializers/scheduled_status.h"

#include "util/time.h"

namespace parloir::api {

void write_scheduled_status(JsonOut& o, const Env& /*env*/, const core::ScheduledStatus& s) {
  o.begin_object();
  o.field("id", core::id_string(s.id));
  o.field("scheduled_at", util::format_datetime(s.scheduled_at));
  o.key("params").begin_object();
  o.field("text", s.text);
  o.key("poll");
  if (s.poll) {
    o.begin_object().key("options").begin_array();
    for (const auto& option : s.poll->options) o.str(option);
    o.end_array();
    o.field("expires_in", std::to_string(s.poll->expires_in)).field("multiple", s.poll->multiple)
        .field("hide_totals", s.poll->hide_totals).end_object();
  } else {
    o.null();
  }
  o.field_null("media_ids");
  o.field("sensitive", s.sensitive);
  o.field("spoiler_text", s.spoiler_text);
  o.key("visibility");
  if (s.visibility) {
    o.str(core::visibility_name(*s.visibility));
  } else {
    o.null();
  }
  o.key("in_reply_to_id");
  if (s.in_reply_to_id) {
    o.str(core::id_string(*s.in_reply_to_id));
  } else {
    o.null();
  }
  o.key("language").str_or_null(s.language);
  o.key("application_id");
  if (s.application_id) {
    o.integer(*s.application_id);
  } else {
    o.null();
  }
  o.field_null("scheduled_at");
  o.field_null("idempotency");
  o.field("with_rate_limit", false);
  o.end_object();
  o.empty_array("media_attachments");
  o.end_object();
}

http::Response scheduled_status_response(const Env& env, const core::ScheduledStatus& s) {
  JsonOut o;
  write_scheduled_status(o, env, s);
  return http::Response::json(o.take());
}

}  // namespace parloir::api
