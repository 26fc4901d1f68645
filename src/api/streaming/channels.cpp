#include "api/streaming/channels.h"

#include <array>
#include <utility>

#include "api/json.h"
#include "util/strings.h"

namespace parloir::api::streaming {

namespace {

constexpr std::array<std::pair<std::string_view, Channel>, 12> kChannels{{
    {"user", Channel::user},
    {"user:notification", Channel::user_notification},
    {"public", Channel::public_all},
    {"public:media", Channel::public_media},
    {"public:local", Channel::public_local},
    {"public:local:media", Channel::public_local_media},
    {"public:remote", Channel::public_remote},
    {"public:remote:media", Channel::public_remote_media},
    {"hashtag", Channel::hashtag},
    {"hashtag:local", Channel::hashtag_local},
    {"list", Channel::list},
    {"direct", Channel::direct},
}};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

std::optional<Channel> parse_channel(std::string_view name) {
  for (const auto& [n, c] : kChannels)
    if (n == name) return c;
  return std::nullopt;
}

std::string_view channel_name(Channel c) {
  for (const auto& [n, ch] : kChannels)
    if (ch == c) return n;
  return "user";
}

Channel with_media(Channel c) {
  switch (c) {
    case Channel::public_all: return Channel::public_media;
    case Channel::public_local: return Channel::public_local_media;
    case Channel::public_remote: return Channel::public_remote_media;
    default: return c;
  }
}

bool scopes_allow(const core::Scopes& scopes, Channel c) {
  if (scopes.covers("read")) return true;
  switch (c) {
    case Channel::user_notification: return scopes.covers("read:notifications");
    case Channel::list: return scopes.covers("read:lists");
    default: return scopes.covers("read:statuses");
  }
}

namespace {
std::string stream_array_of(const Subscription& s) {
  JsonOut o;
  o.begin_array();
  o.str(channel_name(s.channel));
  if (s.channel == Channel::hashtag || s.channel == Channel::hashtag_local || s.channel == Channel::list) o.str(s.param);
  o.end_array();
  return o.take();
}
}  // namespace

std::optional<Subscription> make_subscription(const SubscriptionRequest& r, std::string* error) {
  auto c = parse_channel(r.stream);
  if (!c) {
    *error = "Unknown stream type";
    return std::nullopt;
  }
  Subscription s;
  s.channel = r.only_media ? with_media(*c) : *c;
  if (s.channel == Channel::hashtag || s.channel == Channel::hashtag_local) {
    std::string_view tag = r.tag;
    if (!tag.empty() && tag.front() == '#') tag.remove_prefix(1);
    if (tag.empty() || tag.size() > 256 || !util::is_valid_utf8(tag)) {
      *error = "No tag for stream provided";
      return std::nullopt;
    }
    s.param = r.tag;
    s.tag = lower_ascii(tag);
  } else if (s.channel == Channel::list) {
    auto id = core::parse_id(r.list);
    if (!id) {
      *error = "No list for stream provided";
      return std::nullopt;
    }
    s.param = r.list;
    s.list_id = *id;
  }
  s.stream_array = stream_array_of(s);
  return s;
}

std::shared_ptr<const std::string> ws_message(const Subscription& s, std::string_view event, const std::string* payload) {
  JsonOut o;
  o.begin_object();
  o.key("stream").raw(s.stream_array);
  o.field("event", event);
  if (payload) o.field("payload", *payload);
  o.end_object();
  return std::make_shared<const std::string>(o.take());
}

std::shared_ptr<const std::string> sse_message(std::string_view event, const std::string* payload) {
  std::string out;
  out.reserve(24 + (payload ? payload->size() : 4));
  out += "event: ";
  out += event;
  out += "\ndata: ";
  out += payload ? *payload : std::string("null");
  out += "\n\n";
  return std::make_shared<const std::string>(std::move(out));
}

std::shared_ptr<const std::string> ws_error(std::string_view error, int status) {
  JsonOut o;
  o.begin_object();
  o.field("error", error);
  o.field("status", status);
  o.end_object();
  return std::make_shared<const std::string>(o.take());
}

}  // namespace parloir::api::streaming
