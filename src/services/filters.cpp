#include "services/filters.h"

#include <algorithm>
#include <cctype>

#include "services/event_hub.h"
#include "services/statuses.h"
#include "services/view_cache.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

util::Error not_found() { return util::Error{ErrorCode::not_found, "Record not found", {}}; }

util::Error invalid(const std::string& what) {
  return util::Error{ErrorCode::unprocessable, "Validation failed: " + what, {}};
}

// Word characters for whole-word matching: ASCII letters, digits, '_' and any non-ASCII byte
// (so letters of other scripts are never split).
bool is_word_byte(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// Status HTML to plain text (for remote statuses without source text).
std::string strip_html(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool in_tag = false;
  for (std::size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (in_tag) {
      if (c == '>') in_tag = false;
      continue;
    }
    if (c == '<') {
      // why: paragraphs and line breaks separate words.
      if (html.substr(i, 3) == "<br" || html.substr(i, 3) == "</p") out += '\n';
      in_tag = true;
      continue;
    }
    if (c == '&') {
      static const std::pair<std::string_view, char> entities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
      bool replaced = false;
      for (const auto& [e, ch] : entities) {
        if (html.substr(i, e.size()) == e) {
          out += ch;
          i += e.size() - 1;
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
    }
    out += c;
  }
  return out;
}

util::Status validate_title(const std::string& title) {
  if (util::trim(title).empty()) return fail(invalid("Title can't be blank"));
  if (util::utf8_length(title) > core::kMaxFilterTitle)
    return fail(invalid("Title is too long (maximum is 256 characters)"));
  return {};
}

util::Status validate_keyword(const std::string& keyword) {
  if (util::trim(keyword).empty()) return fail(invalid("Keyword can't be blank"));
  if (util::utf8_length(keyword) > core::kMaxFilterKeyword)
    return fail(invalid("Keyword is too long (maximum is 512 characters)"));
  return {};
}

util::Result<unsigned> parse_context(const std::vector<std::string>& names) {
  unsigned mask = 0;
  for (const auto& n : names) {
    if (n.empty()) continue;
    unsigned bit = core::parse_filter_context(n);
    if (!bit) return fail(invalid("Context None or invalid context supplied"));
    mask |= bit;
  }
  if (!mask) return fail(invalid("Context can't be blank"));
  return mask;
}

std::optional<std::int64_t> expiry(const std::optional<std::int64_t>& seconds, std::int64_t now) {
  if (!seconds) return std::nullopt;
  return now + *seconds * 1000;
}

// Applies the scalar fields of `in` to `f` (validated).
util::Status apply_fields(core::Filter& f, const FilterInput& in, std::int64_t now) {
  if (in.title) {
    if (auto v = validate_title(*in.title); !v) return v;
    f.title = *in.title;
  }
  if (in.context) {
    auto mask = parse_context(*in.context);
    if (!mask) return fail(mask.error());
    f.context = *mask;
  }
  if (in.filter_action) {
    auto a = core::parse_filter_action(*in.filter_action);
    if (!a) return fail(invalid("Filter action is not included in the list"));
    f.action = *a;
  }
  if (in.expires_in) f.expires_at = expiry(*in.expires_in, now);
  return {};
}

// A write transaction on the account's filters; after a commit, FiltersChangedEvent (streams
// send filters_changed and reload the account's filters).
template <class Fn>
util::Status write_announced(const Deps& deps, core::Id account_id, Fn&& fn) {
  auto st = deps.store.write(std::forward<Fn>(fn));
  deps.views.invalidate_viewer(account_id);  // the cached active filters (load_active_filters)
  if (st) deps.events.publish(FiltersChangedEvent{account_id});
  return st;
}

template <class T, class Fn>
util::Result<T> read_one(const Deps& deps, Fn&& fn) {
  std::optional<T> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto r = fn(tx);
    if (!r) return fail(r.error());
    out = std::move(*r);
    return {};
  });
  if (!st) return fail(st.error());
  if (!out) return fail(not_found());
  return std::move(*out);
}

util::Result<core::Filter> load_filter(store::Tx& tx, core::Id account_id, core::Id id) {
  auto f = tx.filters().find(account_id, id);
  if (!f) return fail(f.error());
  if (!*f) return fail(not_found());
  return std::move(**f);
}

}  // namespace

// ---- matching ---------------------------------------------------------------------------------

bool keyword_matches(std::string_view text, std::string_view keyword, bool whole_word) {
  if (keyword.empty()) return false;
  const std::string hay = util::to_lower(text);
  const std::string needle = util::to_lower(keyword);
  const bool word_start = is_word_byte(static_cast<unsigned char>(needle.front()));
  const bool word_end = is_word_byte(static_cast<unsigned char>(needle.back()));
  for (std::size_t pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) {
    if (!whole_word) return true;
    const std::size_t end = pos + needle.size();
    bool ok_start = !word_start || pos == 0 || !is_word_byte(static_cast<unsigned char>(hay[pos - 1]));
    bool ok_end = !word_end || end == hay.size() || !is_word_byte(static_cast<unsigned char>(hay[end]));
    if (ok_start && ok_end) return true;
  }
  return false;
}

std::vector<FilterResult> match_filters(const std::vector<core::Filter>& filters, const core::Status& status,
                                        std::string_view context, std::int64_t now_ms) {
  std::vector<FilterResult> out;
  const unsigned bit = core::parse_filter_context(context);
  if (!bit) return out;
  std::string text;  // built on first need
  bool have_text = false;
  for (const auto& f : filters) {
    if (!(f.context & bit) || f.expired(now_ms)) continue;
    FilterResult r;
    for (const auto& k : f.keywords) {
      if (!have_text) {
        text = status.spoiler_text + "\n\n" + (status.text.empty() ? strip_html(status.content) : status.text);
        have_text = true;
      }
      if (keyword_matches(text, k.keyword, k.whole_word)) r.keyword_matches.push_back(k.keyword);
    }
    for (const auto& s : f.statuses) {
      if (s.status_id == status.id || (status.reblog_of_id && s.status_id == *status.reblog_of_id))
        r.status_matches.push_back(core::id_string(s.status_id));
    }
    if (r.keyword_matches.empty() && r.status_matches.empty()) continue;
    r.filter = f;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<FilterResult> match_filters(const std::vector<core::Filter>& filters, const core::Status& status,
                                        std::string_view context) {
  return match_filters(filters, status, context, util::now_ms());
}

util::Result<std::vector<core::Filter>> load_active_filters(const Deps& deps, core::Id account_id) {
  const std::int64_t now = util::now_ms();
  // why: read on every timeline request; cached per viewer (ViewCache) until a change of the
  // viewer's filters or the first expiry among them.
  if (auto cached = deps.views.filters(account_id, now)) return *cached;
  auto loaded = read_one<std::vector<core::Filter>>(deps, [&](store::Tx& tx) { return tx.filters().list(account_id, now); });
  if (loaded) deps.views.put_filters(account_id, std::make_shared<const std::vector<core::Filter>>(*loaded));
  return loaded;
}

// ---- v2 CRUD ----------------------------------------------------------------------------------

util::Result<core::Filter> create_filter(const Deps& deps, core::Id account_id, const FilterInput& in) {
  const std::int64_t now = util::now_ms();
  core::Filter f;
  f.account_id = account_id;
  f.created_at = f.updated_at = now;
  if (!in.title) return fail(invalid("Title can't be blank"));
  if (!in.context) return fail(invalid("Context can't be blank"));
  if (auto v = apply_fields(f, in, now); !v) return fail(v.error());
  f.id = deps.ids.next(now);
  for (const auto& k : in.keywords) {
    if (k.destroy || k.id) continue;  // nothing to update or destroy on a new filter
    if (!k.keyword) return fail(invalid("Keyword can't be blank"));
    if (auto v = validate_keyword(*k.keyword); !v) return fail(v.error());
    f.keywords.push_back(core::FilterKeyword{deps.ids.next(now), f.id, *k.keyword, k.whole_word.value_or(true), now});
  }
  auto st = write_announced(deps, account_id, [&](store::Tx& tx) { return tx.filters().insert(f); });
  if (!st) return fail(st.error());
  return f;
}

util::Result<core::Filter> update_filter(const Deps& deps, core::Id account_id, core::Id id, const FilterInput& in) {
  const std::int64_t now = util::now_ms();
  std::optional<core::Filter> result;
  auto st = write_announced(deps, account_id, [&](store::Tx& tx) -> util::Status {
    auto f = load_filter(tx, account_id, id);
    if (!f) return fail(f.error());
    if (auto v = apply_fields(*f, in, now); !v) return v;
    f->updated_at = now;
    if (auto s = tx.filters().update(*f); !s) return s;
    for (const auto& k : in.keywords) {
      if (k.id) {
        auto it = std::find_if(f->keywords.begin(), f->keywords.end(), [&](const auto& e) { return e.id == *k.id; });
        if (it == f->keywords.end()) return fail(not_found());
        if (k.destroy) {
          auto r = tx.filters().remove_keyword(account_id, *k.id);
          if (!r) return fail(r.error());
          continue;
        }
        if (k.keyword) {
          if (auto v = validate_keyword(*k.keyword); !v) return v;
          it->keyword = *k.keyword;
        }
        if (k.whole_word) it->whole_word = *k.whole_word;
        if (auto s = tx.filters().update_keyword(*it); !s) return s;
      } else if (!k.destroy) {
        if (!k.keyword) return fail(invalid("Keyword can't be blank"));
        if (auto v = validate_keyword(*k.keyword); !v) return v;
        core::FilterKeyword nk{deps.ids.next(now), id, *k.keyword, k.whole_word.value_or(true), now};
        if (auto s = tx.filters().insert_keyword(nk); !s) return s;
      }
    }
    auto fresh = load_filter(tx, account_id, id);
    if (!fresh) return fail(fresh.error());
    result = std::move(*fresh);
    return {};
  });
  if (!st) return fail(st.error());
  return std::move(*result);
}

util::Status delete_filter(const Deps& deps, core::Id account_id, core::Id id) {
  return write_announced(deps, account_id, [&](store::Tx& tx) -> util::Status {
    auto r = tx.filters().remove(account_id, id);
    if (!r) return fail(r.error());
    if (!*r) return fail(not_found());
    return {};
  });
}

util::Result<core::Filter> get_filter(const Deps& deps, core::Id account_id, core::Id id) {
  return read_one<core::Filter>(deps, [&](store::Tx& tx) { return tx.filters().find(account_id, id); });
}

util::Result<std::vector<core::Filter>> list_filters(const Deps& deps, core::Id account_id) {
  return read_one<std::vector<core::Filter>>(deps, [&](store::Tx& tx) { return tx.filters().list(account_id); });
}

util::Result<core::FilterKeyword> add_filter_keyword(const Deps& deps, core::Id account_id, core::Id filter_id,
                                                     const std::string& keyword, bool whole_word) {
  if (auto v = validate_keyword(keyword); !v) return fail(v.error());
  const std::int64_t now = util::now_ms();
  core::FilterKeyword k{deps.ids.next(now), filter_id, keyword, whole_word, now};
  auto st = write_announced(deps, account_id, [&](store::Tx& tx) -> util::Status {
    auto f = tx.filters().find(account_id, filter_id);
    if (!f) return fail(f.error());
    if (!*f) return fail(not_found());
    return tx.filters().insert_keyword(k);
  });
  if (!st) return fail(st.error());
  return k;
}

util::Result<core::FilterKeyword> update_filter_keyword(const Deps& deps, core::Id account_id, core::Id id,
                                                        const std::optional<std::string>& keyword,
                                                        std::optional<bool> whole_word) {
  if (keyword)
    if (auto v = validate_keyword(*keyword); !v) return fail(v.error());
  std::optional<core::FilterKeyword> out;
  auto st = write_announced(deps, account_id, [&](store::Tx& tx) -> util::Status {
    auto k = tx.filters().find_keyword(account_id, id);
    if (!k) return fail(k.error());
    if (!*k) return fail(not_found());
    if (keyword) (*k)->keyword = *keyword;
    if (whole_word) (*k)->whole_word = *whole_word;
    if (auto s = tx.filters().update_keyword(**k); !s) return s;
    out = std::move(**k);
    return {};
  });
  if (!st) return fail(st.error());
  return std::move(*out);
}

util::Status delete_filter_keyword(const Deps& deps, core::Id account_id, core::Id id) {
  return write_announced(deps, account_id, [&](store::Tx& tx) -> util::Status {
    auto r = tx.filters().remove_keyword(account_id, id);
    if (!r) return fail(r.error());
    if (!*r) return fail(not_found());
    return {};
  });
}

util::Result<core::FilterKeyword> get_filter_keyword(const Deps& deps, core::Id account_id, core::Id id) {
  return read_one<core::FilterKeyword>(deps, [&](store::Tx& tx) { return tx.filters().find_keyword(account_id, id); });
}

util::Result<core::FilterStatus> add_filter_status(const Deps& deps, core::Id account_id, core::Id filter_id,
                                                   core::Id status_id) {
  auto visible = get_status(deps, Viewer{account_id}, status_id);
  if (!visible) return fail(visible.error());
  const std::int64_t now = util::now_ms();
  core::FilterStatus fs{deps.ids.next(now), filter_id, status_id, now};
  auto st = write_announced(deps, account_id, [&](store::Tx& tx) -> util::Status {
    auto f = tx.filters().find(account_id, filter_id);
    if (!f) return fail(f.error());
    if (!*f) return fail(not_found());
    for (const auto& s : (*f)->statuses)
      if (s.status_id == status_id) return fail(invalid("Status has already been taken"));
    return tx.filters().insert_status(fs);
  });
  if (!st) return fail(st.error());
  return fs;
}

util::Status delete_filter_status(const Deps& deps, core::Id account_id, core::Id id) {
  return write_announced(deps, account_id, [&](store::Tx& tx) -> util::Status {
    auto r = tx.filters().remove_status(account_id, id);
    if (!r) return fail(r.error());
    if (!*r) return fail(not_found());
    return {};
  });
}

util::Result<core::FilterStatus> get_filter_status(const Deps& deps, core::Id account_id, core::Id id) {
  return read_one<core::FilterStatus>(deps, [&](store::Tx& tx) { return tx.filters().find_status(account_id, id); });
}

// ---- v1 ---------------------------------------------------------------------------------------

util::Result<std::vector<V1Filter>> list_v1_filters(const Deps& deps, core::Id account_id) {
  auto all = list_filters(deps, account_id);
  if (!all) return fail(all.error());
  std::vector<V1Filter> out;
  for (const auto& f : *all)
    for (const auto& k : f.keywords) out.push_back(V1Filter{f, k});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.keyword.id > b.keyword.id; });
  return out;
}

util::Result<V1Filter> get_v1_filter(const Deps& deps, core::Id account_id, core::Id keyword_id) {
  auto k = get_filter_keyword(deps, account_id, keyword_id);
  if (!k) return fail(k.error());
  auto f = get_filter(deps, account_id, k->filter_id);
  if (!f) return fail(f.error());
  return V1Filter{std::move(*f), std::move(*k)};
}

util::Result<V1Filter> create_v1_filter(const Deps& deps, core::Id account_id, const V1FilterInput& in) {
  if (!in.phrase) return fail(invalid("Keyword can't be blank"));
  FilterInput f;
  f.title = *in.phrase;
  f.context = in.context ? *in.context : std::vector<std::string>{};
  f.filter_action = in.irreversible.value_or(false) ? "hide" : "warn";
  f.expires_in = in.expires_in;
  KeywordAttributes k;
  k.keyword = *in.phrase;
  k.whole_word = in.whole_word.value_or(true);
  f.keywords.push_back(k);
  auto created = create_filter(deps, account_id, f);
  if (!created) return fail(created.error());
  auto kw = created->keywords.front();
  return V1Filter{std::move(*created), std::move(kw)};
}

util::Result<V1Filter> update_v1_filter(const Deps& deps, core::Id account_id, core::Id keyword_id,
                                        const V1FilterInput& in) {
  auto current = get_v1_filter(deps, account_id, keyword_id);
  if (!current) return fail(current.error());
  FilterInput f;
  if (in.phrase) f.title = *in.phrase;
  f.context = in.context;
  if (in.irreversible) f.filter_action = *in.irreversible ? "hide" : "warn";
  f.expires_in = in.expires_in;
  if (in.phrase || in.whole_word) {
    KeywordAttributes k;
    k.id = keyword_id;
    k.keyword = in.phrase;
    k.whole_word = in.whole_word;
    f.keywords.push_back(k);
  }
  auto updated = update_filter(deps, account_id, current->filter.id, f);
  if (!updated) return fail(updated.error());
  return get_v1_filter(deps, account_id, keyword_id);
}

util::Status delete_v1_filter(const Deps& deps, core::Id account_id, core::Id keyword_id) {
  return write_announced(deps, account_id, [&](store::Tx& tx) -> util::Status {
    auto k = tx.filters().find_keyword(account_id, keyword_id);
    if (!k) return fail(k.error());
    if (!*k) return fail(not_found());
    auto f = load_filter(tx, account_id, (*k)->filter_id);
    if (!f) return fail(f.error());
    if (f->keywords.size() <= 1 && f->statuses.empty()) {
      auto r = tx.filters().remove(account_id, f->id);
      if (!r) return fail(r.error());
      return {};
    }
    auto r = tx.filters().remove_keyword(account_id, keyword_id);
    if (!r) return fail(r.error());
    return {};
  });
}

}  // namespace parloir::services
