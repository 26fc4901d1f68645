#include "federation/attachments.h"

#include <algorithm>
#include <cmath>

#include "federation/url.h"
#include "util/strings.h"

namespace parloir::federation {

namespace {

constexpr std::size_t kMaxDescription = 1500;  // characters, as local alt text
constexpr std::size_t kMaxUrl = 2048;

std::string cut_utf8(std::string s, std::size_t max_chars) {
  if (util::utf8_length(s) <= max_chars) return s;
  std::size_t chars = 0, i = 0;
  while (i < s.size() && chars < max_chars) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  s.resize(i);
  return s;
}

// An http(s) URL from a string, a Link ({href}) or an object with `url`, or the first usable
// one of an array.
std::string url_of(const JsonValue* v, int depth = 0) {
  if (v == nullptr || depth > 2) return {};
  if (v->IsString()) {
    std::string s(v->GetString(), v->GetStringLength());
    return s.size() <= kMaxUrl && parse_url(s) ? s : std::string();
  }
  if (v->IsArray()) {
    int seen = 0;
    for (const auto& e : v->GetArray()) {
      if (++seen > 10) break;
      if (auto u = url_of(&e, depth + 1); !u.empty()) return u;
    }
    return {};
  }
  if (v->IsObject()) {
    if (auto u = url_of(get(*v, "href"), depth + 1); !u.empty()) return u;
    return url_of(get(*v, "url"), depth + 1);
  }
  return {};
}

double number_or(const JsonValue* v, double fallback) { return v && v->IsNumber() ? v->GetDouble() : fallback; }

int dimension(const JsonValue& obj, const char* key) {
  const JsonValue* v = get(obj, key);
  if (!v || !v->IsNumber()) return 0;
  double d = v->GetDouble();
  return d >= 1 && d <= 100000 ? static_cast<int>(d) : 0;
}

core::MediaType type_for(const std::string& object_type, const std::string& media_type) {
  if (media_type.rfind("image/", 0) == 0) return core::MediaType::image;
  if (media_type.rfind("video/", 0) == 0) return core::MediaType::video;
  if (media_type.rfind("audio/", 0) == 0) return core::MediaType::audio;
  if (object_type == "Image") return core::MediaType::image;
  if (object_type == "Video") return core::MediaType::video;
  if (object_type == "Audio") return core::MediaType::audio;
  return core::MediaType::unknown;
}

}  // namespace

std::vector<services::RemoteAttachmentInput> read_attachments(const JsonValue* attachment) {
  std::vector<services::RemoteAttachmentInput> out;
  if (attachment == nullptr) return out;
  auto one = [&](const JsonValue& a) {
    if (!a.IsObject() || out.size() >= services::kMaxRemoteAttachments) return;
    std::string type = type_of(a);
    if (type != "Document" && type != "Image" && type != "Video" && type != "Audio") return;
    services::RemoteAttachmentInput in;
    in.url = url_of(get(a, "url"));
    if (in.url.empty()) return;
    std::string media_type = util::to_lower(get_string(a, "mediaType"));
    if (media_type.size() > 100) media_type.clear();
    in.type = type_for(type, media_type);
    in.content_type = media_type;
    std::string name = get_string(a, "name");
    if (util::is_valid_utf8(name)) in.description = cut_utf8(std::move(name), kMaxDescription);
    std::string blurhash = get_string(a, "blurhash");
    if (blurhash.size() <= 100 &&
        std::all_of(blurhash.begin(), blurhash.end(), [](char c) { return c > 0x20 && c < 0x7f; }))
      in.blurhash = blurhash;
    if (const JsonValue* fp = get(a, "focalPoint"); fp && fp->IsArray() && fp->Size() == 2) {
      double x = number_or(&(*fp)[0], 0), y = number_or(&(*fp)[1], 0);
      if (std::isfinite(x) && std::isfinite(y)) {
        in.focus_x = std::clamp(x, -1.0, 1.0);
        in.focus_y = std::clamp(y, -1.0, 1.0);
      }
    }
    in.width = dimension(a, "width");
    in.height = dimension(a, "height");
    out.push_back(std::move(in));
  };
  if (attachment->IsArray()) {
    int seen = 0;
    for (const auto& a : attachment->GetArray()) {
      if (++seen > 20) break;
      one(a);
    }
  } else {
    one(*attachment);
  }
  return out;
}

std::string read_image_url(const JsonValue* image) { return url_of(image); }

std::string content_type_for_key(const std::string& key) {
  std::string ext = util::to_lower(key.substr(key.rfind('.') == std::string::npos ? key.size() : key.rfind('.') + 1));
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "webp") return "image/webp";
  if (ext == "gif") return "image/gif";
  if (ext == "mp4" || ext == "m4v") return "video/mp4";
  if (ext == "webm") return "video/webm";
  if (ext == "mp3") return "audio/mpeg";
  if (ext == "ogg" || ext == "oga") return "audio/ogg";
  if (ext == "wav") return "audio/wav";
  if (ext == "flac") return "audio/flac";
  if (ext == "m4a") return "audio/mp4";
  return "application/octet-stream";
}

void write_attachments(JsonWriter& w, const std::string& base_url, const std::vector<core::MediaAttachment>& media) {
  w.key("attachment").begin_array();
  for (const auto& m : media) {
    std::string url = m.file_key.empty() ? m.remote_url : base_url + "/system/" + m.file_key;
    if (url.empty()) continue;
    w.begin_object().field("type", "Document");
    w.field("mediaType", m.content_type.empty() ? content_type_for_key(m.file_key) : m.content_type);
    w.field("url", url);
    w.key("name");
    if (m.description.empty()) w.null(); else w.str(m.description);
    if (!m.blurhash.empty()) w.field("blurhash", m.blurhash);
    if (m.type != core::MediaType::audio)
      w.key("focalPoint").begin_array().number(m.focus_x).number(m.focus_y).end_array();
    if (m.width > 0 && m.height > 0) w.key("width").integer(m.width).key("height").integer(m.height);
    w.end_object();
  }
  w.end_array();
}

}  // namespace parloir::federation
