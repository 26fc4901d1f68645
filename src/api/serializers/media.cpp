#include "api/serializers/media.h"

#include <cstdio>

#include "core/ids.h"
#include "services/media_urls.h"

namespace parloir::api {

namespace {

double round2(double v) { return static_cast<double>(static_cast<long long>(v * 100 + (v < 0 ? -0.5 : 0.5))) / 100; }

void write_size(JsonOut& o, std::string_view name, int w, int h) {
  if (w <= 0 || h <= 0) return;
  o.key(name).begin_object();
  o.field("width", w).field("height", h).field("size", std::to_string(w) + "x" + std::to_string(h));
  o.key("aspect").number(static_cast<double>(w) / h);
  o.end_object();
}

std::string duration_text(double s) {
  char buf[32];
  const long whole = static_cast<long>(s);
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld.%02d", whole / 3600, (whole / 60) % 60, whole % 60,
                static_cast<int>((s - static_cast<double>(whole)) * 100));
  return buf;
}

}  // namespace

std::string media_file_url(const Env& env, const std::string& key) {
  if (key.empty()) return {};
  std::string url = env.base_url + "/system/" + key;
  if (!env.media_url_secret.empty()) url += "?sig=" + services::media_url_signature(env.media_url_secret, key);
  return url;
}

void write_media_attachment(JsonOut& o, const Env& env, const core::MediaAttachment& m) {
  o.begin_object();
  o.field("id", core::id_string(m.id));
  o.field("type", core::media_type_name(m.type));
  // A remote attachment not (or no longer) cached here is shown by its remote URL.
  const bool cached = !m.file_key.empty();
  o.key("url").str_or_null(cached || !m.is_remote() ? media_file_url(env, m.file_key) : m.remote_url);
  o.key("preview_url").str_or_null(!m.preview_key.empty() || !m.is_remote() ? media_file_url(env, m.preview_key)
                                                                            : m.remote_url);
  o.key("remote_url").str_or_null(m.remote_url);
  o.field_null("preview_remote_url").field_null("text_url");
  o.key("meta").begin_object();
  const bool av = m.type == core::MediaType::video || m.type == core::MediaType::gifv || m.type == core::MediaType::audio;
  if (av) {
    o.key("length").str(duration_text(m.duration_s));
    o.key("duration").number(m.duration_s);
    if (m.fps() > 0) o.field("fps", static_cast<int>(m.fps() + 0.5));
  }
  o.key("original").begin_object();
  if (m.width > 0 && m.height > 0) {
    o.field("width", m.width).field("height", m.height);
    o.field("size", std::to_string(m.width) + "x" + std::to_string(m.height));
    o.key("aspect").number(static_cast<double>(m.width) / m.height);
  }
  if (av) {
    o.key("duration").number(m.duration_s);
    if (!m.frame_rate.empty()) o.field("frame_rate", m.frame_rate);
    if (m.bitrate > 0) o.field("bitrate", m.bitrate);
  }
  o.end_object();
  write_size(o, "small", m.small_width, m.small_height);
  if (m.type != core::MediaType::audio) {
    o.key("focus").begin_object();
    o.key("x").number(round2(m.focus_x));
    o.key("y").number(round2(m.focus_y));
    o.end_object();
  }
  o.end_object();
  o.key("description").str_or_null(m.description);
  o.key("blurhash").str_or_null(m.blurhash);
  o.end_object();
}

}  // namespace parloir::api
