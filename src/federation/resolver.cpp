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

util::Result<core::Account> Resolver::store_actor(const rapidjson::Value& doc, const std::string& uri,
                                                  const std::optional<Handle>& handle) {
  return store_document(doc, uri, handle, false, nullptr);
}

util::Result<core::Account> Resolver::apply_actor_update(const rapidjson::Value& doc, const std::string& uri) {
  bool key_differs = false;
  auto a = store_document(doc, uri, std::nullopt, true, &key_differs);
  if (!a || !key_differs) return a;
  // why: a key carried in a payload is never trusted; the origin is asked for its current one.
  if (!may_refetch(uri)) return a;
  auto fresh = fetch_and_store(uri);
  return fresh ? fresh : a;
}

util::Result<core::Account> Resolver::store_document(const rapidjson::Value& doc, const std::string& uri,
                                            const std::optional<Handle>& handle, bool keep_key, bool* key_differs) {
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
  a.username = handle ? handle->username : username;
  a.domain = handle ? util::to_lower(handle->domain) : id_url->authority;
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
    if (keep_key) {  // the stored key stays whatever the payload says
      auto stored = tx.federation().find_remote_actor(out.id);
      if (!stored) return fail(stored.error());
      std::string stored_pem = *stored ? (*stored)->public_key_pem : std::string();
      if (key_differs) *key_differs = !ra.public_key_pem.empty() && ra.public_key_pem != stored_pem;
      ra.key_id = *stored ? (*stored)->key_id : std::string();
      ra.public_key_pem = stored_pem;
      if (*stored) ra.fetched_at = (*stored)->fetched_at;
    }
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
  auto f = fetch_actor(uri);
  if (!f) return fail(f.error());
  return std::move(f->account);
}

util::Result<Resolver::Fetched> Resolver::fetch_actor(const std::string& uri) {
  note_fetch(uri);
  auto doc = fetch_object(uri);
  if (!doc) return fail(doc.error());
  // A handle is claimed only once WebFinger confirms it (Mastodon's check_webfinger!): an actor
  // we do not hold yet is verified before it is stored; a known one keeps its handle.
  bool known = false;
  auto st = ctx_.deps.store.read([&](store::Tx& tx) -> util::Status {
    auto id = tx.federation().account_id_by_uri(uri);
    if (!id) return fail(id.error());
    known = id->has_value();
    return {};
  });
  if (!st) return fail(st.error());
  std::optional<Handle> handle;
  if (!known) {
    std::string username = get_string(**doc, "preferredUsername");
    auto url = parse_url(uri);
    if (!url || !is_valid_username(username))
      return fail(ErrorCode::unprocessable, "Invalid actor: preferredUsername", uri);
    auto verified = verify_handle(username, url->authority, uri);
    if (!verified) return fail(verified.error());
    handle = std::move(*verified);
  }
  auto account = store_actor(**doc, uri, handle);
  if (!account) return fail(account.error());
  return Fetched{std::move(*account), std::move(*doc)};
}

void Resolver::note_fetch(const std::string& uri) {
  constexpr std::size_t kMaxTracked = 20000;
  std::int64_t now = util::now_ms();
  std::lock_guard lock(fetched_mu_);
  if (fetched_.size() >= kMaxTracked) {  // why: bounded; entries older than the interval mean nothing
    std::erase_if(fetched_, [&](const auto& e) { return e.second < now - kRefetchIntervalMs; });
    if (fetched_.size() >= kMaxTracked) fetched_.clear();
  }
  fetched_[uri] = now;
}

bool Resolver::may_refetch(const std::string& uri) {
  std::int64_t now = util::now_ms();
  {
    std::lock_guard lock(fetched_mu_);
    auto it = fetched_.find(uri);
    if (it != fetched_.end() && it->second > now - kRefetchIntervalMs) return false;
  }
  note_fetch(uri);
  return true;
}

namespace {
// "acct:user@domain" or "user@domain" → (user, domain); nullopt when malformed.
std::optional<std::pair<std::string, std::string>> split_acct(std::string_view acct) {
  if (acct.rfind("acct:", 0) == 0) acct.remove_prefix(5);
  std::size_t at = acct.rfind('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= acct.size()) return std::nullopt;
  return std::make_pair(std::string(acct.substr(0, at)), std::string(acct.substr(at + 1)));
}
}  // namespace

util::Result<Resolver::Finger> Resolver::webfinger(const std::string& username, const std::string& domain_in) {
  std::string domain = util::to_lower(domain_in);
  if (!is_valid_username(username) || domain.empty() || domain.find_first_of("/?#@ ") != std::string::npos)
    return fail(ErrorCode::bad_request, "Invalid handle", username + "@" + domain);
  if (!ctx_.gate.permits(domain)) return fail(ErrorCode::forbidden, "Domain not allowed", domain);
  std::string scheme = ctx_.client.options().allow_http ? "http" : "https";
  http::ClientRequest req;
  req.url = scheme + "://" + domain + "/.well-known/webfinger?resource=" + util::url_encode("acct:" + username + "@" + domain);
  req.headers = {{"Accept", "application/jrd+json, application/json"}};
  sign_fetch(ctx_, req);
  auto res = ctx_.client.send(req);
  if (!res) return fail(res.error());
  if (res->status != 200)
    return fail(ErrorCode::unavailable, "WebFinger answered " + std::to_string(res->status), req.url);
  rapidjson::Document doc;
  if (!parse_object(res->body, doc)) return fail(ErrorCode::bad_request, "Malformed WebFinger answer", req.url);
  Finger f;
  f.subject = get_string(doc, "subject");
  if (f.subject.rfind("acct:", 0) == 0) f.subject.erase(0, 5);
  if (const JsonValue* links = get(doc, "links"); links && links->IsArray())
    for (const auto& l : links->GetArray()) {
      if (!l.IsObject() || get_string(l, "rel") != "self") continue;
      if (!is_activitypub_media_type(get_string(l, "type"))) continue;
      f.self = get_string(l, "href");
      break;
    }
  return f;
}

util::Result<Resolver::Handle> Resolver::verify_handle(const std::string& username, const std::string& domain,
                                                      const std::string& uri) {
  auto refuse = [&](const std::string& why) {
    return fail(ErrorCode::unprocessable, "WebFinger does not confirm the actor", uri + ": " + why);
  };
  auto same = [](const std::string& a, const std::string& b) { return util::to_lower(a) == util::to_lower(b); };
  auto first = webfinger(username, domain);
  if (!first) {
    if (first.error().code == ErrorCode::forbidden) return fail(first.error());
    return refuse(first.error().public_message);
  }
  auto subject = split_acct(first->subject);
  if (!subject) return refuse("no subject");
  if (same(subject->first, username) && same(subject->second, domain)) {
    if (first->self != uri) return refuse("acct:" + username + "@" + domain + " names " + first->self);
    return Handle{username, util::to_lower(domain)};
  }
  // Another handle (e.g. user@example.com for an actor on social.example.com): it must confirm
  // itself and the actor (one redirect, as Mastodon).
  if (same(subject->second, ctx_.settings.domain)) return refuse("subject is one of our handles");
  auto second = webfinger(subject->first, subject->second);
  if (!second) {
    if (second.error().code == ErrorCode::forbidden) return fail(second.error());
    return refuse(second.error().public_message);
  }
  auto confirmed = split_acct(second->subject);
  if (!confirmed || !same(confirmed->first, subject->first) || !same(confirmed->second, subject->second))
    return refuse("too many WebFinger redirects");
  if (second->self != uri) return refuse(second->subject + " names " + second->self);
  return Handle{confirmed->first, util::to_lower(confirmed->second)};
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
  auto finger = webfinger(username, domain);
  if (!finger) return std::optional<core::Id>();
  const std::string& href = finger->self;
  if (href.empty() || !parse_url(href)) return std::optional<core::Id>();
  auto account = actor(href, true);
  if (!account) return fail(account.error());
  return std::optional<core::Id>(account->id);
}

}  // namespace parloir::federation
