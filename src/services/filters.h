// Content filters (Mastodon's filters v2, and v1 on the same tables): CRUD for a user's filters,
// keywords and filtered statuses, loading a viewer's active filters, and the pure matcher the
// status serializer uses to fill `Status.filtered`. Blocking except match_filters (pure).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/filter.h"
#include "core/status.h"
#include "services/deps.h"
#include "util/result.h"

namespace parloir::services {

// ---- matching (pure) --------------------------------------------------------------------------

struct FilterResult {
  core::Filter filter;
  std::vector<std::string> keyword_matches;  // the keywords that matched, as the user typed them
  std::vector<std::string> status_matches;   // ids (decimal) of the filtered statuses that matched
};

// The filters among `filters` that apply to `status` in `context` ("home", "notifications",
// "public", "thread", "account"): not expired at `now_ms`, and either a keyword found in the
// status text or spoiler (case-insensitive; whole_word keywords only between word boundaries)
// or the status (or, for a reblog wrapper, its original) listed in the filter. Pass the
// original status for reblogs to match on its text.
std::vector<FilterResult> match_filters(const std::vector<core::Filter>& filters, const core::Status& status,
                                        std::string_view context, std::int64_t now_ms);
std::vector<FilterResult> match_filters(const std::vector<core::Filter>& filters, const core::Status& status,
                                        std::string_view context);

// True when a keyword occurs in `text` under the rules above (exposed for tests).
bool keyword_matches(std::string_view text, std::string_view keyword, bool whole_word);

// The viewer's filters not expired now, with keywords and statuses: cached per viewer in the
// ViewCache (dropped by every change of them), else one query.
util::Result<std::vector<core::Filter>> load_active_filters(const Deps& deps, core::Id account_id);

// ---- CRUD -------------------------------------------------------------------------------------

// keywords_attributes[]: a new keyword (no id), a change to one (id), or its removal (id + destroy).
struct KeywordAttributes {
  std::optional<core::Id> id;
  std::optional<std::string> keyword;
  std::optional<bool> whole_word;
  bool destroy = false;
};

struct FilterInput {
  std::optional<std::string> title;
  std::optional<std::vector<std::string>> context;   // names; validated
  std::optional<std::string> filter_action;          // warn | hide | blur
  std::optional<std::optional<std::int64_t>> expires_in;  // seconds; inner nullopt = never
  std::vector<KeywordAttributes> keywords;
};

// Errors: unprocessable ("Validation failed: Title can't be blank", "Context can't be blank",
// "Context None or invalid context supplied", "Title is too long (maximum is 256 characters)",
// "Keyword is too long (maximum is 512 characters)", "Filter action is not included in the list").
util::Result<core::Filter> create_filter(const Deps& deps, core::Id account_id, const FilterInput& input);
// Changes the given fields and applies keywords_attributes. not_found / unprocessable.
util::Result<core::Filter> update_filter(const Deps& deps, core::Id account_id, core::Id id, const FilterInput& input);
util::Status delete_filter(const Deps& deps, core::Id account_id, core::Id id);
util::Result<core::Filter> get_filter(const Deps& deps, core::Id account_id, core::Id id);
// Every filter of the account (expired ones included), by id.
util::Result<std::vector<core::Filter>> list_filters(const Deps& deps, core::Id account_id);

util::Result<core::FilterKeyword> add_filter_keyword(const Deps& deps, core::Id account_id, core::Id filter_id,
                                                     const std::string& keyword, bool whole_word);
util::Result<core::FilterKeyword> update_filter_keyword(const Deps& deps, core::Id account_id, core::Id id,
                                                        const std::optional<std::string>& keyword,
                                                        std::optional<bool> whole_word);
util::Status delete_filter_keyword(const Deps& deps, core::Id account_id, core::Id id);
util::Result<core::FilterKeyword> get_filter_keyword(const Deps& deps, core::Id account_id, core::Id id);

// The status must be visible to the account (not_found otherwise); unprocessable
// "Validation failed: Status has already been taken" when already in the filter.
util::Result<core::FilterStatus> add_filter_status(const Deps& deps, core::Id account_id, core::Id filter_id,
                                                   core::Id status_id);
util::Status delete_filter_status(const Deps& deps, core::Id account_id, core::Id id);
util::Result<core::FilterStatus> get_filter_status(const Deps& deps, core::Id account_id, core::Id id);

// ---- v1 (one keyword per filter; the v1 id is the keyword's id) -------------------------------

struct V1Filter {
  core::Filter filter;
  core::FilterKeyword keyword;
};
struct V1FilterInput {
  std::optional<std::string> phrase;
  std::optional<std::vector<std::string>> context;
  std::optional<bool> irreversible;  // hide instead of warn
  std::optional<bool> whole_word;
  std::optional<std::optional<std::int64_t>> expires_in;
};
util::Result<std::vector<V1Filter>> list_v1_filters(const Deps& deps, core::Id account_id);
util::Result<V1Filter> get_v1_filter(const Deps& deps, core::Id account_id, core::Id keyword_id);
util::Result<V1Filter> create_v1_filter(const Deps& deps, core::Id account_id, const V1FilterInput& input);
util::Result<V1Filter> update_v1_filter(const Deps& deps, core::Id account_id, core::Id keyword_id,
                                        const V1FilterInput& input);
// Deletes the keyword, and the filter when it was its last keyword.
util::Status delete_v1_filter(const Deps& deps, core::Id account_id, core::Id keyword_id);

}  // namespace parloir::services
