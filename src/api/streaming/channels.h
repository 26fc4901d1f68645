// Streaming channels (Mastodon stream names), subscriptions, and the wire format of events for
// WebSocket and event-stream clients. Pure functions; thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/scopes.h"

namespace parloir::api::streaming {

enum class Channel {
  user,
  user_notification,
  public_all,
  public_media,
  public_local,
  public_local_media,
  public_remote,
  public_remote_media,
  hashtag,
  hashtag_local,
  list,
  direct
};

// "public:local:media" -> Channel; nullopt for unknown names.
std::optional<Channel> parse_channel(std::string_view name);
std::string_view channel_name(Channel c);
// The `:media` variant of a public channel (only_media=true), else c.
Channel with_media(Channel c);

// Does the token allow the channel? `read`, or read:statuses (user, public*, hashtag*,
// direct), read:notifications (user:notification), read:lists (list).
bool scopes_allow(const core::Scopes& scopes, Channel c);

// One subscription of a connection.
struct Subscription {
  Channel channel = Channel::user;
  std::string param;   // hashtag: the tag exactly as sent; list: the list id as sent; else empty
  std::string tag;     // hashtag: lower-cased, without '#'
  core::Id list_id = 0;
  std::string stream_array;  // the `stream` array: ["user"], ["hashtag","Foo"], ["list","123"]
  bool same(const Subscription& o) const { return channel == o.channel && tag == o.tag && list_id == o.list_id; }
};

// Builds a subscription from a channel name and its parameters; error text when invalid
// ("Unknown stream type", or a missing tag / list).
struct SubscriptionRequest {
  std::string stream;
  std::string tag;
  std::string list;
  bool only_media = false;
};
std::optional<Subscription> make_subscription(const SubscriptionRequest& r, std::string* error);

// WebSocket message: {"stream":[…],"event":"…"[,"payload":"<payload as a JSON string>"]}.
// `payload` null: no payload key (filters_changed).
std::shared_ptr<const std::string> ws_message(const Subscription& s, std::string_view event,
                                              const std::string* payload);
// Event-stream message: "event: <event>\ndata: <payload or null>\n\n" (payload is JSON, or a
// bare id for delete).
std::shared_ptr<const std::string> sse_message(std::string_view event, const std::string* payload);
// {"error":"…","status":N} sent on a WebSocket when a subscription fails.
std::shared_ptr<const std::string> ws_error(std::string_view error, int status);

}  // namespace parloir::api::streaming
