#include "api/serializers/filter.h"

#include "util/time.h"

namespace parloir::api {

namespace {

void write_context(JsonOut& o, unsigned mask) {
  o.key("context").begin_array();
  for (auto name : core::filter_context_names(mask)) o.str(name);
  o.end_array();
}

void write_expires_at(JsonOut& o, const std::optional<std::int64_t>& at) {
  o.key("expires_at");
  if (at) {
    o.str(util::format_datetime(*at));
  } else {
    o.null();
  }
}

}  // namespace

void write_filter_keyword(JsonOut& o, const core::FilterKeyword& k) {
  o.begin_object().field("id", core::id_string(k.id)).field("keyword", k.keyword).field("whole_word", k.whole_word)
      .end_object();
}

void write_filter_status(JsonOut& o, const core::FilterStatus& s) {
  o.begin_object().field("id", core::id_string(s.id)).field("status_id", core::id_string(s.status_id)).end_object();
}

void write_filter(JsonOut& o, const Env& /*env*/, const core::Filter& f) {
  o.begin_object();
  o.field("id", core::id_string(f.id));
  o.field("title", f.title);
  write_context(o, f.context);
  write_expires_at(o, f.expires_at);
  o.field("filter_action", core::filter_action_name(f.action));
  o.key("keywords").begin_array();
  for (const auto& k : f.keywords) write_filter_keyword(o, k);
  o.end_array();
  o.key("statuses").begin_array();
  for (const auto& s : f.statuses) write_filter_status(o, s);
  o.end_array();
  o.end_object();
}

void write_filter_results(JsonOut& o, const Env& env, const std::vector<services::FilterResult>& results) {
  o.begin_array();
  for (const auto& r : results) {
    o.begin_object();
    o.key("filter");
    write_filter(o, env, r.filter);
    o.key("keyword_matches");
    if (r.keyword_matches.empty()) {
      o.null();
    } else {
      o.begin_array();
      for (const auto& k : r.keyword_matches) o.str(k);
      o.end_array();
    }
    o.key("status_matches");
    if (r.status_matches.empty()) {
      o.null();
    } else {
      o.begin_array();
      for (const auto& s : r.status_matches) o.str(s);
      o.end_array();
    }
    o.end_object();
  }
  o.end_array();
}

void write_v1_filter(JsonOut& o, const services::V1Filter& f) {
  o.begin_object();
  o.field("id", core::id_string(f.keyword.id));
  o.field("phrase", f.keyword.keyword);
  write_context(o, f.filter.context);
  o.field("whole_word", f.keyword.whole_word);
  write_expires_at(o, f.filter.expires_at);
  o.field("irreversible", f.filter.action == core::FilterAction::hide);
  o.end_object();
}

}  // namespace parloir::api
