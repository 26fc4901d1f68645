#include "federation/documents.h"

#include "federation/attachments.h"
#include "federation/json.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::federation {

void write_context(JsonWriter& w) {
  w.key("@context").begin_array().str(kActivityStreams).str("https://w3id.org/security/v1");
  w.begin_object()
      .field("manuallyApprovesFollowers", "as:manuallyApprovesFollowers")
      .field("sensitive", "as:sensitive")
      .field("Hashtag", "as:Hashtag")
      .field("toot", "http://joinmastodon.org/ns#")
      .field("discoverable", "toot:discoverable")
      .field("featured", "toot:featured")
      .field("schema", "http://schema.org#")
      .field("PropertyValue", "schema:PropertyValue")
      .field("blurhash", "toot:blurhash")
      .field("votersCount", "toot:votersCount")
      .field("value", "schema:value");
  w.key("focalPoint").begin_object().field("@container", "@list").field("@id", "toot:focalPoint").end_object();
  w.end_object();
  w.end_array();
}

namespace {

// A poll as Mastodon sends it: oneOf/anyOf of Notes named after the options with their tallies
// (replies.totalItems), endTime, votersCount, and closed once it has ended.
void write_question(JsonWriter& w, const core::Poll& p) {
  w.key(p.multiple ? "anyOf" : "oneOf").begin_array();
  for (std::size_t i = 0; i < p.options.size(); ++i) {
    w.begin_object().field("type", "Note").field("name", p.options[i]);
    w.key("replies").begin_object().field("type", "Collection");
    w.key("totalItems").integer(i < p.tallies.size() ? p.tallies[i] : 0).end_object();
    w.end_object();
  }
  w.end_array();
  if (p.expires_at) {
    w.field("endTime", util::format_datetime(*p.expires_at));
    if (p.expired(util::now_ms())) w.field("closed", util::format_datetime(*p.expires_at));
  }
  w.key("votersCount").integer(p.voters_count);
}

}  // namespace

std::string status_uri(const Context& ctx, const core::Account& author, const core::Status& s) {
  if (!s.uri.empty()) return s.uri;
  return ctx.actor_uri(author) + "/statuses/" + core::id_string(s.id);
}

std::string actor_document(const Context& ctx, const core::Account& a, const std::string& public_pem) {
  std::string id = ctx.actor_uri(a);
  JsonWriter w;
  w.begin_object();
  write_context(w);
  w.field("id", id);
  w.field("type", a.bot ? "Service" : "Person");
  w.field("preferredUsername", a.username);
  w.field("name", a.display_name);
  w.field("summary", a.note);
  w.field("url", ctx.profile_url(a));
  w.field("inbox", id + "/inbox");
  w.field("outbox", id + "/outbox");
  w.field("followers", id + "/followers");
  w.field("following", id + "/following");
  w.field("featured", id + "/collections/featured");
  w.field("manuallyApprovesFollowers", a.locked);
  w.field("discoverable", a.discoverable);
  w.field("published", util::format_datetime(a.created_at));
  w.key("endpoints").begin_object().field("sharedInbox", ctx.shared_inbox()).end_object();
  w.key("publicKey").begin_object().field("id", id + "#main-key").field("owner", id).field("publicKeyPem", public_pem).end_object();
  // Like Mastodon, no icon/image without one (peers would otherwise cache our placeholder).
  for (auto [name, key] : {std::pair{"icon", &a.avatar_path}, std::pair{"image", &a.header_path}}) {
    if (key->empty()) continue;
    w.key(name).begin_object().field("type", "Image").field("mediaType", content_type_for_key(*key));
    w.field("url", ctx.settings.base_url + "/system/" + *key).end_object();
  }
  w.key("attachment").begin_array();
  for (const auto& f : a.fields)
    w.begin_object().field("type", "PropertyValue").field("name", f.name).field("value", util::html_escape(f.value)).end_object();
  w.end_array();
  w.key("tag").begin_array().end_array();
  w.end_object();
  return w.take();
}

Addressing address(const Context& ctx, const core::Account& author, core::Visibility v,
                   const std::vector<std::string>& mentions) {
  Addressing out;
  std::string followers = ctx.actor_uri(author) + "/followers";
  switch (v) {
    case core::Visibility::public_: out.to = {kPublic}; out.cc = {followers}; break;
    case core::Visibility::unlisted: out.to = {followers}; out.cc = {kPublic}; break;
    case core::Visibility::private_: out.to = {followers}; break;
    case core::Visibility::direct: out.to = mentions; return out;
  }
  for (const auto& m : mentions) out.cc.push_back(m);
  return out;
}

util::Result<NoteDocument> note_document(const Context& ctx, store::Tx& tx, const core::Account& author,
                                         const core::Status& s, bool embedded) {
  NoteDocument doc;
  std::string id = status_uri(ctx, author, s);
  std::string in_reply_to;
  if (s.in_reply_to_id) {
    auto parent = tx.statuses().find(*s.in_reply_to_id);
    if (!parent) return util::fail(parent.error());
    if (*parent) {
      auto pa = tx.accounts().find_by_id((*parent)->account_id);
      if (!pa) return util::fail(pa.error());
      if (*pa) in_reply_to = status_uri(ctx, **pa, **parent);
    }
  }
  auto mentioned = tx.accounts().find_by_ids(s.mentioned_account_ids);
  if (!mentioned) return util::fail(mentioned.error());
  std::vector<std::string> mention_uris;
  for (const auto& m : *mentioned) {
    mention_uris.push_back(ctx.actor_uri(m));
    doc.mentioned_account_ids.push_back(m.id);
  }
  doc.addressing = address(ctx, author, s.visibility, mention_uris);

  JsonWriter w;
  w.begin_object();
  if (!embedded) write_context(w);
  w.field("id", id);
  w.field("type", s.poll ? "Question" : "Note");
  if (s.poll) write_question(w, *s.poll);
  w.key("summary");
  if (s.spoiler_text.empty()) w.null(); else w.str(util::html_escape(s.spoiler_text));
  w.key("inReplyTo");
  if (in_reply_to.empty()) w.null(); else w.str(in_reply_to);
  w.field("published", util::format_datetime(s.created_at));
  if (s.edited_at) w.field("updated", util::format_datetime(*s.edited_at));
  w.field("url", ctx.profile_url(author) + "/" + core::id_string(s.id));
  w.field("attributedTo", ctx.actor_uri(author));
  w.strings("to", doc.addressing.to);
  w.strings("cc", doc.addressing.cc);
  w.field("sensitive", s.sensitive);
  w.field("content", s.content);
  if (!s.language.empty()) w.key("contentMap").begin_object().field(s.language, s.content).end_object();
  w.key("tag").begin_array();
  for (const auto& m : *mentioned) {
    std::string name = "@" + m.username + "@" + (m.is_local() ? ctx.settings.domain : m.domain);
    w.begin_object().field("type", "Mention").field("href", ctx.actor_uri(m)).field("name", name).end_object();
  }
  for (const auto& t : s.tags)
    w.begin_object()
        .field("type", "Hashtag")
        .field("href", ctx.settings.base_url + "/tags/" + util::to_lower(t))
        .field("name", "#" + t)
        .end_object();
  w.end_array();
  auto media = tx.media().list_for_statuses({s.id});
  if (!media) return util::fail(media.error());
  write_attachments(w, ctx.settings.base_url, *media);
  w.end_object();
  doc.json = w.take();
  return doc;
}

}  // namespace parloir::federation
