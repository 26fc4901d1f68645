#include "federation/resolver.h"

#include "federation/attachments.h"
#include "federation/fetch_auth.h"
#include "federation/json.h"
#include "federation/url.h"
#include "services/remote_media.h"
#include "services/view_cache.h"
#include "text/sanitize.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::federation {

using util::ErrorCode;
using util::fail;

namespace {

constexpr std::size_t kMaxName = 2048;
constexpr std::size_t kMaxSummary = 20 * 1024;
constexpr std::size_t kMaxFields = 50;

const char* kAccept =
    "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

bool is_valid_username(std::string_view u) {
  if (u.empty() || u.size() > kMaxName) return false;
  for (char c : u)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '@' || c == '/' || c == '?' || c == '#' || c == 0x7f) return false;
  return true;
}

std::string http_url(const JsonValue* v) {
  std::string s;
  if (v == nullptr) return s;
  if (v->IsString()) s = v->GetString();
  else if (v->IsObject()) s = get_string(*v, "href");
  else if (v->IsArray() && !v->Empty()) return http_url(&(*v)[0]);
  return parse_url(s) ? s : std::string();
}

std::string truncate_utf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  s.resize(max);
  while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
  if (!s.empty() && (static_cast<unsigned char>(s.back()) & 0x80)) s.pop_back();
  return s;
}

}  // namespace

bool is_activitypub_media_type(std::string_view ct) {
  std::string l = util::to_lower(ct);
  std::string_view mt = util::trim(std::string_view(l).substr(0, l.find(';')));
  if (mt == "application/activity+json") return true;
  return mt == "application/ld+json" && l.find("https://www.w3.org/ns/activitystreams") != std::string::npos;
}

util::Result<std::shared_ptr<rapidjson::Document>> Resolver::fetch_object(const std::string& uri) {
  auto url = parse_url(uri);
  if (!url) return fail(ErrorCode::bad_request, "Invalid URI", uri);
  if (url->authority == ctx_.settings.domain) return fail(ErrorCode::bad_request, "Local URI", uri);
  if (!ctx_.gate.permits(url->authority)) return fail(ErrorCode::forbidden, "Domain not allowed", uri);
  http::ClientRequest req;
  req.url = uri;
  req.follow_redirects = true;
  req.headers = {{"Accept", kAccept}};
  sign_fetch(ctx_, req);
  auto res = ctx_.client.send(req);
  if (!res) return fail(res.error());
  if (res->status != 200)
    return fail(ErrorCode::unavailable, "Remote answered " + std::to_string(res->status), uri);
  if (!is_activitypub_media_type(res->content_type))
    return fail(ErrorCode::bad_request, "Not an ActivityPub document", uri + ": " + res->content_type);
  if (!res->final_url.empty() && !same_authority(res->final_url, uri))
    return fail(ErrorCode::bad_request, "Redirected to another host", uri + " -> " + res->final_url);
  auto doc = std::make_shared<rapidjson::Document>();
  if (!parse_object(res->body, *doc)) return fail(ErrorCode::bad_request, "Malformed JSON", uri);
  if (get_string(*doc, "id") != strip_fragment(uri))
    return fail(ErrorCode::bad_request, "Fetched id differs from the requested id", uri);
  return doc;
}

util::Result<core::Account> Resolver::store_actor(const rapidjson::Value& doc, const std::string& uri) {
  auto bad = [&](const char* why) { return fail(ErrorCode::unprocessable, std::string("Invalid actor: ") + why, uri); };
  std::string type = type_of(doc);
  if (type != "Person" && type != "Service" && type != "Application" && type != "Group" && type != "Organization")
    return bad("type");
  auto id_url = parse_url(uri);
  if (!id_url || get_string(doc, "id") != uri) return bad("id");
  std::string username = get_string(doc, "preferredUsername");
  if (!is_valid_username(username)) return bad("preferredUsername");
  std::string inbox = get_string(doc, "inbox");
  if (!parse_url(inbox)) return bad("inbox");
  store::RemoteActor ra;
  ra.inbox = inbox;
  if (const JsonValue* ep = get(doc, "endpoints"); ep && ep->IsObject()) {
    std::string shared = get_string(*ep, "sharedInbox");
    if (parse_url(shared)) ra.shared_inbox = shared;
  }
  std::string followers = id_of(get(doc, "followers"));
  if (parse_url(followers)) ra.followers = followers;
  // The key must belong to this actor (its id on the actor's host, owner = the actor).
  const JsonValue* pk = get(doc, "publicKey");
  std::vector<const JsonValue*> keys;
  if (pk && pk->IsObject()) keys.push_back(pk);
  if (pk && pk->IsArray())
    for (const auto& k : pk->GetArray())
      if (k.IsObject() && keys.size() < 10) keys.push_back(&k);
  for (const JsonValue* k : keys) {
    std::string owner = get_string(*k, "owner");
    std::string kid = get_string(*k, "id");
    std::string pem = get_string(*k, "publicKeyPem");
    if ((owner.empty() || owner == uri) && same_authority(kid, uri) && !pem.empty() && pem.size() < 16384) {
      ra.key_id = kid;
      ra.public_key_pem = pem;
      break;
    }
  }
  ra.fetched_at = util::now_ms();

  core::Account a;
  a.username = username;
  a.domain = id_url->authority;
  a.uri = uri;
  a.url = http_url(get(doc, "url"));
  if (a.url.empty()) a.url = uri;
  a.display_name = truncate_utf8(get_string(doc, "name"), kMaxName);
  std::string summary = get_string(doc, "summary");
  if (summary.size() > kMaxSummary) return bad("summary too long");
  a.note = text::sanitize_remote_html(summary);
  a.locked = get_bool(doc, "manuallyApprovesFollowers", false);
  a.bot = type == "Service" || type == "Application";
  a.discoverable = get_bool(doc, "discoverable", false);
  if (const JsonValue* att = get(doc, "attachment"); att && att->IsArray()) {
    for (const auto& f : att->GetArray()) {
      if (a.fields.size() >= kMaxFields) break;
      if (!f.IsObject() || type_of(f) != "PropertyValue") continue;
      a.fields.push_back(core::ProfileField{truncate_utf8(text::html_to_text(get_string(f, "name")), 2047),
                                            truncate_utf8(text::html_to_text(get_string(f, "value")), 2047),
                                            std::nullopt});
    }
  }
  std::int64_t now = util::now_ms();
  a.created_at = now;
  a.updated_at = now;
  if (auto p = util::parse_datetime(get_string(doc, "published"))) a.created_at = *p;

  const std::string avatar_url = read_image_url(get(doc, "icon"));
  const std::string header_url = read_image_url(get(doc, "image"));
  core::Account out;
  auto st = ctx_.deps.store.write([&](store::Tx& tx) -> util::Status {
    auto existing = tx.federation().account_id_by_uri(uri);
    if (!existing) return fail(existing.error());
    std::optional<core::Account> current;
    if (*existing) {
      auto c = tx.accounts().find_by_id(**existing);
      if (!c) return fail(c.error());
      current = *c;
    } else {
      auto c = tx.accounts().find_by_username(a.username, a.domain);
      if (!c) return fail(c.error());
      if (*c && (*c)->uri != uri) return fail(ErrorCode::conflict, "Account name taken by another actor", uri);
      current = *c;
    }
    if (current) {
      core::Account u = *current;
      u.display_name = a.display_name;
      u.note = a.note;
      u.fields = a.fields;
      u.locked = a.locked;
      u.bot = a.bot;
      u.discoverable = a.discoverable;
      u.updated_at = now;
      if (auto s = tx.accounts().update_profile(u); !s) return s;
      out = u;
    } else {
      a.id = ctx_.deps.ids.next(now);
      if (auto s = tx.accounts().insert_local(a, core::User{}); !s) return s;
      out = a;
    }
    ra.account_id = out.id;
    if (auto m = services::queue_profile_images_in_tx(tx, out, avatar_url, header_url); !m) return m;
    return tx.federation().upsert_remote_actor(ra);
  });
  if (!st) return fail(st.error());
  ctx_.deps.views.invalidate_account(out.id);
  if ((!avatar_url.empty() || !header_url.empty()) && ctx_.wake_media_fetcher) ctx_.wake_media_fetcher();
  return out;
}

util::Result<std::optional<Resolver::Known>> Resolver::known(const std::string& uri) {
  std::optional<Known> out;
  auto st = ctx_.deps.store.read([&](store::Tx& tx) -> util::Status {
    auto id = tx.federation().account_id_by_uri(uri);
    if (!id) return fail(id.error());
    if (!*id) return {};
    auto a = tx.accounts().find_by_id(**id);
    if (!a) return fail(a.error());
    if (!*a) return {};
    auto ra = tx.federation().find_remote_actor(**id);
    if (!ra) return fail(ra.error());
    out = Known{**a, *ra ? **ra : store::RemoteActor{}};
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<core::Account> Resolver::actor(const std::string& uri, bool refresh) {
  if (!refresh) {
    std::optional<core::Account> known;
    auto st = ctx_.deps.store.read([&](store::Tx& tx) -> util::Status {
      auto id = tx.federation().account_id_by_uri(uri);
      if (!id) return fail(id.error());
      if (!*id) return {};
      auto a = tx.accounts().find_by_id(**id);
      if (!a) return fail(a.error());
      known = *a;
      return {};
    });
    if (!st) return fail(st.error());
    if (known) return *known;
  }
  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    std::lock_guard lock(flights_mu_);
    auto& slot = flights_[uri];
    if (!slot) {
      slot = std::make_shared<Flight>();
      leader = true;
    }
    flight = slot;
  }
  if (!leader) {
    std::unique_lock lock(flights_mu_);
    flight->cv.wait(lock, [&] { return flight->done; });
    return *flight->result;
  }
  auto result = fetch_and_store(uri);
  {
    std::lock_guard lock(flights_mu_);
    flight->result = result;
    flight->done = true;
    flights_.erase(uri);
  }
  flight->cv.notify_all();
  return result;
}

util::Result<core::Account> Resolver::fetch_and_store(const std::string& uri) {
  auto doc = fetch_object(uri);
  if (!doc) return fail(doc.error());
  return store_actor(**doc, uri);
}

util::Result<std::optional<core::Id>> Resolver::resolve_handle(const std::string& username_in,
                                                              const std::string& domain_in) {
  std::string username = username_in;
  std::string domain = util::to_lower(domain_in);
  if (!is_valid_username(username) || domain.empty() || domain.find_first_of("/?#@ ") != std::string::npos)
    return std::optional<core::Id>();
  if (domain == ctx_.settings.domain) {
    std::optional<core::Id> id;
    auto st = ctx_.deps.store.read([&](store::Tx& tx) -> util::Status {
      auto a = tx.accounts().find_by_username(username, "");
      if (!a) return fail(a.error());
      if (*a) id = (*a)->id;
      return {};
    });
    if (!st) return fail(st.error());
    return id;
  }
  if (!ctx_.gate.permits(domain)) return std::optional<core::Id>();
  std::string scheme = ctx_.client.options().allow_http ? "http" : "https";
  http::ClientRequest req;
  req.url = scheme + "://" + domain + "/.well-known/webfinger?resource=" + util::url_encode("acct:" + username + "@" + domain);
  req.headers = {{"Accept", "application/jrd+json, application/json"}};
  sign_fetch(ctx_, req);
  auto res = ctx_.client.send(req);
  if (!res || res->status != 200) return std::optional<core::Id>();
  rapidjson::Document doc;
  if (!parse_object(res->body, doc)) return std::optional<core::Id>();
  std::string href;
  if (const JsonValue* links = get(doc, "links"); links && links->IsArray())
    for (const auto& l : links->GetArray()) {
      if (!l.IsObject() || get_string(l, "rel") != "self") continue;
      if (!is_activitypub_media_type(get_string(l, "type"))) continue;
      href = get_string(l, "href");
      break;
    }
  if (href.empty() || !parse_url(href)) return std::optional<core::Id>();
  auto account = actor(href, true);
  if (!account) return fail(account.error());
  return std::optional<core::Id>(account->id);
}

}  // namespace parloir::federation
