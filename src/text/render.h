// Renders what a local user typed (status text, profile note, profile field value) into the
// HTML Mastodon produces for it (app/lib/text_formatter.rb + Rails simple_format), and reports
// the mentions and hashtags found so services can store them.
// Pure functions: the only outside knowledge comes through RenderContext, whose resolver is
// called synchronously. Thread-safe as long as the resolver is.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parloir::text {

// An account a mention resolved to.
struct MentionTarget {
  std::string id;        // opaque to this module (services put the account id here)
  std::string username;  // the stored local part, shown as @<span>username</span>
  std::string domain;    // empty for local accounts
  std::string url;       // profile page, used as the href ("https://host/@alice")

  // "alice" for local accounts, "alice@remote.example" otherwise (Mastodon's pretty_acct).
  std::string acct() const { return domain.empty() ? username : username + "@" + domain; }
};

// Looks up an account by (username, domain); domain is empty for the local server (a typed
// domain equal to RenderContext::local_domain, compared case-insensitively, arrives empty).
// Returns nullopt when unknown; the mention then stays plain text.
using MentionResolver =
    std::function<std::optional<MentionTarget>(std::string_view username, std::string_view domain)>;

struct RenderContext {
  std::string base_url;          // "https://host", no trailing slash; hashtag links go to base_url/tags/name
  std::string local_domain;      // "host": "@alice@host" is the local alice
  MentionResolver resolve_mention;  // may be empty: every mention stays plain text
  // Accounts known to be involved besides the mentioned ones (the status author). Like
  // Mastodon's preloaded_accounts, they only matter for disambiguation: when two involved
  // accounts share a username, statuses show the full acct ("@alice@remote.example").
  std::vector<MentionTarget> preloaded;
};

struct Rendered {
  std::string html;
  // Resolved mentions, in order of first appearance, one per account (by url).
  std::vector<MentionTarget> mentions;
  // Hashtag names as typed, in order of first appearance, deduplicated ignoring ASCII case.
  // Normalisation (Unicode case folding, NFKC) is the caller's business.
  std::vector<std::string> tags;
};

// Status text -> HTML. Blank text (only whitespace) renders as "". Otherwise:
// - text outside entities is HTML-escaped (& < > " ');
// - URLs: <a href="URL" target="_blank" rel="nofollow noopener" translate="no"><span
//   class="invisible">https://www.</span><span class="">first 30 code points</span><span
//   class="invisible">rest</span></a>; the middle class is "ellipsis" when the part after the
//   scheme (and "www.") is longer than 30 code points; the scheme is only hidden when it is
//   lower case, as in Mastodon;
// - resolved mentions: <span class="h-card" translate="no"><a href="URL" class="u-url
//   mention">@<span>username</span></a></span> (the full acct when another involved account
//   has the same username); unresolved ones stay "@user@domain" text;
// - hashtags: <a href="BASE/tags/NAME" class="mention hashtag" rel="tag">#<span>NAME</span></a>
//   with NAME as typed (percent-encoded in the href);
// - then Rails simple_format: \r\n and \r become \n, paragraphs split on \n\n+ become
//   <p>...</p>, a single \n inside a paragraph becomes <br />, other newlines disappear.
Rendered render_status_html(std::string_view text, const RenderContext& ctx);

// Profile note (bio) -> HTML: the same rules, except that mentions always show the bare
// username (Mastodon formats notes without preloaded accounts).
Rendered render_plain_note_html(std::string_view text, const RenderContext& ctx);

// Profile field value -> HTML: links, mentions and hashtags but no paragraphs or <br />
// (newlines are kept as they are), links carry rel="nofollow noopener me", and mentions show
// the full acct (Mastodon: multiline: false, with_rel_me: true, with_domains: true).
Rendered render_field_value_html(std::string_view text, const RenderContext& ctx);

}  // namespace parloir::text
