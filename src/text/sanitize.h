// Remote HTML → safe HTML, with Mastodon's MASTODON_STRICT allowlist (never trust remote HTML).
// Parsed with gumbo (an HTML5 parser, so the result matches what browsers would build).
// Kept elements: p br span a del s pre blockquote code b strong u i em ul ol li ruby rt rp;
// h1–h6 become <p><strong>; script/style/template/iframe/object/embed and similar are dropped
// with their content; any other element is replaced by its children. Kept attributes: `lang`
// everywhere, a: href (http, https, dat, dweb, ipfs, ipns, ssb, gopher, xmpp, magnet, gemini —
// anything else turns the link into its text), rel/target forced to "nofollow noopener" /
// "_blank", class/span.class/p.class filtered to microformats and mention/hashtag/ellipsis/
// invisible/quote-inline; ol: start, reversed; li: value. Nesting deeper than 64 is flattened.
// Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace parloir::text {

std::string sanitize_remote_html(std::string_view html);

// The visible text of remote HTML (tags removed, entities decoded, <br>/<p> as newlines).
std::string html_to_text(std::string_view html);

}  // namespace parloir::text
