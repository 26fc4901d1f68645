#include "text/extract.h"

#include <algorithm>

#include "text/unicode.h"

namespace parloir::text {

namespace {

using unicode::decode;
using unicode::decode_before;

constexpr std::size_t npos = std::string_view::npos;
constexpr std::size_t kMaxUrlLength = 4096;  // twitter-text MAX_URL_LENGTH (code points)

bool ascii_alpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool ascii_alnum(char32_t c) { return ascii_alpha(c) || ascii_digit(c); }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view s, std::size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k)
    if (ascii_lower(s[at + k]) != prefix[k]) return false;
  return true;
}

// ---- URLs ---------------------------------------------------------------------------------

// twitter-text DOMAIN_VALID_CHARS: not ASCII punctuation, space, control or invalid.
bool is_domain_char(char32_t cp) {
  if (cp < 0x80) return ascii_alnum(cp);
  if (cp <= 0x9F || cp == 0x180E || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF) return false;
  return !unicode::is_space(cp);
}

bool is_label_char(char32_t cp) { return cp == '-' || cp == '_' || is_domain_char(cp); }

// Mastodon's valid_general_url_path_chars: [^\p{White_Space}<>()?]
bool is_path_char(char32_t cp) {
  return !(unicode::is_space(cp) || cp == '<' || cp == '>' || cp == '(' || cp == ')' || cp == '?');
}

// Mastodon's valid_url_path_ending_chars (minus the balanced-parentheses alternative).
bool is_path_ending_char(char32_t cp) {
  if (!is_path_char(cp)) return false;
  switch (cp) {
    case '!': case '*': case '"': case '\'': case ';': case ':': case '=': case ',': case '.':
    case '$': case '%': case '[': case ']': case '~': case '&': case '|': case '@':
    case 0x300C: case 0x300D:  // 「 」
      return false;
    default:
      return true;
  }
}

// Mastodon's UCHARS: U+00A0 and above minus surrogates, non-characters and a few specials.
bool is_uchar(char32_t cp) {
  if (cp < 0xA0) return false;
  if (cp <= 0xD7FF) return true;
  if (cp >= 0xE000 && cp <= 0xF8FF) return true;
  if ((cp >= 0xF900 && cp <= 0xFDCF) || (cp >= 0xFDF0 && cp <= 0xFFEF)) return true;
  if (cp < 0x10000 || (cp & 0xFFFF) > 0xFFFD) return false;
  return !(cp >= 0xE0000 && cp < 0xE1000);
}

bool is_query_char(char32_t cp) {
  if (ascii_alnum(cp) || is_uchar(cp)) return true;
  switch (cp) {
    case '!': case '?': case '*': case '\'': case '(': case ')': case ';': case ':': case '&':
    case '=': case '+': case '$': case '/': case '%': case '#': case '[': case ']': case '-':
    case '_': case '.': case ',': case '~': case '|': case '@': case '^':
      return true;
    default:
      return false;
  }
}

bool is_query_ending_char(char32_t cp) {
  return ascii_alnum(cp) || is_uchar(cp) || cp == '_' || cp == '&' || cp == '=' || cp == '#' ||
         cp == '/' || cp == '-';
}

// Scans [[path chars]] from i; returns the end.
std::size_t skip_path_chars(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    auto d = decode(s, i);
    if (!is_path_char(d.cp)) break;
    i += d.len;
  }
  return i;
}

// valid_url_balanced_parens at s[i] == '(': "(x+)" or "(x*(x+)x*)". Returns the end or npos.
std::size_t balanced_parens_end(std::string_view s, std::size_t i) {
  std::size_t p = skip_path_chars(s, i + 1);
  if (p >= s.size()) return npos;
  if (s[p] == ')') return p > i + 1 ? p + 1 : npos;
  if (s[p] != '(') return npos;
  std::size_t inner = p + 1;
  std::size_t q = skip_path_chars(s, inner);
  if (q == inner || q >= s.size() || s[q] != ')') return npos;
  q = skip_path_chars(s, q + 1);
  if (q >= s.size() || s[q] != ')') return npos;
  return q + 1;
}

struct Label {
  std::size_t begin;
  std::size_t end;
};

// Where the TLD inside `l` ends, or npos when `l` cannot be a TLD. See extract.h.
std::size_t tld_end(std::string_view s, const Label& l) {
  auto first = decode(s, l.begin);
  if (first.cp < 0x80) {
    if (l.end - l.begin > 4 && starts_with_nocase(s, l.begin, "xn--") &&
        ascii_alnum(decode(s, l.begin + 4).cp)) {
      std::size_t p = l.begin + 4;
      while (p < l.end && ascii_alnum(static_cast<unsigned char>(s[p]))) ++p;
      return p;
    }
    std::size_t p = l.begin;
    while (p < l.end && ascii_alpha(static_cast<unsigned char>(s[p]))) ++p;
    if (p - l.begin < 2) return npos;
    if (p == l.end) return p;
    const auto next = decode(s, p).cp;
    // why: twitter-text's TLD lookahead (?=[^0-9a-z@+-]|$).
    return (ascii_alnum(next) || next == '-') ? npos : p;
  }
  for (std::size_t p = l.begin; p < l.end;) {
    auto d = decode(s, p);
    if (d.cp < 0x80) return npos;
    p += d.len;
  }
  return l.end;
}

bool label_edges_ok(std::string_view s, const Label& l, bool allow_underscore) {
  const char a = s[l.begin];
  const char z = s[l.end - 1];
  if (a == '-' || a == '_' || z == '-' || z == '_') return false;
  return allow_underscore || s.substr(l.begin, l.end - l.begin).find('_') == npos;
}

// Parses the host starting at `i`; returns the end of the domain (after the TLD) or npos.
std::size_t parse_host(std::string_view s, std::size_t i, std::vector<Label>& labels) {
  labels.clear();
  std::size_t p = i;
  while (true) {
    const std::size_t lb = p;
    while (p < s.size()) {
      auto d = decode(s, p);
      if (!is_label_char(d.cp)) break;
      p += d.len;
    }
    if (p == lb) break;
    labels.push_back({lb, p});
    if (p < s.size() && s[p] == '.') {
      ++p;
      continue;
    }
    break;
  }
  if (labels.size() < 2) return npos;
  // Labels before index `valid_prefix` are all acceptable subdomains.
  std::size_t valid_prefix = 0;
  while (valid_prefix < labels.size() && label_edges_ok(s, labels[valid_prefix], true)) ++valid_prefix;
  // why: the regex's greedy subdomain* makes the rightmost acceptable TLD win.
  for (std::size_t k = labels.size() - 1; k >= 1; --k) {
    const std::size_t end = tld_end(s, labels[k]);
    if (end == npos) continue;
    if (k + 1 == labels.size() && end == labels[k].end && end < s.size() && (s[end] == '@' || s[end] == '+'))
      continue;
    if (valid_prefix + 1 < k) continue;  // labels 0..k-2 must be valid subdomains
    if (!label_edges_ok(s, labels[k - 1], false)) continue;
    return end;
  }
  return npos;
}

bool url_may_start_after(std::string_view s, std::size_t i) {
  if (i == 0) return true;
  const char32_t cp = decode_before(s, i).cp;
  return !(ascii_alnum(cp) || cp == '@' || cp == '$' || cp == '#' || cp == 0xFF20 || cp == 0xFF03 ||
           cp == 0xFFFE || cp == 0xFEFF || cp == 0xFFFF);
}

// Tries to read a URL at s[i] ('h'); returns its end or npos.
std::size_t url_end_at(std::string_view s, std::size_t i, std::vector<Label>& labels) {
  std::size_t p;
  if (starts_with_nocase(s, i, "https://")) p = i + 8;
  else if (starts_with_nocase(s, i, "http://")) p = i + 7;
  else return npos;
  p = parse_host(s, p, labels);
  if (p == npos) return npos;
  if (p + 1 < s.size() && s[p] == ':' && ascii_digit(static_cast<unsigned char>(s[p + 1]))) {
    ++p;
    while (p < s.size() && ascii_digit(static_cast<unsigned char>(s[p]))) ++p;
  }
  if (p < s.size() && s[p] == '/') {
    std::size_t path_end = p + 1;
    std::size_t q = p + 1;
    while (q < s.size()) {
      if (s[q] == '(') {
        const std::size_t g = balanced_parens_end(s, q);
        if (g == npos) break;
        q = path_end = g;
        continue;
      }
      auto d = decode(s, q);
      if (!is_path_char(d.cp)) break;
      q += d.len;
      if (is_path_ending_char(d.cp)) path_end = q;
    }
    p = path_end;
  }
  if (p < s.size() && s[p] == '?') {
    std::size_t query_end = npos;
    for (std::size_t q = p + 1; q < s.size();) {
      auto d = decode(s, q);
      if (!is_query_char(d.cp)) break;
      q += d.len;
      if (is_query_ending_char(d.cp)) query_end = q;
    }
    if (query_end != npos) p = query_end;
  }
  std::size_t length = 0;
  for (std::size_t k = i; k < p; ++k)
    if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) ++length;
  return length > kMaxUrlLength ? npos : p;
}

Entity make_entity(EntityKind kind, std::string_view s, std::size_t b, std::size_t e) {
  Entity out;
  out.kind = kind;
  out.begin = b;
  out.end = e;
  out.text.assign(s.substr(b, e - b));
  return out;
}

// ---- mentions -----------------------------------------------------------------------------

bool is_username_char(char c) { return ascii_alnum(static_cast<unsigned char>(c)) || c == '_'; }

// [a-z0-9_]+([.-]+[a-z0-9_]+)* from p; returns the end (p when nothing matched).
std::size_t scan_username(std::string_view s, std::size_t p) {
  std::size_t q = p;
  while (q < s.size() && is_username_char(s[q])) ++q;
  if (q == p) return p;
  while (true) {
    std::size_t r = q;
    while (r < s.size() && (s[r] == '.' || s[r] == '-')) ++r;
    if (r == q) return q;
    std::size_t t = r;
    while (t < s.size() && is_username_char(s[t])) ++t;
    if (t == r) return q;
    q = t;
  }
}

std::size_t skip_word(std::string_view s, std::size_t p) {
  while (p < s.size()) {
    auto d = decode(s, p);
    if (!unicode::is_word(d.cp)) break;
    p += d.len;
  }
  return p;
}

// A ":port" (1-5 digits, not followed by a word character) at p; returns its end, or p.
// why: handles of servers on a non-default port (user@127.0.0.1:8401) must resolve too.
std::size_t scan_port(std::string_view s, std::size_t p) {
  if (p >= s.size() || s[p] != ':') return p;
  std::size_t q = p + 1;
  while (q < s.size() && q - p <= 5 && s[q] >= '0' && s[q] <= '9') ++q;
  if (q == p + 1 || q - p > 6 || skip_word(s, q) != q) return p;
  return q;
}

// [[:word:]]+([.-]+[[:word:]]+)*(:port)? from p; returns the end (p when nothing matched).
std::size_t scan_mention_domain(std::string_view s, std::size_t p) {
  std::size_t q = skip_word(s, p);
  if (q == p) return p;
  while (true) {
    std::size_t r = q;
    while (r < s.size() && (s[r] == '.' || s[r] == '-')) ++r;
    if (r == q) return scan_port(s, q);
    const std::size_t t = skip_word(s, r);
    if (t == r) return scan_port(s, q);
    q = t;
  }
}

// twitter-text LATIN_ACCENTS.
bool is_latin_accent(char32_t c) {
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x24F) ||
         (c >= 0x253 && c <= 0x254) || (c >= 0x256 && c <= 0x257) || c == 0x259 || c == 0x25B ||
         c == 0x263 || c == 0x268 || c == 0x26F || c == 0x272 || c == 0x289 || c == 0x28B || c == 0x2BB ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x1E00 && c <= 0x1EFF);
}

// twitter-text end_mention_match: \A(?:[@＠]|[latin accents]|://)
bool mention_end_rejected(std::string_view s, std::size_t end) {
  if (end >= s.size()) return false;
  if (s.compare(end, 3, "://") == 0) return true;
  const char32_t c = decode(s, end).cp;
  return c == '@' || c == 0xFF20 || is_latin_accent(c);
}

// ---- hashtags -----------------------------------------------------------------------------

bool is_hashtag_separator(char32_t c) { return c == '_' || c == 0xB7 || c == 0x30FB || c == 0x200C; }

// Length of the Tag::HASHTAG_NAME_PAT match at p, as a byte end, or npos.
std::size_t hashtag_name_end(std::string_view s, std::size_t p) {
  std::size_t q = p;
  std::size_t index = 0;
  bool first_is_word = false;
  std::size_t word_run_end = p;  // end of the leading pure-word run (HASHTAG_LAST_SEQUENCE)
  bool word_run_open = true;
  bool word_run_has_alpha = false;
  std::size_t last_word_start = npos, last_word_end = npos;
  std::size_t first_inner_alsep = npos;  // first alpha-or-separator at index >= 1
  while (q < s.size()) {
    auto d = decode(s, q);
    const bool word = unicode::is_word(d.cp);
    const bool sep = is_hashtag_separator(d.cp);
    if (!word && !sep) break;
    if (index == 0) first_is_word = word;
    if (word_run_open) {
      if (word) {
        word_run_end = q + d.len;
        word_run_has_alpha = word_run_has_alpha || unicode::is_alpha(d.cp);
      } else {
        word_run_open = false;
      }
    }
    if (index >= 1 && first_inner_alsep == npos && (sep || unicode::is_alpha(d.cp))) first_inner_alsep = q;
    if (word) {
      last_word_start = q;
      last_word_end = q + d.len;
    }
    q += d.len;
    ++index;
  }
  // HASHTAG_FIRST_SEQUENCE: word, (word|sep)*, (alpha|sep), (word|sep)*, word.
  if (first_is_word && first_inner_alsep != npos && last_word_start != npos &&
      first_inner_alsep < last_word_start)
    return last_word_end;
  // HASHTAG_LAST_SEQUENCE: word* alpha word*.
  if (word_run_has_alpha) return word_run_end;
  return npos;
}

bool hashtag_may_start_after(std::string_view s, std::size_t i) {
  if (i == 0) return true;
  const char32_t c = decode_before(s, i).cp;
  return !(c == '=' || c == '/' || c == ')' || unicode::is_alnum(c));
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void remove_overlapping(std::vector<Entity>& entities) {
  std::stable_sort(entities.begin(), entities.end(),
                   [](const Entity& a, const Entity& b) { return a.begin < b.begin; });
  std::vector<Entity> kept;
  kept.reserve(entities.size());
  for (auto& e : entities) {
    if (!kept.empty() && kept.back().end > e.begin) continue;
    kept.push_back(std::move(e));
  }
  entities = std::move(kept);
}

}  // namespace

std::vector<Entity> extract_urls(std::string_view text) {
  std::vector<Entity> out;
  std::vector<Label> labels;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t h = text.find_first_of("hH", i);
    if (h == npos) break;
    if (url_may_start_after(text, h)) {
      const std::size_t end = url_end_at(text, h, labels);
      if (end != npos) {
        out.push_back(make_entity(EntityKind::url, text, h, end));
        i = end;
        continue;
      }
    }
    i = h + 1;
  }
  return out;
}

std::vector<Entity> extract_mentions(std::string_view text) {
  std::vector<Entity> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t at = text.find('@', i);
    if (at == npos) break;
    i = at + 1;
    if (at > 0) {
      const char32_t prev = decode_before(text, at).cp;
      if (prev == '=' || prev == '/' || unicode::is_word(prev)) continue;
    }
    const std::size_t user_end = scan_username(text, at + 1);
    if (user_end == at + 1) continue;
    std::size_t end = user_end;
    std::size_t domain_end = user_end;
    if (user_end < text.size() && text[user_end] == '@') {
      domain_end = scan_mention_domain(text, user_end + 1);
      if (domain_end > user_end + 1) end = domain_end;
    }
    i = end;  // why: Ruby's String#scan resumes after the match, even a discarded one.
    if (mention_end_rejected(text, end)) continue;
    Entity e = make_entity(EntityKind::mention, text, at, end);
    e.username.assign(text.substr(at + 1, user_end - at - 1));
    if (end > user_end) e.domain.assign(text.substr(user_end + 1, end - user_end - 1));
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Entity> extract_hashtags(std::string_view text) {
  std::vector<Entity> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t hash = text.find('#', i);
    if (hash == npos) break;
    i = hash + 1;
    if (!hashtag_may_start_after(text, hash)) continue;
    std::size_t end = hashtag_name_end(text, hash + 1);
    if (end == npos) continue;
    i = end;
    std::string_view name = text.substr(hash + 1, end - hash - 1);
    // why: Mastodon's Extractor strips a scheme glued to a tag ("#foohttps://...").
    if (text.compare(end, 3, "://") == 0) {
      for (std::string_view scheme : {std::string_view("https"), std::string_view("http")}) {
        if (name.size() > scheme.size() && ends_with(name, scheme)) {
          name.remove_suffix(scheme.size());
          end -= scheme.size();
          break;
        }
      }
    }
    Entity e = make_entity(EntityKind::hashtag, text, hash, end);
    e.name.assign(name);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Entity> extract_entities(std::string_view text) {
  std::vector<Entity> all = extract_urls(text);
  for (auto& e : extract_hashtags(text)) all.push_back(std::move(e));
  for (auto& e : extract_mentions(text)) all.push_back(std::move(e));
  remove_overlapping(all);
  return all;
}

std::vector<Entity> extract_urls_and_mentions(std::string_view text) {
  std::vector<Entity> all = extract_urls(text);
  for (auto& e : extract_mentions(text)) all.push_back(std::move(e));
  remove_overlapping(all);
  return all;
}

}  // namespace parloir::text
