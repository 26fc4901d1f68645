// Discovery: /api/v1/instance, /api/v2/instance, /api/v1/instance/rules, NodeInfo, host-meta,
// OAuth server metadata, /health. The instance documents are rebuilt at most every 30 s (they
// carry user counts) or when the rules or the instance settings changed (services::rules_version,
// InstanceSettings::version) and otherwise served from memory, so these endpoints cost no
// database work.
#include <chrono>
#include <memory>
#include <mutex>

#include "api/json.h"
#include "api/routes.h"
#include "core/poll.h"
#include "api/serializers/admin.h"
#include "services/instance.h"
#include "services/accounts.h"
#include "services/instance_settings.h"
#include "api/serializers/account.h"
#include "services/rules.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace verb = boost::beast::http;

namespace {

struct Documents {
  std::string v1, v2, nodeinfo20, nodeinfo21, rules;
  std::string extended_description;  // /api/v1/instance/extended_description
};

// Plain text as HTML paragraphs: blank lines separate paragraphs, single newlines become <br>.
std::string paragraphs(std::string_view text) {
  std::string out = "<p>";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] == '\n') {
      out += "</p><p>";
      while (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      out += "<br>";
    } else {
      out += util::html_escape(text.substr(i, 1));
    }
  }
  return out + "</p>";
}

// What a rendering reads: the figures, the rules, the settings and the contact account.
struct Inputs {
  services::InstanceStats stats;
  std::vector<core::Rule> rules;
  std::shared_ptr<const services::InstanceSettingValues> settings;
  std::optional<core::Account> contact;
};

std::uint64_t settings_version(const Env& env) {
  return env.deps.instance_settings ? env.deps.instance_settings->version() : 0;
}

// Rendered instance documents, refreshed lazily. Shared by all I/O threads; guarded by mutex_.
class DocumentCache {
 public:
  explicit DocumentCache(const Env& env) : env_(env) {}

  awaitable<std::shared_ptr<const Documents>> get() {
    auto now = std::chrono::steady_clock::now();
    const std::uint64_t version = services::rules_version();  // read before the rules are
    const std::uint64_t settings = settings_version(env_);  // and before the settings are
    {
      std::lock_guard lock(mutex_);
      if (docs_ && now < expires_ && version == rules_version_ && settings == settings_version_) co_return docs_;
    }
    Inputs in;
    co_await env_.pool.run([this, &in] {
      if (auto r = services::list_rules(env_.deps)) in.rules = std::move(*r);
      in.settings = services::instance_settings(env_.deps);
      if (!in.settings->contact_account.empty()) {
        auto a = services::find_local_account_by_username(env_.deps, in.settings->contact_account);
        if (a && *a) in.contact = std::move(**a);
      }
      in.stats = services::instance_stats(env_.deps).value_or(services::InstanceStats{});
    });
    auto docs = std::make_shared<Documents>(render(in));
    std::lock_guard lock(mutex_);
    docs_ = docs;
    expires_ = now + std::chrono::seconds(30);
    rules_version_ = version;
    settings_version_ = settings;
    co_return docs_;
  }

 private:
  Documents render(const Inputs& in) const;
  void write_configuration(JsonOut& o, bool v2) const;

  const Env& env_;
  std::mutex mutex_;
  std::shared_ptr<const Documents> docs_;
  std::chrono::steady_clock::time_point expires_{};
  std::uint64_t rules_version_ = 0;
  std::uint64_t settings_version_ = 0;
};

void write_rules(JsonOut& o, const std::vector<core::Rule>& rules) {
  o.begin_array();
  for (const auto& r : rules) write_rule(o, r);
  o.end_array();
}

void DocumentCache::write_configuration(JsonOut& o, bool v2) const {
  const auto& i = env_.instance;
  o.key("configuration").begin_object();
  if (v2) {
    o.key("urls").begin_object();
    o.field("streaming", env_.streaming_url());
    o.field("status", "");
    o.field("about", env_.base_url + "/about");
    o.field_null("privacy_policy").field_null("terms_of_service");
    o.end_object();
    o.key("vapid").begin_object().field("public_key", "").end_object();
  }
  o.key("accounts").begin_object();
  o.field("max_featured_tags", 10).field("max_pinned_statuses", 5);
  if (v2)
    o.field("max_display_name_length", 30).field("max_note_length", 500).field("max_profile_fields", 4)
        .field("profile_field_name_limit", 255).field("profile_field_value_limit", 255);
  o.end_object();
  o.key("statuses").begin_object();
  o.field("max_characters", i.max_characters).field("max_media_attachments", 4)
      .field("characters_reserved_per_url", 23);
  o.end_object();
  o.key("media_attachments").begin_object();
  o.key("supported_mime_types").begin_array();
  for (const char* m : {"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "video/webm",
                        "audio/mpeg", "audio/ogg", "audio/wave", "audio/mp4"})
    o.str(m);
  o.end_array();
  if (v2) o.field("description_limit", 1500);
  o.field("image_size_limit", i.image_size_limit).field("image_matrix_limit", i.image_matrix_limit)
      .field("video_size_limit", i.video_size_limit)
      .field("video_frame_rate_limit", 120).field("video_matrix_limit", 8294400);
  o.end_object();
  o.key("polls").begin_object();
  o.field("max_options", core::kPollMaxOptions).field("max_characters_per_option", core::kPollMaxOptionChars)
      .field("min_expiration", env_.deps.settings.min_poll_expiration_seconds)
      .field("max_expiration", core::kPollMaxExpirationSeconds);
  o.end_object();
  if (v2) o.key("translation").begin_object().field("enabled", false).end_object();
  o.end_object();
}

Documents DocumentCache::render(const Inputs& in) const {
  const auto& i = env_.instance;
  const auto& set = *in.settings;
  const auto& s = in.stats;
  const auto& rules = in.rules;
  // why: as Mastodon — invite mode is registrations_mode "none" with invites enabled.
  bool open = set.registrations == "open" || set.registrations == "approval";
  bool approval = set.registrations == "approval";
  bool invites = set.registrations != "closed";
  auto write_contact_account = [&](JsonOut& o) {
    if (in.contact)
      write_account(o, env_, *in.contact);
    else
      o.null();
  };
  Documents d;
  {
    JsonOut o;
    o.begin_object();
    // why: as Mastodon 4, `description` is the short one too; the long one is
    // /api/v1/instance/extended_description.
    o.field("uri", env_.domain).field("title", set.title).field("short_description", set.short_description)
        .field("description", set.short_description).field("email", set.contact_email)
        .field("version", mastodon_version_string());
    o.key("urls").begin_object().field("streaming_api", env_.streaming_url()).end_object();
    o.key("api_versions").begin_object().field("mastodon", 2).end_object();  // as v2 (grouped notifications)
    o.key("stats").begin_object().field("user_count", s.user_count).field("status_count", s.status_count)
        .field("domain_count", s.domain_count).end_object();
    o.field("thumbnail", env_.base_url + "/instance/thumbnail.png");
    o.key("languages").begin_array();
    for (const auto& l : set.languages) o.str(l);
    o.end_array();
    o.field("registrations", open).field("approval_required", approval).field("invites_enabled", invites);
    write_configuration(o, false);
    o.key("contact_account");
    write_contact_account(o);
    o.key("rules");
    write_rules(o, rules);
    o.field("max_toot_chars", i.max_characters);
    o.end_object();
    d.v1 = o.take();
  }
  {
    JsonOut o;
    o.begin_object();
    o.field("domain", env_.domain).field("title", set.title).field("version", mastodon_version_string())
        .field("source_url", "https://github.com/parloir/parloir").field("description", set.short_description);
    o.key("usage").begin_object().key("users").begin_object().field("active_month", s.active_month).end_object()
        .end_object();
    o.key("thumbnail").begin_object().field("url", env_.base_url + "/instance/thumbnail.png")
        .field_null("blurhash").key("versions").begin_object().end_object().end_object();
    o.empty_array("icon");
    o.key("languages").begin_array();
    for (const auto& l : set.languages) o.str(l);
    o.end_array();
    write_configuration(o, true);
    o.key("registrations").begin_object().field("enabled", open).field("approval_required", approval)
        .field_null("message").field_null("min_age").field("reason_required", approval).field_null("url")
        .end_object();
    // why: mastodon-api.md §7.4 — 2 = grouped notifications (/api/v2/notifications), which
    // Phanpy then uses; raise further only with blur filters (5), quotes (7), profile API (9).
    o.key("api_versions").begin_object().field("mastodon", 2).end_object();
    o.key("contact").begin_object().field("email", set.contact_email).key("account");
    write_contact_account(o);
    o.end_object();
    o.key("rules");
    write_rules(o, rules);
    // Parloir's extension (additive; Mastodon clients ignore unknown keys): what the web app
    // needs to know of the instance's organisation settings.
    o.key("parloir").begin_object().field("federation_mode", i.federation_mode)
        .field("local_only_default", i.local_only_default).field("private", i.private_instance).end_object();
    o.end_object();
    d.v2 = o.take();
  }
  for (const char* version : {"2.0", "2.1"}) {
    JsonOut o;
    o.begin_object();
    o.field("version", version);
    o.key("software").begin_object().field("name", i.nodeinfo_software_name).field("version", parloir_version());
    if (std::string(version) == "2.1")
      o.field("repository", "https://github.com/parloir/parloir").field("homepage", "https://github.com/parloir/parloir");
    o.end_object();
    o.key("protocols").begin_array().str("activitypub").end_array();
    o.key("services").begin_object().empty_array("inbound").empty_array("outbound").end_object();
    o.field("openRegistrations", open);
    o.key("usage").begin_object().key("users").begin_object().field("total", s.user_count)
        .field("activeMonth", s.active_month).field("activeHalfyear", s.active_halfyear).end_object()
        .field("localPosts", s.status_count).end_object();
    o.key("metadata").begin_object().field("nodeName", set.title).field("nodeDescription", set.short_description);
    o.key("upstream").begin_object().field("name", "mastodon").field("version", "4.3.0").end_object();
    o.end_object();
    o.end_object();
    (std::string(version) == "2.0" ? d.nodeinfo20 : d.nodeinfo21) = o.take();
  }
  {
    JsonOut o;
    write_rules(o, rules);
    d.rules = o.take();
  }
  {
    JsonOut o;
    o.begin_object().field("updated_at", util::format_datetime(util::now_ms()));
    o.field("content", set.description.empty() ? std::string() : paragraphs(set.description)).end_object();
    d.extended_description = o.take();
  }
  return d;
}

awaitable<Response> serve_document(std::shared_ptr<DocumentCache> cache, std::string Documents::*member) {
  auto docs = co_await cache->get();
  co_return Response::json((*docs).*member);
}

awaitable<Response> health(const Env&, Request&) { co_return Response::text("OK"); }

awaitable<Response> nodeinfo_links(const Env& env, Request&) {
  JsonOut o;
  o.begin_object().key("links").begin_array();
  o.begin_object().field("rel", "http://nodeinfo.diaspora.software/ns/schema/2.0")
      .field("href", env.base_url + "/nodeinfo/2.0").end_object();
  o.begin_object().field("rel", "http://nodeinfo.diaspora.software/ns/schema/2.1")
      .field("href", env.base_url + "/nodeinfo/2.1").end_object();
  o.end_array().end_object();
  co_return Response::json(o.take());
}

awaitable<Response> host_meta(const Env& env, Request&) {
  Response r;
  r.content_type = "application/xrd+xml; charset=utf-8";
  r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
           "  <Link rel=\"lrdd\" template=\"" + env.base_url + "/.well-known/webfinger?resource={uri}\"/>\n"
           "</XRD>\n";
  co_return r;
}

awaitable<Response> oauth_server_metadata(const Env& env, Request&) {
  JsonOut o;
  o.begin_object();
  o.field("issuer", env.base_url + "/");
  o.field("service_documentation", "https://docs.joinmastodon.org/");
  o.field("authorization_endpoint", env.base_url + "/oauth/authorize");
  o.field("token_endpoint", env.base_url + "/oauth/token");
  o.field("revocation_endpoint", env.base_url + "/oauth/revoke");
  o.field("app_registration_endpoint", env.base_url + "/api/v1/apps");
  o.key("scopes_supported").begin_array();
  for (const auto& s : core::known_scopes()) o.str(s);
  o.end_array();
  o.key("response_types_supported").begin_array().str("code").end_array();
  o.key("response_modes_supported").begin_array().str("query").str("fragment").str("form_post").end_array();
  o.key("code_challenge_methods_supported").begin_array().str("S256").end_array();
  o.key("grant_types_supported").begin_array().str("authorization_code").str("password").str("client_credentials")
      .end_array();
  o.key("token_endpoint_auth_methods_supported").begin_array().str("client_secret_basic").str("client_secret_post")
      .end_array();
  o.end_object();
  co_return Response::json(o.take());
}

}  // namespace

void register_instance_routes(http::Router& router, const Env& env) {
  auto cache = std::make_shared<DocumentCache>(env);
  const Env* e = &env;
  router.add(verb::verb::get, "/health", [e](Request& r) { return health(*e, r); });
  router.add(verb::verb::get, "/api/v1/instance",
             [cache](Request&) { return serve_document(cache, &Documents::v1); });
  router.add(verb::verb::get, "/api/v2/instance",
             [cache](Request&) { return serve_document(cache, &Documents::v2); });
  router.add(verb::verb::get, "/nodeinfo/2.0",
             [cache](Request&) { return serve_document(cache, &Documents::nodeinfo20); });
  router.add(verb::verb::get, "/nodeinfo/2.1",
             [cache](Request&) { return serve_document(cache, &Documents::nodeinfo21); });
  router.add(verb::verb::get, "/.well-known/nodeinfo", [e](Request& r) { return nodeinfo_links(*e, r); });
  router.add(verb::verb::get, "/.well-known/host-meta", [e](Request& r) { return host_meta(*e, r); });
  router.add(verb::verb::get, "/.well-known/oauth-authorization-server",
             [e](Request& r) { return oauth_server_metadata(*e, r); });
  router.add(verb::verb::get, "/api/v1/instance/rules",
             [cache](Request&) { return serve_document(cache, &Documents::rules); });
  router.add(verb::verb::get, "/api/v1/instance/extended_description",
             [cache](Request&) { return serve_document(cache, &Documents::extended_description); });
}

std::string instance_title(const Env& env) { return services::instance_settings(env.deps)->title; }

}  // namespace parloir::api
