// The dispatcher thread's work: events → messages per subscription (see streaming.h).
#include <algorithm>
#include <chrono>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "api/json.h"
#include "api/respond.h"
#include "api/serializers/admin.h"
#include "api/serializers/status.h"
#include "api/streaming/dispatcher.h"
#include "core/visibility.h"
#include "services/announcements.h"
#include "services/lists.h"
#include "services/notifications.h"
#include "services/stream_support.h"

namespace parloir::api {

using streaming::Channel;
using streaming::Client;
using streaming::Subscription;

namespace {

// Messages of one event, rendered once per (wire format, stream array, payload) and shared.
class MessageCache {
 public:
  std::shared_ptr<const std::string> get(const Client& c, const Subscription& s, std::string_view event,
                                         const std::string* payload) {
    Key key{c.sse, c.sse ? std::string_view() : std::string_view(s.stream_array), payload};
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    auto m = c.sse ? streaming::sse_message(event, payload) : streaming::ws_message(s, event, payload);
    cache_.emplace(key, m);
    return m;
  }

 private:
  struct Key {
    bool sse;
    std::string_view stream;  // points into a Subscription alive for the whole event
    const std::string* payload;
    bool operator==(const Key& o) const { return sse == o.sse && stream == o.stream && payload == o.payload; }
  };
  struct Hash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::string_view>{}(k.stream) ^ (std::hash<const void*>{}(k.payload) << 1) ^ k.sse;
    }
  };
  std::unordered_map<Key, std::shared_ptr<const std::string>, Hash> cache_;
};

bool media_only(Channel c) {
  return c == Channel::public_media || c == Channel::public_local_media || c == Channel::public_remote_media;
}

// `:media` channels carry only statuses with attachments.
bool has_media(const core::Status& s) { return !s.media.empty(); }

bool has_tag(const core::Status& s, const std::string& tag_lc) {
  for (const auto& t : s.tags) {
    if (t.size() != tag_lc.size()) continue;
    bool eq = true;
    for (std::size_t i = 0; i < t.size() && eq; ++i) {
      char a = t[i];
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
      eq = a == tag_lc[i];
    }
    if (eq) return true;
  }
  return false;
}

std::string_view filter_context(Channel c) {
  return c == Channel::user || c == Channel::list ? "home" : "public";
}

}  // namespace

std::optional<Subscription> Streaming::Impl::check_subscription(core::Id account_id, const core::Scopes& scopes,
                                                               const streaming::SubscriptionRequest& r,
                                                               std::string* error, int* status) const {
  auto s = streaming::make_subscription(r, error);
  if (!s) {
    *status = 400;
    return std::nullopt;
  }
  if (!streaming::scopes_allow(scopes, s->channel)) {
    *error = "Access token does not have the required scopes";
    *status = 401;
    return std::nullopt;
  }
  if (s->channel == Channel::list) {
    auto list = services::get_list(env.deps, account_id, s->list_id);
    if (!list) {
      *error = "Not authorized to stream this list";
      *status = 401;
      return std::nullopt;
    }
  }
  return s;
}

void Streaming::Impl::subscribe(const std::shared_ptr<Client>& c, const streaming::SubscriptionRequest& r, bool add) {
  std::string error;
  int status = 400;
  auto s = check_subscription(c->account_id, c->scopes, r, &error, &status);
  if (!s) {
    c->send(streaming::ws_error(error, status));
    return;
  }
  auto& subs = c->subscriptions;
  auto it = std::find_if(subs.begin(), subs.end(), [&](const Subscription& x) { return x.same(*s); });
  if (add && it == subs.end() && subs.size() < 64) subs.push_back(std::move(*s));
  if (!add && it != subs.end()) subs.erase(it);
}

namespace {

struct Target {
  Client* client;
  const Subscription* sub;
  std::size_t viewer;  // index into the viewer list
};

void handle_status(Streaming::Impl& impl, const services::StatusEvent& ev,
                   const std::vector<std::shared_ptr<Client>>& clients) {
  const Env& env = impl.env;
  const core::Status& s = ev.status;
  const bool author_local = s.uri.empty();
  const bool broadcast = s.visibility == core::Visibility::public_ && !s.is_reblog();  // public + hashtag
  const bool public_ok = broadcast && core::is_public_timeline_candidate(s);

  // Home audience: the fan-out plan (new statuses) or recomputed (edits, deletes).
  std::optional<std::unordered_set<core::Id>> home;
  auto in_home = [&](core::Id account) {
    if (!home) {
      if (ev.kind == services::StatusEventKind::created) {
        home.emplace(ev.home_recipients.begin(), ev.home_recipients.end());
      } else {
        auto a = services::home_audience(env.deps, s);
        home.emplace();
        if (a) home->insert(a->begin(), a->end());
      }
    }
    return home->count(account) > 0;
  };
  std::unordered_map<std::uint64_t, bool> list_cache;  // list id -> shows
  auto list_shows = [&](const Client& c, core::Id list_id) {
    auto it = list_cache.find(static_cast<std::uint64_t>(list_id));
    if (it != list_cache.end()) return it->second;
    auto r = services::list_shows(env.deps, c.account_id, list_id, s);
    bool shows = r && *r;
    list_cache.emplace(static_cast<std::uint64_t>(list_id), shows);
    return shows;
  };
  auto matches = [&](const Client& c, const Subscription& sub) {
    switch (sub.channel) {
      case Channel::user: return in_home(c.account_id);
      case Channel::public_all:
      case Channel::public_media: return public_ok && (!media_only(sub.channel) || has_media(s));
      case Channel::public_local:
      case Channel::public_local_media:
        return public_ok && author_local && (!media_only(sub.channel) || has_media(s));
      case Channel::public_remote:
      case Channel::public_remote_media:
        return public_ok && !author_local && (!media_only(sub.channel) || has_media(s));
      case Channel::hashtag: return broadcast && has_tag(s, sub.tag);
      case Channel::hashtag_local: return broadcast && author_local && has_tag(s, sub.tag);
      case Channel::list: return list_shows(c, sub.list_id);
      case Channel::user_notification:
      case Channel::direct: return false;
    }
    return false;
  };

  std::vector<Target> targets;
  std::vector<core::Id> viewers;
  std::unordered_map<core::Id, std::size_t> viewer_index;
  for (const auto& cp : clients) {
    for (const auto& sub : cp->subscriptions) {
      if (!matches(*cp, sub)) continue;
      auto [it, fresh] = viewer_index.emplace(cp->account_id, viewers.size());
      if (fresh) viewers.push_back(cp->account_id);
      targets.push_back(Target{cp.get(), &sub, it->second});
    }
  }
  if (targets.empty()) return;
  MessageCache messages;

  if (ev.kind == services::StatusEventKind::deleted) {
    std::vector<std::string> ids{core::id_string(s.id)};
    for (core::Id w : ev.also_deleted) ids.push_back(core::id_string(w));
    for (const auto& id : ids) {
      // why: a WebSocket payload is the id as a JSON string; an event stream's data is the bare id.
      for (const auto& t : targets) t.client->send(messages.get(*t.client, *t.sub, "delete", &id));
    }
    return;
  }

  // The same gate as the REST timelines, once per distinct viewer.
  const auto t_start = std::chrono::steady_clock::now();
  auto gate = services::stream_gate(env.deps, s, viewers);
  const auto t_gated = std::chrono::steady_clock::now();
  if (!gate) {
    spdlog::warn("streaming: cannot load status {}: {}", s.id, gate.error().detail);
    return;
  }
  // The viewer-independent rendering, as Mastodon streams it (no viewer flags).
  std::optional<services::StatusView>& base = gate->view;
  if (!base) return;
  base->flags = {};
  if (base->reblog) {
    auto original = std::make_shared<services::StatusView>(*base->reblog);
    original->flags = {};
    base->reblog = std::move(original);
  }
  StatusJsonOptions base_options;
  base_options.authenticated = true;
  const std::string base_json = status_json(env, *base, base_options);
  const std::string_view event = ev.kind == services::StatusEventKind::created ? "update" : "status.update";

  std::unordered_map<std::string, std::string> filtered_json;  // per (viewer, context)
  for (const auto& t : targets) {
    if (!gate->visible[t.viewer]) continue;
    if (t.sub->channel != Channel::user && t.sub->channel != Channel::list && !gate->broadcast[t.viewer]) continue;
    Client& c = *t.client;
    const std::string* payload = &base_json;
    const auto& filters = impl.filters_of(c.account_id);
    if (!filters.empty()) {
      StatusJsonOptions o = base_options;
      o.viewer_id = c.account_id;
      o.filters = &filters;
      o.filter_context = filter_context(t.sub->channel);
      if (hidden_by_filters(*base, o)) continue;
      if (!matching_filters(*base, o).empty()) {
        std::string key = core::id_string(c.account_id) + std::string(o.filter_context);
        auto it = filtered_json.find(key);
        if (it == filtered_json.end()) it = filtered_json.emplace(key, status_json(env, *base, o)).first;
        payload = &it->second;
      }
    }
    c.send(messages.get(c, *t.sub, event, payload));
  }
  const auto t_sent = std::chrono::steady_clock::now();
  auto us = [](auto d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); };
  spdlog::debug("streaming: status {}: {} viewers gated in {} us, {} messages queued in {} us", s.id, viewers.size(),
                us(t_gated - t_start), targets.size(), us(t_sent - t_gated));
}

void handle_notification(Streaming::Impl& impl, const services::NotificationEvent& ev,
                         const std::vector<std::shared_ptr<Client>>& clients) {
  std::vector<std::pair<Client*, const Subscription*>> targets;
  for (const auto& cp : clients) {
    if (cp->account_id != ev.recipient) continue;
    for (const auto& sub : cp->subscriptions) {
      bool wants = sub.channel == Channel::user_notification ||
                   (sub.channel == Channel::user && streaming::scopes_allow(cp->scopes, Channel::user_notification));
      if (wants) targets.emplace_back(cp.get(), &sub);
    }
  }
  if (targets.empty()) return;
  const Env& env = impl.env;
  auto n = services::get_notification(env.deps, ev.recipient, ev.notification_id);
  if (!n) return;  // gone or no longer visible
  const auto& filters = impl.filters_of(ev.recipient);
  StatusJsonOptions o;
  o.authenticated = true;
  o.viewer_id = ev.recipient;
  o.filters = &filters;
  o.filter_context = "notifications";
  if (n->status && hidden_by_filters(*n->status, o)) return;
  JsonOut out;
  write_notification(out, env, *n, o);
  const std::string json = out.take();
  MessageCache messages;
  for (auto [c, sub] : targets) c->send(messages.get(*c, *sub, "notification", &json));
}

void handle_conversation(Streaming::Impl& impl, const services::ConversationEvent& ev,
                         const std::vector<std::shared_ptr<Client>>& clients) {
  const Env& env = impl.env;
  std::unordered_map<core::Id, std::optional<std::string>> rendered;
  MessageCache messages;
  for (const auto& cp : clients) {
    if (std::find(ev.participants.begin(), ev.participants.end(), cp->account_id) == ev.participants.end()) continue;
    for (const auto& sub : cp->subscriptions) {
      if (sub.channel != Channel::direct) continue;
      auto it = rendered.find(cp->account_id);
      if (it == rendered.end()) {
        std::optional<std::string> json;
        auto c = services::conversation_for(env.deps, cp->account_id, ev.conversation_id);
        if (c && *c) {
          StatusJsonOptions o;
          o.authenticated = true;
          o.viewer_id = cp->account_id;
          JsonOut out;
          write_conversation(out, env, **c, o);
          json = out.take();
        }
        it = rendered.emplace(cp->account_id, std::move(json)).first;
      }
      if (it->second) cp->send(messages.get(*cp, sub, "conversation", &*it->second));
    }
  }
}

void handle_filters(Streaming::Impl& impl, const services::FiltersChangedEvent& ev,
                    const std::vector<std::shared_ptr<Client>>& clients) {
  impl.filters.erase(ev.account_id);  // reloaded on the next event that needs them
  MessageCache messages;
  for (const auto& cp : clients) {
    if (cp->account_id != ev.account_id) continue;
    for (const auto& sub : cp->subscriptions)
      if (sub.channel == Channel::user) cp->send(messages.get(*cp, sub, "filters_changed", nullptr));
  }
}

// Mastodon 4.3 sends `notifications_merged` (no payload) on the account's user and
// user:notification streams, with the same scope rule as notifications.
void handle_merged(const services::NotificationsMergedEvent& ev, const std::vector<std::shared_ptr<Client>>& clients) {
  MessageCache messages;
  for (const auto& cp : clients) {
    if (cp->account_id != ev.account_id) continue;
    for (const auto& sub : cp->subscriptions) {
      bool wants = sub.channel == Channel::user_notification ||
                   (sub.channel == Channel::user && streaming::scopes_allow(cp->scopes, Channel::user_notification));
      if (wants) cp->send(messages.get(*cp, sub, "notifications_merged", nullptr));
    }
  }
}

// Mastodon sends announcements on the user stream of every signed-in user: `announcement` with
// the entity (as GET /api/v1/announcements renders it, without viewer state),
// `announcement.reaction` with {name, count, announcement_id}, `announcement.delete` with the id.
void handle_announcement(Streaming::Impl& impl, const services::AnnouncementChangedEvent& ev,
                         const std::vector<std::shared_ptr<Client>>& clients) {
  std::vector<std::pair<Client*, const Subscription*>> targets;
  for (const auto& cp : clients)
    for (const auto& sub : cp->subscriptions)
      if (sub.channel == Channel::user) targets.emplace_back(cp.get(), &sub);
  if (targets.empty()) return;
  std::string_view event;
  std::string payload;
  if (ev.kind == services::AnnouncementEvent::deleted) {
    event = "announcement.delete";
    payload = core::id_string(ev.announcement_id);
  } else {
    auto a = services::announcement_for_stream(impl.env.deps, ev.announcement_id);
    if (!a) {
      spdlog::warn("streaming: cannot load announcement {}: {}", ev.announcement_id, a.error().detail);
      return;
    }
    if (!*a) return;  // deleted since
    JsonOut out;
    if (ev.kind == services::AnnouncementEvent::published) {
      if (!(*a)->announcement.published_at) return;  // unpublished since
      event = "announcement";
      write_announcement(out, **a);
    } else {
      event = "announcement.reaction";
      std::int64_t count = 0;
      for (const auto& r : (*a)->reactions)
        if (r.name == ev.reaction_name) count = r.count;
      out.begin_object();
      out.field("name", ev.reaction_name).field("count", count);
      out.field("announcement_id", core::id_string(ev.announcement_id));
      out.end_object();
    }
    payload = out.take();
  }
  MessageCache messages;
  for (auto [c, sub] : targets) c->send(messages.get(*c, *sub, event, &payload));
}

void handle_revoked(const services::AccessRevokedEvent& ev, const std::vector<std::shared_ptr<Client>>& clients) {
  for (const auto& cp : clients) {
    bool hit = (!ev.token_hash.empty() && cp->token_hash == ev.token_hash) ||
               (ev.account_id && cp->account_id == *ev.account_id);
    if (hit && cp->out) cp->out->close(1008);  // policy violation: the token no longer authenticates
  }
}

}  // namespace

void Streaming::Impl::handle(const services::Event& event) {
  auto open = snapshot();
  if (open.empty()) return;
  http::SendBurst burst;  // the writers of every connection this event reaches start together
  std::visit(
      [&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, services::StatusEvent>)
          handle_status(*this, ev, open);
        else if constexpr (std::is_same_v<T, services::NotificationEvent>)
          handle_notification(*this, ev, open);
        else if constexpr (std::is_same_v<T, services::ConversationEvent>)
          handle_conversation(*this, ev, open);
        else if constexpr (std::is_same_v<T, services::FiltersChangedEvent>)
          handle_filters(*this, ev, open);
        else if constexpr (std::is_same_v<T, services::AnnouncementChangedEvent>)
          handle_announcement(*this, ev, open);
        else if constexpr (std::is_same_v<T, services::InvalidateEvent>)
          return;  // caches only (services/event_relay.cpp); no stream message
        else if constexpr (std::is_same_v<T, services::NotificationsMergedEvent>)
          handle_merged(ev, open);
        else if constexpr (std::is_same_v<T, services::AccessRevokedEvent>)
          handle_revoked(ev, open);
        else
          static_cast<void>(ev);  // ViewsChangedEvent: cache invalidation only (the relay did it)
      },
      event);
}

const std::vector<core::Filter>& Streaming::Impl::filters_of(core::Id account_id) {
  auto now = std::chrono::steady_clock::now();
  if (now - filters_loaded_at > std::chrono::seconds(30)) {
    filters.clear();  // why: filters expire; a reload bounds how long an expired one applies
    filters_loaded_at = now;
  }
  auto it = filters.find(account_id);
  if (it == filters.end()) it = filters.emplace(account_id, viewer_filters(env, account_id)).first;
  return it->second;
}

void Streaming::Impl::revalidate() {
  auto open = snapshot();
  if (open.empty()) return;
  std::vector<std::string> hashes;
  std::unordered_set<std::string> seen;
  for (const auto& c : open)
    if (seen.insert(c->token_hash).second) hashes.push_back(c->token_hash);
  auto invalid = services::invalid_tokens(env.deps, hashes);
  if (!invalid || invalid->empty()) return;
  std::unordered_set<std::string> bad(invalid->begin(), invalid->end());
  for (const auto& c : open)
    if (bad.count(c->token_hash) && c->out) c->out->close(1008);
}

}  // namespace parloir::api
