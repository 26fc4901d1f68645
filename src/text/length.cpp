#include "text/length.h"

#include <string>

#include "text/extract.h"
#include "text/unicode.h"

namespace parloir::text {

namespace {

enum class Gcb { other, cr, lf, control, extend, zwj, regional, l, v, t, lv, lvt, pictographic };

bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x61C || cp == 0x180E ||
         cp == 0x200B || cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFB) ||
         (cp >= 0xE0000 && cp <= 0xE001F);
}

Gcb classify(char32_t cp) {
  if (cp == '\r') return Gcb::cr;
  if (cp == '\n') return Gcb::lf;
  if (cp == 0x200D) return Gcb::zwj;
  if (is_control(cp)) return Gcb::control;
  if (cp < 0x300) return cp == 0xA9 || cp == 0xAE ? Gcb::pictographic : Gcb::other;
  if (unicode::is_grapheme_extend(cp)) return Gcb::extend;
  if (unicode::is_regional_indicator(cp)) return Gcb::regional;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0xA960 && cp <= 0xA97C)) return Gcb::l;
  if ((cp >= 0x1160 && cp <= 0x11A7) || (cp >= 0xD7B0 && cp <= 0xD7C6)) return Gcb::v;
  if ((cp >= 0x11A8 && cp <= 0x11FF) || (cp >= 0xD7CB && cp <= 0xD7FB)) return Gcb::t;
  if (cp >= 0xAC00 && cp <= 0xD7A3) return (cp - 0xAC00) % 28 == 0 ? Gcb::lv : Gcb::lvt;
  if (unicode::is_extended_pictographic(cp)) return Gcb::pictographic;
  return Gcb::other;
}

}  // namespace

std::size_t grapheme_count(std::string_view text) {
  std::size_t count = 0;
  Gcb prev = Gcb::other;
  int pict_state = 0;          // 1: pictographic Extend*, 2: ... followed by ZWJ (GB11)
  std::size_t regional_run = 0;  // regional indicators ending at prev (GB12/13)
  for (std::size_t i = 0; i < text.size();) {
    const auto d = unicode::decode(text, i);
    i += d.len;
    const Gcb cur = classify(d.cp);
    bool boundary = true;
    if (count == 0) boundary = true;
    else if (prev == Gcb::cr && cur == Gcb::lf) boundary = false;
    else if (prev == Gcb::cr || prev == Gcb::lf || prev == Gcb::control) boundary = true;
    else if (cur == Gcb::cr || cur == Gcb::lf || cur == Gcb::control) boundary = true;
    else if (prev == Gcb::l && (cur == Gcb::l || cur == Gcb::v || cur == Gcb::lv || cur == Gcb::lvt))
      boundary = false;
    else if ((prev == Gcb::lv || prev == Gcb::v) && (cur == Gcb::v || cur == Gcb::t)) boundary = false;
    else if ((prev == Gcb::lvt || prev == Gcb::t) && cur == Gcb::t) boundary = false;
    else if (cur == Gcb::extend || cur == Gcb::zwj) boundary = false;
    else if (prev == Gcb::zwj && cur == Gcb::pictographic && pict_state == 2) boundary = false;
    else if (prev == Gcb::regional && cur == Gcb::regional && regional_run % 2 == 1) boundary = false;
    if (boundary) ++count;

    if (cur == Gcb::pictographic) pict_state = 1;
    else if (cur == Gcb::extend && pict_state == 1) pict_state = 1;
    else if (cur == Gcb::zwj && pict_state == 1) pict_state = 2;
    else pict_state = 0;
    regional_run = cur == Gcb::regional ? regional_run + 1 : 0;
    prev = cur;
  }
  return count;
}

std::size_t status_length(std::string_view text, std::string_view spoiler_text) {
  std::string combined(spoiler_text);
  if (!unicode::is_blank(text)) {
    std::size_t last = 0;
    for (const Entity& e : extract_urls_and_mentions(text)) {
      combined.append(text.substr(last, e.begin - last));
      last = e.end;
      if (e.kind == EntityKind::url) {
        combined.append(23, 'x');  // StatusLengthValidator::URL_PLACEHOLDER
      } else {
        combined.push_back('@');
        combined.append(e.username);
      }
    }
    combined.append(text.substr(last));
  }
  return grapheme_count(combined);
}

}  // namespace parloir::text
