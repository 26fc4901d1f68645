#include "text/sanitize.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "util/strings.h"

namespace parloir::text {

namespace {

constexpr int kMaxDepth = 64;
constexpr long kMaxTags = 10000;

bool one_of(std::string_view s, std::initializer_list<std::string_view> set) {
  for (auto x : set)
    if (s == x) return true;
  return false;
}

bool allowed_element(std::string_view tag) {
  return one_of(tag, {"p", "br", "span", "a", "del", "s", "pre", "blockquote", "code", "b", "strong", "u", "i", "em",
                      "ul", "ol", "li", "ruby", "rt", "rp"});
}

bool dropped_with_content(std::string_view tag) {
  return one_of(tag, {"script", "style", "template", "iframe", "object", "embed", "noscript", "title", "head", "svg",
                      "math", "textarea", "select", "button", "form", "input", "video", "audio", "img", "canvas"});
}

bool allowed_scheme(std::string_view href) {
  auto colon = href.find(':');
  if (colon == std::string_view::npos) return false;  // relative links become text
  std::string scheme = util::to_lower(href.substr(0, colon));
  return one_of(scheme, {"http", "https", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher", "xmpp", "magnet", "gemini"});
}

std::string filter_classes(std::string_view value) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && value[i] == ' ') ++i;
    std::size_t j = value.find(' ', i);
    if (j == std::string_view::npos) j = value.size();
    std::string_view c = value.substr(i, j - i);
    bool keep = c.rfind("h-", 0) == 0 || c.rfind("p-", 0) == 0 || c.rfind("u-", 0) == 0 || c.rfind("dt-", 0) == 0 ||
                c.rfind("e-", 0) == 0 || one_of(c, {"mention", "hashtag", "ellipsis", "invisible", "quote-inline"});
    if (keep && !c.empty()) {
      if (!out.empty()) out += ' ';
      out.append(c);
    }
    i = j;
  }
  return out;
}

const char* attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : nullptr;
}

std::string tag_name(const GumboElement& e) {
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  return "";
}

struct Writer {
  std::string out;

  void children(const GumboVector& kids, int depth) {
    for (unsigned i = 0; i < kids.length; ++i) node(static_cast<const GumboNode*>(kids.data[i]), depth);
  }

  void node(const GumboNode* n, int depth) {
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA: out += util::html_escape(n->v.text.text); return;
      case GUMBO_NODE_ELEMENT: element(n->v.element, depth); return;
      default: return;  // comments, document
    }
  }

  void element(const GumboElement& e, int depth) {
    std::string tag = tag_name(e);
    if (dropped_with_content(tag)) return;
    if (depth > kMaxDepth) return children(e.children, depth);
    if (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6') {
      out += "<p><strong>";
      children(e.children, depth + 1);
      out += "</strong></p>";
      return;
    }
    if (!allowed_element(tag)) return children(e.children, depth + 1);
    if (tag == "a") {
      const char* href = attr(e, "href");
      if (href == nullptr || !allowed_scheme(href)) return children(e.children, depth + 1);
    }
    out += '<';
    out += tag;
    if (const char* lang = attr(e, "lang")) append_attr("lang", lang);
    if (tag == "a") {
      append_attr("href", attr(e, "href"));
      append_attr("rel", "nofollow noopener");
      append_attr("target", "_blank");
      if (const char* t = attr(e, "translate")) append_attr("translate", t);
    }
    if (tag == "a" || tag == "span" || tag == "p")
      if (const char* c = attr(e, "class")) {
        std::string kept = filter_classes(c);
        if (!kept.empty()) append_attr("class", kept);
      }
    if (tag == "span")
      if (const char* t = attr(e, "translate")) append_attr("translate", t);
    if (tag == "ol") {
      if (const char* s = attr(e, "start"); s && util::is_digits(s)) append_attr("start", s);
      if (attr(e, "reversed")) append_attr("reversed", "reversed");
    }
    if (tag == "li")
      if (const char* v = attr(e, "value"); v && util::is_digits(v)) append_attr("value", v);
    out += '>';
    if (tag == "br") return;
    children(e.children, depth + 1);
    out += "</";
    out += tag;
    out += '>';
  }

  void append_attr(const char* name, std::string_view value) {
    out += ' ';
    out += name;
    out += "=\"";
    out += util::html_escape(value);
    out += '"';
  }
};

const GumboNode* body_of(const GumboOutput* doc) {
  const GumboNode* root = doc->root;
  if (root == nullptr || root->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboVector& kids = root->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    auto* n = static_cast<const GumboNode*>(kids.data[i]);
    if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_BODY) return n;
  }
  return nullptr;
}

struct TextWriter {
  std::string out;
  void node(const GumboNode* n, int depth) {
    if (depth > kMaxDepth) return;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      out += n->v.text.text;
      return;
    }
    if (n->type != GUMBO_NODE_ELEMENT) return;
    const GumboElement& e = n->v.element;
    std::string tag = tag_name(e);
    if (dropped_with_content(tag)) return;
    if (tag == "br") {
      out += '\n';
      return;
    }
    if (tag == "p" && !out.empty()) out += "\n\n";
    for (unsigned i = 0; i < e.children.length; ++i) node(static_cast<const GumboNode*>(e.children.data[i]), depth + 1);
  }
};

}  // namespace

std::string sanitize_remote_html(std::string_view html) {
  // why: the parser and its tree walks recurse per nesting level; bounding the number of tags
  // bounds the depth, so a hostile 1 MB of "<span>" cannot exhaust a thread's stack.
  if (std::count(html.begin(), html.end(), '<') > kMaxTags) return util::html_escape(html.substr(0, 65536));
  GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  Writer w;
  if (const GumboNode* body = body_of(doc)) w.children(body->v.element.children, 0);
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  return w.out;
}

std::string html_to_text(std::string_view html) {
  if (std::count(html.begin(), html.end(), '<') > kMaxTags) return std::string(html.substr(0, 65536));
  GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  TextWriter w;
  if (const GumboNode* body = body_of(doc)) w.node(body, 0);
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  return w.out;
}

}  // namespace parloir::text
