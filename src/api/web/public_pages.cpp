#include "api/web/public_pages.h"

#include <ctime>

#include "api/serializers/media.h"
#include "core/ids.h"
#include "services/accounts.h"
#include "services/statuses.h"
#include "services/timelines.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;

namespace {

constexpr int kProfileStatuses = 20;
constexpr std::size_t kDescriptionChars = 300;

bool valid_username(std::string_view u) {
  if (u.empty() || u.size() > 64) return false;
  for (char c : u)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
      return false;
  return true;
}

// Public web pages show public and unlisted statuses only, never local-only ones.
bool shown_on_web(const core::Status& s) {
  return !s.local_only && !s.is_reblog() &&
         (s.visibility == core::Visibility::public_ || s.visibility == core::Visibility::unlisted);
}

// Text of sanitised status HTML: tags dropped (<br> and </p> become spaces), the entities the
// renderer writes decoded. The result is plain text, to be escaped again where it goes.
std::string plain_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size();) {
    char c = html[i];
    if (c == '<') {
      std::size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      std::string_view tag = html.substr(i + 1, end - i - 1);
      if (tag.rfind("br", 0) == 0 || tag == "/p") out += ' ';
      i = end + 1;
    } else if (c == '&') {
      static constexpr std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
      bool done = false;
      for (auto [name, ch] : kEntities) {
        if (html.substr(i, name.size()) == name) {
          out += ch;
          i += name.size();
          done = true;
          break;
        }
      }
      if (!done) {
        out += c;
        ++i;
      }
    } else {
      out += c;
      ++i;
    }
  }
  // Collapse whitespace.
  std::string collapsed;
  bool space = false;
  for (char c : out) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !collapsed.empty();
    } else {
      if (space) collapsed += ' ';
      space = false;
      collapsed += c;
    }
  }
  return collapsed;
}

// At most `max` characters (code points), cut at a code point boundary, with "…" when cut.
std::string truncate_text(const std::string& s, std::size_t max) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (count++ == max) return s.substr(0, i) + "…";
  }
  return s;
}

std::string display_name(const core::Account& a) { return a.display_name.empty() ? a.username : a.display_name; }

std::string rfc822(std::int64_t unix_ms) {
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

struct Page {
  std::string title;        // plain text
  std::string description;  // plain text
  std::string image;        // absolute URL or ""
  bool large_image = false;
  std::string url;          // canonical
  std::string og_type;      // "profile" | "article"
  std::string activity_url; // ActivityPub id
  std::string rss;          // feed URL or ""
  std::string body;         // trusted HTML
  std::string app_path;     // the same thing in the web app ("/statuses/:id", "/accounts/:id")
};

const char* kStyle =
    "body{font-family:system-ui,sans-serif;background:#f4f4f8;color:#1c1c28;margin:0;padding:1rem}"
    "main{max-width:40rem;margin:0 auto}header,article{background:#fff;border-radius:12px;padding:1rem;"
    "margin-bottom:1rem;box-shadow:0 1px 6px rgba(0,0,0,.06)}img.avatar{width:64px;height:64px;border-radius:8px;"
    "float:left;margin-right:1rem}.handle{color:#667}.counts{color:#445;font-size:.9rem}.media img,.media video"
    "{max-width:100%;border-radius:8px;margin-top:.5rem}a{color:#4a3aff}.open{display:inline-block;margin:.5rem 0;"
    "padding:.5rem 1rem;background:#4a3aff;color:#fff;border-radius:6px;text-decoration:none}time{color:#667;"
    "font-size:.85rem}header:after{content:'';display:block;clear:both}"
    "@media (prefers-color-scheme:dark){body{background:#15151d;color:#e8e8f0}header,article{background:#22222e}"
    ".handle,time,.counts{color:#aab}a{color:#9d94ff}}";

std::string meta(std::string_view attr, std::string_view name, const std::string& content) {
  return "<meta " + std::string(attr) + "=\"" + std::string(name) + "\" content=\"" + util::html_escape(content) + "\">";
}

Response render(const Env& env, const Page& p) {
  using util::html_escape;
  std::string h = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" +
                  html_escape(p.title) + "</title>";
  h += meta("name", "description", p.description);
  h += meta("property", "og:site_name", instance_title(env));
  h += meta("property", "og:type", p.og_type);
  h += meta("property", "og:title", p.title);
  h += meta("property", "og:description", p.description);
  h += meta("property", "og:url", p.url);
  if (!p.image.empty()) h += meta("property", "og:image", p.image);
  h += meta("name", "twitter:card", p.large_image ? "summary_large_image" : "summary");
  h += meta("name", "twitter:title", p.title);
  h += meta("name", "twitter:description", p.description);
  if (!p.image.empty()) h += meta("name", "twitter:image", p.image);
  h += "<link rel=\"canonical\" href=\"" + html_escape(p.url) + "\">";
  h += "<link rel=\"alternate\" type=\"application/activity+json\" href=\"" + html_escape(p.activity_url) + "\">";
  if (!p.rss.empty())
    h += "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"" + html_escape(p.rss) + "\">";
  h += "<style>";
  h += kStyle;
  h += "</style></head><body><main>";
  h += p.body;
  h += "<p><a class=\"open\" href=\"" + html_escape(p.app_path) + "\">Open in " + html_escape(instance_title(env)) +
       "</a></p></main></body></html>";
  Response r = Response::html(std::move(h));
  std::string media = "'self' data:";
  if (!env.web_media_sources.empty()) media += " " + env.web_media_sources;
  r.with_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src " + media +
                                               "; media-src " + media +
                                               "; form-action 'none'; base-uri 'none'; frame-ancestors 'none'");
  r.with_header("X-Content-Type-Options", "nosniff");
  r.with_header("Referrer-Policy", "same-origin");
  r.with_header("X-Frame-Options", "DENY");
  r.with_header("Cache-Control", "no-cache");
  r.with_header("Vary", "Accept");
  return r;
}

Response not_found_page(const Env& env) {
  std::string h = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found - " +
                  util::html_escape(instance_title(env)) +
                  "</title></head><body><h1>Not found</h1><p>This page does not exist or is not public.</p>"
                  "<p><a href=\"/\">" + util::html_escape(instance_title(env)) + "</a></p></body></html>";
  Response r = Response::html(std::move(h), 404);
  r.with_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  r.with_header("X-Content-Type-Options", "nosniff");
  r.with_header("Cache-Control", "no-cache");
  return r;
}

std::string profile_url(const Env& env, const core::Account& a) { return env.base_url + "/@" + a.username; }
std::string status_url(const Env& env, const core::Account& a, core::Id id) {
  return profile_url(env, a) + "/" + core::id_string(id);
}
std::string avatar_url(const Env& env, const core::Account& a) {
  return a.avatar_path.empty() ? env.base_url + "/avatars/original/missing.png" : media_file_url(env, a.avatar_path);
}

// The first non-sensitive image of a status (its preview), for og:image.
std::string status_image(const Env& env, const core::Status& s) {
  if (s.sensitive) return {};
  for (const auto& m : s.media)
    if (m.type == core::MediaType::image || m.type == core::MediaType::gifv)
      return media_file_url(env, m.preview_key.empty() ? m.file_key : m.preview_key);
  return {};
}

std::string attachments_html(const Env& env, const core::Status& s) {
  if (s.media.empty()) return {};
  std::string h = "<div class=\"media\">";
  for (const auto& m : s.media) {
    std::string url = util::html_escape(media_file_url(env, m.file_key));
    std::string alt = util::html_escape(m.description);
    if (m.type == core::MediaType::image) {
      std::string preview = util::html_escape(media_file_url(env, m.preview_key.empty() ? m.file_key : m.preview_key));
      h += "<a href=\"" + url + "\"><img src=\"" + preview + "\" alt=\"" + alt + "\"></a>";
    } else if (m.type == core::MediaType::video || m.type == core::MediaType::gifv) {
      h += "<video controls preload=\"none\" src=\"" + url + "\" aria-label=\"" + alt + "\"></video>";
    } else {
      h += "<p><a href=\"" + url + "\">" + (m.description.empty() ? std::string("Attachment") : alt) + "</a></p>";
    }
  }
  return h + "</div>";
}

// Content (or the content warning with the content behind <details>) and attachments.
std::string status_body_html(const Env& env, const core::Status& s) {
  std::string h;
  if (!s.spoiler_text.empty()) {
    h += "<details><summary>" + util::html_escape(s.spoiler_text) + "</summary>";
    h += s.content;  // stored sanitised (text/render.h, text/sanitize.h)
    h += attachments_html(env, s);
    h += "</details>";
  } else {
    h += s.content;
    h += attachments_html(env, s);
  }
  return h;
}

std::string account_header_html(const Env& env, const core::Account& a, bool with_note) {
  using util::html_escape;
  std::string h = "<header><img class=\"avatar\" src=\"" + html_escape(avatar_url(env, a)) + "\" alt=\"\"><h1>" +
                  html_escape(display_name(a)) + "</h1><div class=\"handle\"><a href=\"" +
                  html_escape(profile_url(env, a)) + "\">@" + html_escape(a.username) + "@" + html_escape(env.domain) +
                  "</a></div>";
  if (with_note) {
    h += "<div class=\"note\">" + a.note + "</div>";  // stored sanitised (profile.cpp renders it)
    h += "<p class=\"counts\">" + std::to_string(a.statuses_count) + " posts";
    if (!a.hide_collections)
      h += " · " + std::to_string(a.following_count) + " following · " + std::to_string(a.followers_count) +
           " followers";
    h += "</p>";
  }
  return h + "</header>";
}

std::string description_of(const core::Status& s) {
  if (!s.spoiler_text.empty()) return truncate_text(s.spoiler_text, kDescriptionChars);
  std::string text = truncate_text(plain_text(s.content), kDescriptionChars);
  if (text.empty() && !s.media.empty()) text = std::to_string(s.media.size()) + " attachment(s)";
  return text;
}

struct ProfileData {
  core::Account account;
  std::vector<core::Status> statuses;
};

// The local, unsuspended account `username`, or nullopt.
util::Result<std::optional<core::Account>> public_account(const Env& env, const std::string& username) {
  auto a = services::find_local_account_by_username(env.deps, username);
  if (!a) return util::fail(a.error());
  if (!*a || (*a)->suspended()) return std::optional<core::Account>();
  return *a;
}

util::Result<std::optional<ProfileData>> load_profile(const Env& env, const std::string& username, bool public_only) {
  auto a = public_account(env, username);
  if (!a) return util::fail(a.error());
  if (!*a) return std::optional<ProfileData>();
  ProfileData out{**a, {}};
  store::AccountStatusFilter filter;
  filter.exclude_replies = true;
  filter.exclude_reblogs = true;
  core::PageRequest page;
  page.limit = 40;  // filtered below; a few private ones may be among them
  auto views = services::account_statuses(env.deps, services::Viewer{}, out.account.id, filter, page);
  if (!views) {
    if (views.error().code == util::ErrorCode::not_found) return std::optional<ProfileData>();
    return util::fail(views.error());
  }
  for (auto& v : *views) {
    if (!shown_on_web(v.status) || v.status.account_id != out.account.id) continue;
    if (public_only && v.status.visibility != core::Visibility::public_) continue;
    out.statuses.push_back(std::move(v.status));
    if (static_cast<int>(out.statuses.size()) == kProfileStatuses) break;
  }
  return std::optional<ProfileData>(std::move(out));
}

Response profile_page(const Env& env, const ProfileData& d) {
  using util::html_escape;
  const core::Account& a = d.account;
  Page p;
  p.title = display_name(a) + " (@" + a.username + "@" + env.domain + ")";
  p.description = truncate_text(plain_text(a.note), kDescriptionChars);
  if (p.description.empty()) p.description = std::to_string(a.statuses_count) + " posts";
  p.image = avatar_url(env, a);
  p.url = profile_url(env, a);
  p.og_type = "profile";
  p.activity_url = env.base_url + "/users/" + a.username;
  p.rss = p.url + ".rss";
  p.app_path = "/accounts/" + core::id_string(a.id);
  p.body = account_header_html(env, a, true);
  for (const auto& s : d.statuses) {
    std::string url = status_url(env, a, s.id);
    p.body += "<article>" + status_body_html(env, s) + "<p><a href=\"" + html_escape(url) + "\"><time datetime=\"" +
              util::format_datetime(s.created_at) + "\">" + util::format_datetime(s.created_at) +
              "</time></a></p></article>";
  }
  if (d.statuses.empty()) p.body += "<article><p>No public posts yet.</p></article>";
  return render(env, p);
}

Response status_page(const Env& env, const services::StatusView& v) {
  using util::html_escape;
  const core::Account& a = v.account;
  const core::Status& s = v.status;
  Page p;
  p.title = display_name(a) + " on " + instance_title(env);
  p.description = description_of(s);
  p.image = status_image(env, s);
  p.large_image = !p.image.empty();
  if (p.image.empty()) p.image = avatar_url(env, a);
  p.url = status_url(env, a, s.id);
  p.og_type = "article";
  p.app_path = "/statuses/" + core::id_string(s.id);
  p.activity_url = env.base_url + "/users/" + a.username + "/statuses/" + core::id_string(s.id);
  p.body = account_header_html(env, a, false);
  p.body += "<article>" + status_body_html(env, s) + "<p><time datetime=\"" + util::format_datetime(s.created_at) +
            "\">" + util::format_datetime(s.created_at) + "</time></p><p class=\"counts\">" +
            std::to_string(s.replies_count) + " replies · " + std::to_string(s.reblogs_count) + " boosts · " +
            std::to_string(s.favourites_count) + " favourites</p></article>";
  return render(env, p);
}

std::string xml_escape(std::string_view s) { return util::html_escape(s); }

Response rss_feed(const Env& env, const ProfileData& d) {
  const core::Account& a = d.account;
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>" +
                  xml_escape(display_name(a)) + "</title><link>" + xml_escape(profile_url(env, a)) +
                  "</link><description>" + xml_escape("Public posts from @" + a.username + "@" + env.domain) +
                  "</description>";
  if (!d.statuses.empty()) x += "<lastBuildDate>" + rfc822(d.statuses.front().created_at) + "</lastBuildDate>";
  for (const auto& s : d.statuses) {
    std::string url = status_url(env, a, s.id);
    x += "<item><guid isPermaLink=\"true\">" + xml_escape(url) + "</guid><link>" + xml_escape(url) +
         "</link><pubDate>" + rfc822(s.created_at) + "</pubDate>";
    std::string html = s.spoiler_text.empty() ? s.content : "<p>" + util::html_escape(s.spoiler_text) + "</p>";
    x += "<description>" + xml_escape(html) + "</description>";
    for (const auto& m : s.media)
      x += "<enclosure url=\"" + xml_escape(media_file_url(env, m.file_key)) + "\" type=\"" + xml_escape(m.content_type) +
           "\" length=\"" + std::to_string(m.file_size) + "\"/>";
    x += "</item>";
  }
  x += "</channel></rss>\n";
  Response r;
  r.content_type = "application/rss+xml; charset=utf-8";
  r.body = std::move(x);
  r.with_header("Cache-Control", "no-cache");
  r.with_header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

std::optional<PublicPath> parse_public_path(std::string_view path) {
  if (path.size() < 3 || path.substr(0, 2) != "/@") return std::nullopt;
  path.remove_prefix(2);
  if (path.back() == '/') path.remove_suffix(1);
  PublicPath p;
  std::size_t slash = path.find('/');
  if (slash == std::string_view::npos) {
    if (path.size() > 4 && path.substr(path.size() - 4) == ".rss") {
      p.kind = PublicPath::Kind::rss;
      path.remove_suffix(4);
    }
    if (!valid_username(path)) return std::nullopt;
    p.username = std::string(path);
    return p;
  }
  std::string_view user = path.substr(0, slash), id = path.substr(slash + 1);
  if (!valid_username(user) || id.empty() || !util::is_digits(id) || id.size() > 19) return std::nullopt;
  p.kind = PublicPath::Kind::status;
  p.username = std::string(user);
  p.status_id = std::string(id);
  return p;
}

awaitable<Response> serve_public_page(const Env& env, Request& req, const PublicPath& p) {
  if (env.instance.private_instance) {
    // Nothing of a private instance is rendered for anonymous readers: the app signs in first.
    if (p.kind == PublicPath::Kind::rss) co_return Response::error(401, "This API requires an authenticated user");
    Response r = Response::redirect("/");
    r.with_header("Cache-Control", "no-store");
    co_return r;
  }
  (void)req;
  if (p.kind == PublicPath::Kind::status) {
    auto id = core::parse_id(p.status_id);
    if (!id) co_return not_found_page(env);
    const std::string& username = p.username;
    auto view = co_await env.pool.run([&]() -> util::Result<std::optional<services::StatusView>> {
      auto v = services::get_status(env.deps, services::Viewer{}, *id);
      if (!v) {
        if (v.error().code == util::ErrorCode::not_found) return std::optional<services::StatusView>();
        return util::fail(v.error());
      }
      return std::optional<services::StatusView>(std::move(*v));
    });
    if (!view) co_return Response::error(500, "Internal server error");
    if (!*view || !shown_on_web((*view)->status) || !(*view)->account.is_local() ||
        (*view)->account.suspended() || util::to_lower((*view)->account.username) != util::to_lower(username))
      co_return not_found_page(env);
    co_return status_page(env, **view);
  }
  const bool rss = p.kind == PublicPath::Kind::rss;
  const std::string& username = p.username;
  auto data = co_await env.pool.run([&] { return load_profile(env, username, rss); });
  if (!data) co_return Response::error(500, "Internal server error");
  if (!*data) {
    if (rss) co_return Response::error(404, "Record not found");
    co_return not_found_page(env);
  }
  co_return rss ? rss_feed(env, **data) : profile_page(env, **data);
}

}  // namespace parloir::api
