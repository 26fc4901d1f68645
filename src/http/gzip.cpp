#include "http/gzip.h"

#include <zlib.h>

#include <cctype>

namespace parloir::http {

std::string gzip_compress(std::string_view data) {
  z_stream zs{};
  // why: windowBits 15 + 16 writes a gzip header; zlib leaves its mtime 0 and no name.
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  return out;
}

std::optional<std::string> gzip_decompress(std::string_view gz, std::size_t max_size) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::nullopt;
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    const std::size_t chunk = 64 * 1024;
    if (out.size() >= max_size + 1) break;
    std::size_t have = out.size();
    out.resize(have + chunk);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + have);
    zs.avail_out = static_cast<uInt>(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(have + chunk - zs.avail_out);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END || out.size() > max_size) return std::nullopt;
  return out;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// True when the parameters after a coding (";q=0", ";q=0.000") refuse it.
bool refused(std::string_view params) {
  std::size_t q = params.find("q=");
  if (q == std::string_view::npos) return false;
  std::string_view v = trim(params.substr(q + 2));
  if (v.empty() || v[0] != '0') return false;
  for (char c : v.substr(1))
    if (c != '.' && c != '0') return false;
  return true;
}

}  // namespace

bool accepts_gzip(std::string_view header) {
  bool star = false;
  while (!header.empty()) {
    std::size_t comma = header.find(',');
    std::string_view item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    std::size_t semi = item.find(';');
    std::string_view coding = trim(item.substr(0, semi));
    std::string_view params = semi == std::string_view::npos ? std::string_view() : item.substr(semi + 1);
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) return !refused(params);
    if (coding == "*") star = !refused(params);
  }
  return star;
}

}  // namespace parloir::http
