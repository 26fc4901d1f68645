#include "federation/inbox.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "crypto/rsa.h"
#include "federation/attachments.h"
#include "federation/domain_health.h"
#include "federation/json.h"
#include "federation/signature.h"
#include "federation/url.h"
#include "services/moves.h"
#include "services/remote.h"
#include "services/view_cache.h"
#include "text/sanitize.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::federation {

using util::ErrorCode;

namespace {

constexpr std::int64_t kClockSkewMs = 3600 * 1000;

InboxAnswer reject(unsigned status, std::string message) { return InboxAnswer{status, std::move(message)}; }
InboxAnswer accepted() { return InboxAnswer{202, {}}; }

std::string header(const http::Request& r, std::string_view name) { return std::string(r.header(name)); }

// The local account named by one of our actor URIs ("<base>/users/<name>").
std::optional<core::Id> local_account_for(const Context& ctx, store::Tx& tx, const std::string& uri) {
  const std::string prefix = ctx.settings.base_url + "/users/";
  if (uri.rfind(prefix, 0) != 0) return std::nullopt;
  std::string name = uri.substr(prefix.size());
  if (name.empty() || name.find_first_of("/#?") != std::string::npos) return std::nullopt;
  auto a = tx.accounts().find_by_username(name, "");
  if (!a || !*a) return std::nullopt;
  return (*a)->id;
}

// A status we hold by its ActivityPub id: one of ours ("<base>/users/<name>/statuses/<id>"),
// or a remote one stored with that uri.
std::optional<core::Id> status_for(const Context& ctx, store::Tx& tx, const std::string& uri) {
  const std::string prefix = ctx.settings.base_url + "/users/";
  if (uri.rfind(prefix, 0) == 0) {
    std::string rest = uri.substr(prefix.size());
    std::size_t slash = rest.find("/statuses/");
    if (slash == std::string::npos) return std::nullopt;
    std::string name = rest.substr(0, slash);
    std::string id_text = rest.substr(slash + 10);
    auto id = core::parse_id(id_text);
    if (!id) return std::nullopt;
    auto s = tx.statuses().find(*id);
    if (!s || !*s || (*s)->is_reblog()) return std::nullopt;
    auto a = tx.accounts().find_by_id((*s)->account_id);
    if (!a || !*a || !(*a)->is_local() || util::to_lower((*a)->username) != util::to_lower(name)) return std::nullopt;
    return *id;
  }
  auto id = tx.federation().status_id_by_uri(uri);
  if (!id || !*id) return std::nullopt;
  return **id;
}

// Any account we hold by actor URI (local or remote).
std::optional<core::Id> account_for(const Context& ctx, store::Tx& tx, const std::string& uri) {
  if (auto local = local_account_for(ctx, tx, uri)) return local;
  auto id = tx.federation().account_id_by_uri(uri);
  if (!id || !*id) return std::nullopt;
  return **id;
}

template <class F>
void read(const Context& ctx, F fn) {
  (void)ctx.deps.store.read([&](store::Tx& tx) -> util::Status {
    fn(tx);
    return {};
  });
}

// The poll of a Question: oneOf (single choice) or anyOf (multiple), option names and tallies
// (replies.totalItems), endTime (or closed), votersCount. Capped at 20 options of 500 bytes.
std::optional<core::Poll> read_question(const JsonValue& q) {
  core::Poll p;
  const JsonValue* opts = get(q, "oneOf");
  if (opts == nullptr || !opts->IsArray()) {
    opts = get(q, "anyOf");
    p.multiple = true;
  }
  if (opts == nullptr || !opts->IsArray()) return std::nullopt;
  for (const auto& o : opts->GetArray()) {
    if (p.options.size() >= 20) break;
    if (!o.IsObject()) continue;
    std::string name = get_string(o, "name");
    if (name.empty() || name.size() > 500 || !util::is_valid_utf8(name)) continue;
    std::int64_t count = 0;
    if (const JsonValue* r = get(o, "replies"); r && r->IsObject())
      if (const JsonValue* t = get(*r, "totalItems"); t && t->IsInt64() && t->GetInt64() > 0) count = t->GetInt64();
    p.options.push_back(std::move(name));
    p.tallies.push_back(count);
    p.votes_count += count;
  }
  if (p.options.empty()) return std::nullopt;
  // Mastodon's rule: `closed` (a time, or true = now) wins over endTime.
  std::string end = get_string(q, "closed");
  if (end.empty()) end = get_string(q, "endTime");
  if (auto t = util::parse_datetime(end)) p.expires_at = *t;
  else if (get_bool(q, "closed", false)) p.expires_at = util::now_ms();
  if (const JsonValue* v = get(q, "votersCount"); v && v->IsInt64() && v->GetInt64() >= 0)
    p.voters_count = v->GetInt64();
  else
    p.voters_count = p.multiple ? 0 : p.votes_count;
  return p;
}

class Processor {
 public:
  Processor(Context& ctx, Resolver& resolver, const core::Account& actor, const std::string& actor_uri)
      : ctx_(ctx), resolver_(resolver), actor_(actor), actor_uri_(actor_uri) {}

  InboxAnswer process(const JsonValue& act) {
    std::string type = type_of(act);
    std::string id = get_string(act, "id");
    if (!id.empty() && !same_authority(id, actor_uri_)) return reject(403, "Activity id is not on the actor's host");
    const JsonValue* object = get(act, "object");
    if (type == "Create") return create(act, object);
    if (type == "Update") return update(object);
    if (type == "Delete") return remove(object);
    if (type == "Follow") return follow(id, object);
    if (type == "Accept" || type == "Reject") return answer(object, type == "Accept");
    if (type == "Undo") return undo(object);
    if (type == "Like") return like(id_of(object), false);
    if (type == "Announce") return announce(id, id_of(object), false);
    if (type == "Block") return block(id_of(object), false);
    if (type == "Flag") return flag(act, object);
    if (type == "Move") return move(act, object);
    return accepted();  // unsupported types are acknowledged and ignored, as Mastodon does
  }

 private:
  InboxAnswer done(const util::Status& st) {
    if (st) return accepted();
    switch (st.error().code) {
      case ErrorCode::not_found: return accepted();  // nothing of ours to act on; reveal nothing
      case ErrorCode::conflict:
      case ErrorCode::forbidden: return reject(403, st.error().public_message);
      case ErrorCode::unprocessable:
      case ErrorCode::bad_request: return reject(400, st.error().public_message);
      default:
        spdlog::warn("inbox: {} ({})", st.error().public_message, st.error().detail);
        return reject(503, "Temporarily unavailable");
    }
  }

  // Builds the stored form of a remote Note. Errors: forbidden (origin), bad_request.
  util::Result<services::RemoteStatusInput> note_input(const core::Account& author, const std::string& author_uri,
                                                       const JsonValue& note) {
    services::RemoteStatusInput in;
    in.uri = get_string(note, "id");
    if (in.uri.empty() || !parse_url(in.uri)) return util::fail(ErrorCode::bad_request, "Object has no valid id");
    if (!same_authority(in.uri, author_uri)) return util::fail(ErrorCode::forbidden, "Object is not on the actor's host");
    std::string attributed = id_of(get(note, "attributedTo"));
    if (!attributed.empty() && attributed != author_uri)
      return util::fail(ErrorCode::forbidden, "Object is attributed to another actor");
    std::string content = get_string(note, "content");
    if (content.size() > 256 * 1024) return util::fail(ErrorCode::bad_request, "Content too long");
    in.content = text::sanitize_remote_html(content);
    in.spoiler_text = text::html_to_text(get_string(note, "summary"));
    if (in.spoiler_text.size() > 4096) in.spoiler_text.resize(4096);
    in.sensitive = get_bool(note, "sensitive", false);
    in.attachments = read_attachments(get(note, "attachment"));
    if (type_of(note) == "Question") in.poll = read_question(note);
    std::string url = id_of(get(note, "url"));
    in.url = parse_url(url) ? url : in.uri;
    if (auto p = util::parse_datetime(get_string(note, "published"))) in.created_at = *p;
    if (const JsonValue* cm = get(note, "contentMap"); cm && cm->IsObject() && cm->MemberCount() > 0) {
      std::string lang = cm->MemberBegin()->name.GetString();
      if (lang.size() <= 8) in.language = lang;
    }
    std::vector<std::string> to = ids_of(get(note, "to")), cc = ids_of(get(note, "cc"));
    std::string in_reply_to = id_of(get(note, "inReplyTo"));
    std::vector<std::string> mention_hrefs;
    if (const JsonValue* tags = get(note, "tag")) {
      auto one = [&](const JsonValue& t) {
        if (!t.IsObject()) return;
        std::string type = type_of(t);
        if (type == "Mention") mention_hrefs.push_back(get_string(t, "href"));
        if (type == "Hashtag") {
          std::string name = get_string(t, "name");
          if (!name.empty() && name[0] == '#') name.erase(0, 1);
          if (!name.empty() && name.size() <= 100 && in.tags.size() < 50) in.tags.push_back(name);
        }
      };
      if (tags->IsArray()) {
        for (const auto& t : tags->GetArray()) one(t);
      } else {
        one(*tags);
      }
    }
    bool pub_to = std::any_of(to.begin(), to.end(), [](auto& x) { return is_public_collection(x); });
    bool pub_cc = std::any_of(cc.begin(), cc.end(), [](auto& x) { return is_public_collection(x); });
    std::string followers;
    read(ctx_, [&](store::Tx& tx) {
      auto ra = tx.federation().find_remote_actor(author.id);
      if (ra && *ra) followers = (*ra)->followers;
      std::vector<std::string> candidates = mention_hrefs;
      candidates.insert(candidates.end(), to.begin(), to.end());
      candidates.insert(candidates.end(), cc.begin(), cc.end());
      std::string author_followers = followers.empty() ? author_uri + "/followers" : followers;
      for (const auto& c : candidates) {
        if (in.mentioned_account_ids.size() >= 100) break;
        // why: the public collection and the author's followers are never accounts (no lookup)
        if (is_public_collection(c) || c == author_followers || c.empty()) continue;
        if (auto id = account_for(ctx_, tx, c))
          if (std::find(in.mentioned_account_ids.begin(), in.mentioned_account_ids.end(), *id) ==
              in.mentioned_account_ids.end())
            in.mentioned_account_ids.push_back(*id);
      }
      if (!in_reply_to.empty()) in.in_reply_to_id = status_for(ctx_, tx, in_reply_to);
    });
    if (followers.empty()) followers = author_uri + "/followers";
    if (!in_reply_to.empty() && !in.in_reply_to_id) in.in_reply_to_id = fetch_status(in_reply_to);
    bool to_followers = std::find(to.begin(), to.end(), followers) != to.end() ||
                        std::find(cc.begin(), cc.end(), followers) != cc.end();
    in.visibility = pub_to ? core::Visibility::public_
                    : pub_cc ? core::Visibility::unlisted
                    : to_followers ? core::Visibility::private_
                                   : core::Visibility::direct;
    return in;
  }

  // A status we do not hold, fetched from its origin and stored (a boosted post, a reply's
  // parent). Bounded: at most kMaxFetches per inbound activity and kMaxDepth parents deep.
  // The author must be on the status's host (Mastodon's trustworthy_attribution).
  std::optional<core::Id> fetch_status(const std::string& uri) {
    if (fetches_ >= kMaxFetches || depth_ >= kMaxDepth || !parse_url(uri)) return std::nullopt;
    ++fetches_;
    auto doc = resolver_.fetch_object(uri);
    if (!doc) return std::nullopt;
    std::string type = type_of(**doc);
    if (type != "Note" && type != "Article" && type != "Page") return std::nullopt;
    std::string author_uri = id_of(get(**doc, "attributedTo"));
    if (!same_authority(author_uri, uri)) return std::nullopt;
    auto author = resolver_.actor(author_uri, false);
    if (!author || author->suspended()) return std::nullopt;
    ++depth_;
    auto in = note_input(*author, author_uri, **doc);
    --depth_;
    if (!in) return std::nullopt;
    auto id = services::remote_post(ctx_.deps, *author, *in);
    if (!id) return std::nullopt;
    return *id;
  }

  InboxAnswer create(const JsonValue& act, const JsonValue* object) {
    (void)act;
    if (object == nullptr || !object->IsObject()) return reject(400, "Create needs an embedded object");
    std::string type = type_of(*object);
    if (type != "Note" && type != "Article" && type != "Page" && type != "Question") return accepted();
    if (type == "Note") {
      if (auto vote = poll_vote(*object)) return *vote;
    }
    auto in = note_input(actor_, actor_uri_, *object);
    if (!in) return done(util::fail(in.error()));
    auto id = services::remote_post(ctx_.deps, actor_, *in);
    if (!id) return done(util::fail(id.error()));
    if (!in->attachments.empty() && ctx_.wake_media_fetcher) ctx_.wake_media_fetcher();
    return accepted();
  }

  // A vote in one of our polls: a Note with a `name` (the option) and no content, in reply to
  // the poll's status. nullopt when the Note is not a vote.
  std::optional<InboxAnswer> poll_vote(const JsonValue& note) {
    std::string name = get_string(note, "name");
    std::string parent = id_of(get(note, "inReplyTo"));
    if (name.empty() || parent.empty() || !get_string(note, "content").empty()) return std::nullopt;
    std::optional<core::Id> sid;
    read(ctx_, [&](store::Tx& tx) {
      sid = status_for(ctx_, tx, parent);
      if (!sid) return;
      auto s = tx.statuses().find(*sid);
      if (!s || !*s || !(*s)->poll) sid.reset();
    });
    if (!sid) return std::nullopt;
    std::string attributed = id_of(get(note, "attributedTo"));
    if (!attributed.empty() && attributed != actor_uri_) return reject(403, "Object is attributed to another actor");
    return done(services::remote_vote(ctx_.deps, actor_, *sid, {name}));
  }

  InboxAnswer update(const JsonValue* object) {
    if (object == nullptr || !object->IsObject()) return reject(400, "Update needs an embedded object");
    std::string type = type_of(*object);
    std::string oid = get_string(*object, "id");
    if (!same_authority(oid, actor_uri_)) return reject(403, "Object is not on the actor's host");
    if (oid == actor_uri_) {  // the profile; a key in the payload never replaces the stored one
      auto a = resolver_.apply_actor_update(*object, actor_uri_);
      return done(a ? util::Status{} : util::Status(util::fail(a.error())));
    }
    if (type != "Note" && type != "Article" && type != "Page" && type != "Question") return accepted();
    auto in = note_input(actor_, actor_uri_, *object);
    if (!in) return done(util::fail(in.error()));
    std::optional<core::Id> sid;
    read(ctx_, [&](store::Tx& tx) { sid = status_for(ctx_, tx, oid); });
    if (!sid) return accepted();
    auto st = services::remote_edit(ctx_.deps, actor_, *sid, *in);
    if (st && !in->attachments.empty() && ctx_.wake_media_fetcher) ctx_.wake_media_fetcher();
    return done(st);
  }

  InboxAnswer remove(const JsonValue* object) {
    std::string oid = id_of(object);
    if (oid.empty()) return reject(400, "Delete needs an object");
    if (!same_authority(oid, actor_uri_)) return reject(403, "Object is not on the actor's host");
    if (oid == actor_uri_) {  // the actor deleted itself: suspend it here (hides it and its posts)
      core::Id id = actor_.id;
      auto st = ctx_.deps.store.write([&](store::Tx& tx) { return tx.accounts().set_suspended(id, util::now_ms()); });
      ctx_.deps.views.invalidate_account(id);
      return done(st);
    }
    std::optional<core::Id> sid;
    read(ctx_, [&](store::Tx& tx) { sid = status_for(ctx_, tx, oid); });
    if (!sid) return accepted();
    return done(services::remote_delete_status(ctx_.deps, actor_, *sid));
  }

  InboxAnswer follow(const std::string& id, const JsonValue* object) {
    std::optional<core::Id> target;
    read(ctx_, [&](store::Tx& tx) { target = local_account_for(ctx_, tx, id_of(object)); });
    if (!target) return accepted();
    auto r = services::remote_follow(ctx_.deps, actor_, *target, id);
    return done(r ? util::Status{} : util::Status(util::fail(r.error())));
  }

  InboxAnswer answer(const JsonValue* object, bool accept) {
    // The object is our Follow: embedded ({actor: us, object: them}) or its id.
    std::optional<core::Id> follower;
    read(ctx_, [&](store::Tx& tx) {
      if (object && object->IsObject()) {
        if (id_of(get(*object, "object")) != actor_uri_) return;
        follower = local_account_for(ctx_, tx, id_of(get(*object, "actor")));
        return;
      }
      std::string fid = id_of(object);
      std::size_t hash = fid.find("#follows/");
      if (hash != std::string::npos) follower = local_account_for(ctx_, tx, fid.substr(0, hash));
    });
    if (!follower) return accepted();
    return done(services::remote_follow_answered(ctx_.deps, actor_, *follower, accept));
  }

  InboxAnswer undo(const JsonValue* object) {
    if (object == nullptr) return reject(400, "Undo needs an object");
    std::string inner_id = id_of(object);
    if (!object->IsObject()) {
      // Only an id: an Announce we stored by its activity id.
      return announce(inner_id, "", true);
    }
    std::string inner_actor = id_of(get(*object, "actor"));
    if (!inner_actor.empty() && inner_actor != actor_uri_) return reject(403, "Undo of another actor's activity");
    std::string type = type_of(*object);
    std::string target = id_of(get(*object, "object"));
    if (type == "Follow") {
      std::optional<core::Id> local;
      read(ctx_, [&](store::Tx& tx) { local = local_account_for(ctx_, tx, target); });
      if (!local) return accepted();
      return done(services::remote_unfollow(ctx_.deps, actor_, *local));
    }
    if (type == "Like") return like(target, true);
    if (type == "Announce") return announce(inner_id, target, true);
    if (type == "Block") return block(target, true);
    return accepted();
  }

  InboxAnswer like(const std::string& object, bool undo) {
    std::optional<core::Id> sid;
    read(ctx_, [&](store::Tx& tx) { sid = status_for(ctx_, tx, object); });
    if (!sid) return accepted();
    return done(services::remote_favourite(ctx_.deps, actor_, *sid, undo));
  }

  InboxAnswer announce(const std::string& id, const std::string& object, bool undo) {
    if (!undo && (id.empty() || !same_authority(id, actor_uri_))) return reject(403, "Announce id is not on the actor's host");
    std::optional<core::Id> sid;
    read(ctx_, [&](store::Tx& tx) {
      if (!object.empty()) sid = status_for(ctx_, tx, object);
      if (!sid && undo && !id.empty()) {  // find the original through the stored wrapper
        auto w = tx.federation().status_id_by_uri(id);
        if (w && *w) {
          auto s = tx.statuses().find(**w);
          if (s && *s && (*s)->account_id == actor_.id && (*s)->reblog_of_id) sid = *(*s)->reblog_of_id;
        }
      }
    });
    if (!sid && !undo) sid = fetch_status(object);
    if (!sid) return accepted();
    return done(services::remote_reblog(ctx_.deps, actor_, *sid, id, undo));
  }

  // A Flag (report) about one of our accounts, optionally naming some of its statuses.
  InboxAnswer flag(const JsonValue& act, const JsonValue* object) {
    std::optional<core::Id> target;
    std::vector<core::Id> statuses;
    read(ctx_, [&](store::Tx& tx) {
      for (const auto& uri : ids_of(object, 100)) {
        if (!target)
          if (auto a = local_account_for(ctx_, tx, uri)) {
            target = a;
            continue;
          }
        if (auto s = status_for(ctx_, tx, uri)) statuses.push_back(*s);
      }
    });
    if (!target) return accepted();
    std::string comment = get_string(act, "content");
    if (!util::is_valid_utf8(comment)) comment.clear();
    return done(services::remote_report(ctx_.deps, actor_, *target, statuses, text::html_to_text(comment)));
  }

  // Move (Mastodon's Activity::Move): the actor announces it moved to `target`. Only about
  // itself (object = the actor); the target is fetched from its own origin (never taken from the
  // payload), must not be suspended and must list the actor in its alsoKnownAs (≤ 256 entries
  // read). Then recorded and the actor's local followers moved (services/moves.h).
  InboxAnswer move(const JsonValue& act, const JsonValue* object) {
    if (id_of(object) != actor_uri_) return reject(403, "Move of another actor");
    std::string target_uri = id_of(get(act, "target"));
    if (!parse_url(target_uri) || target_uri == actor_uri_) return reject(400, "Move needs a valid target");
    auto target = resolver_.fetch_actor(target_uri);
    if (!target) return done(util::fail(target.error()));
    std::vector<std::string> aliases = ids_of(get(*target->document, "alsoKnownAs"), 256);
    if (std::find(aliases.begin(), aliases.end(), actor_uri_) == aliases.end())
      return reject(400, "Move target does not list the origin in alsoKnownAs");
    if (target->account.suspended()) return reject(403, "Move target is suspended");
    auto moved = services::remote_move(ctx_.deps, actor_, target->account);
    if (!moved) return done(util::fail(moved.error()));
    spdlog::info("inbox: {} moved to {} ({} followers moved, {} left)", actor_uri_, target_uri, moved->refollowed,
                 moved->skipped);
    return accepted();
  }

  InboxAnswer block(const std::string& object, bool undo) {
    std::optional<core::Id> local;
    read(ctx_, [&](store::Tx& tx) { local = local_account_for(ctx_, tx, object); });
    if (!local) return accepted();
    return done(services::remote_block(ctx_.deps, actor_, *local, undo));
  }

  Context& ctx_;
  Resolver& resolver_;
  const core::Account& actor_;
  const std::string& actor_uri_;
  static constexpr int kMaxFetches = 10;
  static constexpr int kMaxDepth = 3;
  int fetches_ = 0;
  int depth_ = 0;
};

}  // namespace

std::shared_ptr<const crypto::RsaPublicKey> Inbox::parsed_key(const std::string& pem) {
  constexpr std::size_t kMaxKeys = 4096;
  {
    std::lock_guard lock(keys_mu_);
    if (auto it = parsed_keys_.find(pem); it != parsed_keys_.end()) return it->second;
  }
  auto key = crypto::RsaPublicKey::parse(pem);
  if (!key) return nullptr;
  std::lock_guard lock(keys_mu_);
  if (parsed_keys_.size() >= kMaxKeys) parsed_keys_.clear();  // why: bounded; refilling is cheap
  parsed_keys_.emplace(pem, key);
  return key;
}

InboxAnswer Inbox::receive(const http::Request& req) {
  // 1. The signature header and what it covers.
  std::string sig_header = header(req, "Signature");
  if (sig_header.empty()) {
    return reject(401, header(req, "Signature-Input").empty() ? "Request not signed"
                                                              : "Only draft-cavage HTTP signatures are supported");
  }
  auto sig = parse_signature_header(sig_header);
  if (!sig) return reject(401, "Malformed Signature header");
  if (!sig->algorithm.empty() && sig->algorithm != "rsa-sha256" && sig->algorithm != "hs2019")
    return reject(401, "Unsupported signature algorithm");
  for (const char* required : {"(request-target)", "host", "date", "digest"})
    if (std::find(sig->headers.begin(), sig->headers.end(), required) == sig->headers.end())
      return reject(401, std::string("Signature must cover ") + required);
  if (util::to_lower(header(req, "Host")) != ctx_.settings.domain) return reject(401, "Signed for another host");
  auto date = parse_http_date(header(req, "Date"));
  std::int64_t now = util::now_ms();
  if (!date || *date < now - kClockSkewMs || *date > now + kClockSkewMs) return reject(401, "Date out of range");
  if (!digest_matches(header(req, "Digest"), req.raw.body())) return reject(401, "Digest does not match the body");

  // 2. The activity and its actor.
  rapidjson::Document act;
  if (!parse_object(req.raw.body(), act)) return reject(400, "Malformed JSON");
  std::string actor_uri = id_of(get(act, "actor"));
  auto actor_url = parse_url(actor_uri);
  if (!actor_url) return reject(400, "Activity has no valid actor");
  auto key_url = parse_url(sig->key_id);
  if (!key_url || key_url->authority != actor_url->authority) return reject(401, "Key is not on the actor's host");
  if (actor_url->authority == ctx_.settings.domain) return reject(401, "Local actors do not post to the inbox");
  if (!ctx_.gate.permits(actor_url->authority)) return reject(403, "Domain not allowed");

  auto raw_target = req.raw.target();
  std::string target(raw_target.data(), raw_target.size());
  auto raw_method = req.raw.method_string();
  std::string method(raw_method.data(), raw_method.size());
  auto signed_text = [&](const std::string& request_target) {
    return signing_string(sig->headers, method, request_target,
                          [&](std::string_view name) { return header(req, name); });
  };
  auto verifies = [&](const std::string& pem) {
    if (pem.empty()) return false;
    auto key = parsed_key(pem);
    if (!key) return false;
    // The raw target (with its query), else the decoded path (some senders sign that).
    if (auto text = signed_text(target); text && key->verify(*text, sig->signature)) return true;
    if (req.path == target) return false;
    auto text = signed_text(req.path);
    return text && key->verify(*text, sig->signature);
  };
  auto stored_key = [&](core::Id account_id) {
    std::string pem;
    read(ctx_, [&](store::Tx& tx) {
      auto ra = tx.federation().find_remote_actor(account_id);
      if (ra && *ra && (*ra)->key_id == sig->key_id) pem = (*ra)->public_key_pem;
    });
    return pem;
  };

  // A self-Delete from an actor we never knew: nothing to do, and no key to fetch.
  if (type_of(act) == "Delete" && id_of(get(act, "object")) == actor_uri) {
    bool known = false;
    read(ctx_, [&](store::Tx& tx) {
      auto id = tx.federation().account_id_by_uri(actor_uri);
      known = id && *id;
    });
    if (!known) return accepted();
  }

  // Known actor: account and key in one read (the common case); else fetched and stored.
  util::Result<core::Account> actor = util::fail(ErrorCode::not_found, "Unknown actor");
  std::string pem;
  if (auto known = resolver_.known(actor_uri); known && *known) {
    actor = (*known)->account;
    if ((*known)->actor.key_id == sig->key_id) pem = (*known)->actor.public_key_pem;
  } else {
    actor = resolver_.actor(actor_uri, false);
    if (!actor) return reject(401, "Cannot verify the actor's key");  // the domain gate was checked above
    pem = stored_key(actor->id);
  }
  if (!verifies(pem)) {
    // The key may have rotated: fetch the actor once more, at most once a minute per actor (a
    // stream of badly signed requests must not make us fetch it each time).
    if (!resolver_.may_refetch(actor_uri)) return reject(401, "Signature verification failed");
    actor = resolver_.actor(actor_uri, true);
    if (!actor) return reject(401, "Cannot verify the actor's key");
    if (!verifies(stored_key(actor->id))) return reject(401, "Signature verification failed");
  }
  if (actor->suspended()) return reject(403, "Actor is suspended");
  if (ctx_.health) ctx_.health->heard_from(ctx_.deps, actor_url->authority);  // no SQL unless it was failing

  // 3. Apply it.
  Processor p(ctx_, resolver_, *actor, actor_uri);
  return p.process(act);
}

}  // namespace parloir::federation
