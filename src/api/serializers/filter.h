// Mastodon Filter (v2), FilterKeyword, FilterStatus, FilterResult and V1::Filter JSON
// (mastodon-api.md §5.13).
#pragma once

#include <vector>

#include "api/env.h"
#include "api/json.h"
#include "core/filter.h"
#include "services/filters.h"

namespace parloir::api {

// {id, title, context[], expires_at, filter_action, keywords[], statuses[]}
void write_filter(JsonOut& out, const Env& env, const core::Filter& f);
// {id, keyword, whole_word}
void write_filter_keyword(JsonOut& out, const core::FilterKeyword& k);
// {id, status_id}
void write_filter_status(JsonOut& out, const core::FilterStatus& s);
// [{filter, keyword_matches, status_matches}] — the value of Status.filtered.
void write_filter_results(JsonOut& out, const Env& env, const std::vector<services::FilterResult>& results);
// {id, phrase, context, whole_word, expires_at, irreversible}
void write_v1_filter(JsonOut& out, const services::V1Filter& f);

}  // namespace parloir::api
