#include "http/params.h"

#include <charconv>
#include <cstdint>

#include <rapidjson/error/error.h>
#include <rapidjson/reader.h>

#include "util/strings.h"

namespace parloir::http {

void Params::append(const Params& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::optional<std::string_view> Params::get(std::string_view key) const {
  for (const auto& [k, v] : items_)
    if (k == key) return std::string_view(v);
  return std::nullopt;
}

namespace {

// True when `k` is `key[]`, `key[N]` (N digits) or exactly `key`.
bool is_array_key(std::string_view k, std::string_view key) {
  if (k.size() < key.size() || k.compare(0, key.size(), key) != 0) return false;
  std::string_view rest = k.substr(key.size());
  if (rest.empty() || rest == "[]") return true;
  if (rest.size() < 3 || rest.front() != '[' || rest.back() != ']') return false;
  return util::is_digits(rest.substr(1, rest.size() - 2));
}

}  // namespace

std::vector<std::string_view> Params::get_all(std::string_view key) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : items_)
    if (is_array_key(k, key)) out.emplace_back(v);
  return out;
}

std::optional<bool> Params::get_bool(std::string_view key, bool* invalid) const {
  auto v = get(key);
  if (!v) return std::nullopt;
  int b = util::parse_bool(*v);
  if (b < 0) {
    if (invalid) *invalid = true;
    return std::nullopt;
  }
  return b == 1;
}

std::optional<long long> Params::get_int(std::string_view key, bool* invalid) const {
  auto v = get(key);
  if (!v) return std::nullopt;
  std::string_view s = util::trim(*v);
  long long out = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
    if (invalid) *invalid = true;
    return std::nullopt;
  }
  return out;
}

Params parse_urlencoded(std::string_view text) {
  Params out;
  while (!text.empty()) {
    std::size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      out.add(util::url_decode(pair), std::string());
    } else {
      out.add(util::url_decode(pair.substr(0, eq)), util::url_decode(pair.substr(eq + 1)));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON flattening: a SAX handler, so no DOM is built and nesting is refused before it recurses.

namespace {

constexpr int kMaxJsonDepth = 32;

class FlattenHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, FlattenHandler> {
 public:
  explicit FlattenHandler(Params& out) : out_(out) {}

  bool Null() { return scalar(std::string()); }
  bool Bool(bool b) { return scalar(b ? "true" : "false"); }
  // With kParseNumbersAsStringsFlag every number arrives here, as written by the client.
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) { return scalar(std::string(s, n)); }
  bool String(const char* s, rapidjson::SizeType n, bool) { return scalar(std::string(s, n)); }

  bool StartObject() { return open(false); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    Frame& f = stack_.back();
    f.key.resize(f.base_len);
    if (stack_.size() == 1) {
      f.key.append(s, n);
    } else {
      f.key.push_back('[');
      f.key.append(s, n);
      f.key.push_back(']');
    }
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() {
    if (stack_.empty()) return false;  // top level must be an object
    return open(true);
  }
  bool EndArray(rapidjson::SizeType) { return close(); }

 private:
  struct Frame {
    std::string key;           // the key for the next value in this container
    std::size_t base_len = 0;  // length of this container's own key prefix
    bool is_array = false;
    std::size_t index = 0;  // next element index (arrays)
  };

  // The key under which the next value of the current container goes. Scalars in arrays are
  // "prefix[]"; containers in arrays are "prefix[N]" so their members stay grouped.
  std::string element_key(bool container) {
    Frame& f = stack_.back();
    if (!f.is_array) return f.key;
    std::string k = f.key.substr(0, f.base_len);
    if (container) {
      k += '[';
      k += std::to_string(f.index);
      k += ']';
    } else {
      k += "[]";
    }
    ++f.index;
    return k;
  }

  bool scalar(std::string value) {
    if (stack_.empty()) return false;  // top level must be an object
    out_.add(element_key(false), std::move(value));
    return true;
  }

  bool open(bool is_array) {
    if (static_cast<int>(stack_.size()) >= kMaxJsonDepth) return false;
    Frame f;
    if (!stack_.empty()) f.key = element_key(true);
    f.base_len = f.key.size();
    f.is_array = is_array;
    stack_.push_back(std::move(f));
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  Params& out_;
  std::vector<Frame> stack_;
};

}  // namespace

bool parse_json_params(std::string_view json, Params& out) {
  Params parsed;
  FlattenHandler handler(parsed);
  rapidjson::Reader reader;
  rapidjson::MemoryStream ms(json.data(), json.size());
  constexpr unsigned kFlags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseIterativeFlag;
  rapidjson::ParseResult ok = reader.Parse<kFlags>(ms, handler);
  if (!ok) return false;
  out.append(parsed);
  return true;
}

// ---------------------------------------------------------------------------------------------
// multipart/form-data (RFC 7578)

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Reads `name="value"` / `name=value` pairs after the first ';' of a header value such as
// `form-data; name="a"; filename="b.png"` and returns the value for `want` (nullopt if absent).
std::optional<std::string> header_param(std::string_view value, std::string_view want) {
  std::size_t i = value.find(';');
  while (i != std::string_view::npos && i < value.size()) {
    ++i;  // skip ';'
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    std::size_t eq = value.find('=', i);
    std::size_t semi = value.find(';', i);
    if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
      i = semi;
      continue;
    }
    std::string_view name = util::trim(value.substr(i, eq - i));
    std::size_t j = eq + 1;
    while (j < value.size() && (value[j] == ' ' || value[j] == '\t')) ++j;
    std::string v;
    if (j < value.size() && value[j] == '"') {
      ++j;
      while (j < value.size() && value[j] != '"') {
        if (value[j] == '\\' && j + 1 < value.size()) ++j;
        v.push_back(value[j++]);
      }
      if (j < value.size()) ++j;  // closing quote
      i = value.find(';', j);
    } else {
      std::size_t end = value.find(';', j);
      v = std::string(util::trim(value.substr(j, end == std::string_view::npos ? std::string_view::npos : end - j)));
      i = end;
    }
    if (iequals(name, want)) return v;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> content_type_param(std::string_view content_type, std::string_view name) {
  return header_param(content_type, name);
}

bool parse_multipart(std::string_view body, std::string_view boundary, Params& out, std::vector<UploadedFile>& files) {
  if (boundary.empty() || boundary.size() > 200) return false;
  const std::string delim = "--" + std::string(boundary);
  // The first delimiter may open the body or follow a preamble on its own line.
  std::size_t pos;
  if (body.substr(0, delim.size()) == delim) {
    pos = 0;
  } else {
    pos = body.find("\n" + delim);
    if (pos == std::string_view::npos) return false;
    ++pos;
  }
  Params parsed;
  std::vector<UploadedFile> parsed_files;
  const std::string next_delim = "\n" + delim;
  for (;;) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") break;  // close delimiter
    // Transport padding, then the line break that ends the delimiter line.
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) == "\r\n") {
      pos += 2;
    } else if (body.substr(pos, 1) == "\n") {
      pos += 1;
    } else {
      return false;
    }
    // Part headers end at an empty line.
    std::size_t hdr_end = body.find("\r\n\r\n", pos);
    std::size_t content = hdr_end == std::string_view::npos ? hdr_end : hdr_end + 4;
    std::size_t lf_end = body.find("\n\n", pos);
    if (lf_end != std::string_view::npos && (hdr_end == std::string_view::npos || lf_end < hdr_end)) {
      hdr_end = lf_end;
      content = lf_end + 2;
    }
    // A part with no headers at all starts with the blank line directly.
    if (body.substr(pos, 2) == "\r\n") {
      hdr_end = pos;
      content = pos + 2;
    }
    if (hdr_end == std::string_view::npos) return false;
    std::string_view headers = body.substr(pos, hdr_end - pos);
    std::size_t end = body.find(next_delim, content);
    if (end == std::string_view::npos) return false;
    std::size_t data_end = end;
    if (data_end > content && body[data_end - 1] == '\r') --data_end;
    std::string_view data = body.substr(content, data_end - content);

    std::optional<std::string> name, filename;
    std::string part_type;
    while (!headers.empty()) {
      std::size_t nl = headers.find('\n');
      std::string_view line = headers.substr(0, nl);
      headers = nl == std::string_view::npos ? std::string_view{} : headers.substr(nl + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view hname = util::trim(line.substr(0, colon));
      std::string_view hvalue = util::trim(line.substr(colon + 1));
      if (iequals(hname, "content-disposition")) {
        name = header_param(hvalue, "name");
        filename = header_param(hvalue, "filename");
      } else if (iequals(hname, "content-type")) {
        part_type = std::string(hvalue);
      }
    }
    if (name) {
      if (filename) {
        parsed_files.push_back(UploadedFile{*name, *filename, part_type, std::string(data)});
      } else {
        parsed.add(*name, std::string(data));
      }
    }
    pos = end + 1;  // at the delimiter after "\n"
  }
  out.append(parsed);
  for (auto& f : parsed_files) files.push_back(std::move(f));
  return true;
}

}  // namespace parloir::http
