#include "api/web/assets.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/gzip.h"

namespace parloir::api {

namespace fs = std::filesystem;

namespace {

struct TypeByExtension {
  std::string_view ext;
  std::string_view type;
};

constexpr TypeByExtension kTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".map", "application/json; charset=utf-8"},
    {".webmanifest", "application/manifest+json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".avif", "image/avif"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".xml", "application/xml; charset=utf-8"},
    {".wasm", "application/wasm"},
};

// FNV-1a, 64 bits: a content fingerprint for ETags (not a security property).
std::uint64_t fnv1a(std::string_view data) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string hex64(std::uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = kHex[v & 0xf];
  return out;
}

std::string gzip_etag_of(std::string_view etag) {
  if (etag.size() >= 2 && etag.back() == '"') return std::string(etag.substr(0, etag.size() - 1)) + "-gz\"";
  return std::string(etag) + "-gz";
}

bool hidden(const fs::path& relative) {
  for (const auto& part : relative)
    if (!part.empty() && part.native()[0] == '.') return true;
  return false;
}

}  // namespace

std::string_view web_content_type(std::string_view name) {
  std::size_t dot = name.rfind('.');
  std::size_t slash = name.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return "application/octet-stream";
  std::string_view ext = name.substr(dot);
  for (const auto& t : kTypes) {
    if (t.ext.size() != ext.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < ext.size() && same; ++i)
      same = (ext[i] >= 'A' && ext[i] <= 'Z' ? static_cast<char>(ext[i] - 'A' + 'a') : ext[i]) == t.ext[i];
    if (same) return t.type;
  }
  return "application/octet-stream";
}

bool web_compressible(std::string_view type) {
  return type.substr(0, 5) == "text/" || type.substr(0, 16) == "application/json" ||
         type.substr(0, 25) == "application/manifest+json" || type.substr(0, 15) == "application/xml" ||
         type == "image/svg+xml" || type == "image/x-icon" || type == "application/wasm";
}

util::Result<WebAssets> WebAssets::load_directory(const std::string& root) {
  WebAssets out;
  out.source_ = root;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return out;
  std::size_t total = 0;
  fs::recursive_directory_iterator it(root, fs::directory_options::follow_directory_symlink, ec), end;
  if (ec) return util::fail(util::ErrorCode::internal, "cannot read web.root " + root + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return util::fail(util::ErrorCode::internal, "cannot read web.root " + root + ": " + ec.message());
    if (!it->is_regular_file(ec)) continue;
    fs::path rel = fs::relative(it->path(), root, ec);
    if (ec || rel.empty() || hidden(rel)) continue;
    if (out.files_.size() >= kMaxFiles)
      return util::fail(util::ErrorCode::internal, "web.root " + root + " has more than 5000 files");
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    if (!in.good() && !in.eof())
      return util::fail(util::ErrorCode::internal, "cannot read " + it->path().string());
    auto body = std::make_unique<std::string>(buf.str());
    total += body->size();
    if (total > kMaxBytes) return util::fail(util::ErrorCode::internal, "web.root " + root + " is larger than 256 MiB");
    std::string path = "/" + rel.generic_string();
    WebAsset a;
    a.content_type = std::string(web_content_type(path));
    a.etag = "\"" + hex64(fnv1a(*body)) + "\"";
    a.gzip_etag = gzip_etag_of(a.etag);
    a.immutable = path.rfind("/assets/", 0) == 0;
    a.body = *body;
    out.owned_.push_back(std::move(body));
    if (web_compressible(a.content_type) && a.body.size() > 256) {
      auto gz = std::make_unique<std::string>(http::gzip_compress(a.body));
      if (!gz->empty() && gz->size() < a.body.size()) {
        a.gzip = *gz;
        out.owned_.push_back(std::move(gz));
      }
    }
    out.files_.emplace(std::move(path), std::move(a));
  }
  return out;
}

WebAssets WebAssets::from_embedded(const EmbeddedWebFile* files, std::size_t count) {
  WebAssets out;
  out.source_ = "embedded";
  for (std::size_t i = 0; i < count; ++i) {
    const EmbeddedWebFile& f = files[i];
    WebAsset a;
    a.body = std::string_view(reinterpret_cast<const char*>(f.data), f.size);
    if (f.gzip && f.gzip_size > 0) a.gzip = std::string_view(reinterpret_cast<const char*>(f.gzip), f.gzip_size);
    a.content_type = f.content_type;
    a.etag = f.etag;
    a.gzip_etag = gzip_etag_of(a.etag);
    a.immutable = std::string_view(f.path).rfind("/assets/", 0) == 0;
    out.files_.emplace(f.path, std::move(a));
  }
  return out;
}

const WebAsset* WebAssets::find(std::string_view path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace parloir::api
