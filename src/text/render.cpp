#include "text/render.h"

#include <unordered_map>
#include <unordered_set>

#include "text/extract.h"
#include "text/unicode.h"
#include "util/strings.h"

namespace parloir::text {

namespace {

using util::html_escape;

struct Mode {
  bool multiline;     // Rails simple_format (paragraphs and <br />)
  bool rel_me;        // rel="... me" on links (profile fields)
  bool with_domains;  // mentions always show the full acct (profile fields)
  bool disambiguate;  // full acct when another involved account shares the username (statuses)
};

bool iequals(std::string_view a, std::string_view b) { return util::to_lower(a) == util::to_lower(b); }

// Byte offset just past the first `n` code points of s (s.size() when shorter).
std::size_t code_point_prefix(std::string_view s, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t seen = 0; i < s.size() && seen < n; ++seen) i += unicode::decode(s, i).len;
  return i;
}

// TextFormatter.shortened_link.
void append_link(std::string& out, std::string_view url, bool rel_me) {
  std::size_t prefix_len = 0;
  // why: URL_PREFIX_REGEX is case-sensitive, so "HTTPS://X.ORG" keeps its scheme visible.
  if (url.starts_with("https://")) prefix_len = 8;
  else if (url.starts_with("http://")) prefix_len = 7;
  if (prefix_len > 0 && url.substr(prefix_len).starts_with("www.")) prefix_len += 4;
  const std::string_view rest = url.substr(prefix_len);
  const std::size_t cut = code_point_prefix(rest, 30);
  out += "<a href=\"";
  out += html_escape(url);
  out += rel_me ? "\" target=\"_blank\" rel=\"nofollow noopener me\" translate=\"no\">"
                : "\" target=\"_blank\" rel=\"nofollow noopener\" translate=\"no\">";
  out += "<span class=\"invisible\">";
  out += html_escape(url.substr(0, prefix_len));
  out += cut < rest.size() ? "</span><span class=\"ellipsis\">" : "</span><span class=\"\">";
  out += html_escape(rest.substr(0, cut));
  out += "</span><span class=\"invisible\">";
  out += html_escape(rest.substr(cut));
  out += "</span></a>";
}

void append_hashtag(std::string& out, std::string_view name, const RenderContext& ctx) {
  out += "<a href=\"";
  out += html_escape(ctx.base_url + "/tags/" + util::url_encode(name));
  out += "\" class=\"mention hashtag\" rel=\"tag\">#<span>";
  out += html_escape(name);
  out += "</span></a>";
}

void append_mention(std::string& out, const MentionTarget& target, std::string_view display) {
  out += "<span class=\"h-card\" translate=\"no\"><a href=\"";
  out += html_escape(target.url);
  out += "\" class=\"u-url mention\">@<span>";
  out += html_escape(display);
  out += "</span></a></span>";
}

// Rails simple_format(html, {}, sanitize: false).delete("\n").
std::string simple_format(std::string_view html) {
  std::string t;
  t.reserve(html.size());
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '\r') {
      t.push_back('\n');
      if (i + 1 < html.size() && html[i + 1] == '\n') ++i;
    } else {
      t.push_back(html[i]);
    }
  }
  // String#split(/\n\n+/): a leading empty piece is kept, trailing empty pieces are dropped.
  std::vector<std::string_view> paragraphs;
  const std::string_view v(t);
  std::size_t start = 0;
  for (std::size_t i = 0; i < v.size();) {
    if (v[i] == '\n' && i + 1 < v.size() && v[i + 1] == '\n') {
      paragraphs.push_back(v.substr(start, i - start));
      while (i < v.size() && v[i] == '\n') ++i;
      start = i;
    } else {
      ++i;
    }
  }
  paragraphs.push_back(v.substr(start));
  while (!paragraphs.empty() && paragraphs.back().empty()) paragraphs.pop_back();
  if (paragraphs.empty()) return "<p></p>";
  std::string out;
  out.reserve(t.size() + paragraphs.size() * 7 + 16);
  for (std::string_view p : paragraphs) {
    out += "<p>";
    for (std::size_t k = 0; k < p.size(); ++k) {
      if (p[k] != '\n') {
        out.push_back(p[k]);
      } else if (k > 0 && k + 1 < p.size()) {  // ([^\n]\n)(?=[^\n]); no "\n\n" survives the split
        out += "<br />";
      }
    }
    out += "</p>";
  }
  return out;
}

Rendered render(std::string_view text, const RenderContext& ctx, const Mode& mode) {
  Rendered result;
  if (unicode::is_blank(text)) return result;
  const std::vector<Entity> entities = extract_entities(text);

  // Resolve every mention first: disambiguation needs the whole set of involved accounts.
  std::vector<std::optional<MentionTarget>> targets(entities.size());
  std::unordered_map<std::string, std::optional<MentionTarget>> cache;
  for (std::size_t k = 0; k < entities.size(); ++k) {
    const Entity& e = entities[k];
    if (e.kind != EntityKind::mention || !ctx.resolve_mention) continue;
    const bool local = e.domain.empty() || iequals(e.domain, ctx.local_domain);
    const std::string domain = local ? std::string() : e.domain;
    const std::string key = util::to_lower(e.username) + "@" + util::to_lower(domain);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, ctx.resolve_mention(e.username, domain)).first;
    targets[k] = it->second;
  }
  // Lower-cased username -> the distinct lower-cased domains among the involved accounts.
  std::unordered_map<std::string, std::unordered_set<std::string>> domains_by_username;
  auto involve = [&](const MentionTarget& t) {
    domains_by_username[util::to_lower(t.username)].insert(util::to_lower(t.domain));
  };
  for (const auto& p : ctx.preloaded) involve(p);
  for (const auto& t : targets)
    if (t) involve(*t);
  auto shares_username = [&](const MentionTarget& t) {
    return domains_by_username[util::to_lower(t.username)].size() > 1;
  };

  std::string html;
  html.reserve(text.size() * 2);
  std::unordered_set<std::string> seen_mentions;
  std::unordered_set<std::string> seen_tags;
  std::size_t last = 0;
  for (std::size_t k = 0; k < entities.size(); ++k) {
    const Entity& e = entities[k];
    html += html_escape(text.substr(last, e.begin - last));
    last = e.end;
    switch (e.kind) {
      case EntityKind::url:
        append_link(html, e.text, mode.rel_me);
        break;
      case EntityKind::hashtag:
        append_hashtag(html, e.name, ctx);
        if (seen_tags.insert(util::to_lower(e.name)).second) result.tags.push_back(e.name);
        break;
      case EntityKind::mention: {
        if (!targets[k]) {
          html += html_escape(e.text);
          break;
        }
        const MentionTarget& t = *targets[k];
        const bool full = mode.with_domains || (mode.disambiguate && shares_username(t));
        append_mention(html, t, full ? t.acct() : t.username);
        if (seen_mentions.insert(t.url).second) result.mentions.push_back(t);
        break;
      }
    }
  }
  html += html_escape(text.substr(last));
  result.html = mode.multiline ? simple_format(html) : std::move(html);
  return result;
}

}  // namespace

Rendered render_status_html(std::string_view text, const RenderContext& ctx) {
  return render(text, ctx, Mode{true, false, false, true});
}

Rendered render_plain_note_html(std::string_view text, const RenderContext& ctx) {
  return render(text, ctx, Mode{true, false, false, false});
}

Rendered render_field_value_html(std::string_view text, const RenderContext& ctx) {
  return render(text, ctx, Mode{false, true, true, false});
}

}  // namespace parloir::text
