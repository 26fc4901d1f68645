// Params: the decoded parameters of a request, whatever their encoding (query string,
// application/x-www-form-urlencoded, multipart/form-data, JSON), in one Rails-style shape.
//
// JSON bodies are flattened to the keys a form would carry: {"a":1,"b":{"c":true},"d":["x","y"],
// "e":[{"f":2}]} becomes a=1, b[c]=true, d[]=x, d[]=y, e[0][f]=2. JSON null becomes an empty value.
// So a handler reads "poll[options][]" the same way for every client.
// Value type; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parloir::http {

class Params {
 public:
  void add(std::string key, std::string value) { items_.emplace_back(std::move(key), std::move(value)); }
  // Adds all of `other`'s items after this one's.
  void append(const Params& other);

  // The first value stored under exactly `key`.
  std::optional<std::string_view> get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key).has_value(); }
  // Values of an array parameter, in order: `key[]`, `key[N]` (any N), or plain `key` repeated.
  std::vector<std::string_view> get_all(std::string_view key) const;
  // Rails booleans: nullopt when absent; 1/0/true/false/True/False/on/off. Unrecognised text
  // yields nullopt with *invalid set to true (when invalid is non-null).
  std::optional<bool> get_bool(std::string_view key, bool* invalid = nullptr) const;
  // Integer parameter; nullopt when absent or not an integer (then *invalid is set).
  std::optional<long long> get_int(std::string_view key, bool* invalid = nullptr) const;

  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Parses "a=1&b=%20x" (form or query). Never fails: bad escapes are kept literally.
Params parse_urlencoded(std::string_view text);

// Flattens a JSON document (object at top level) into params. Returns false on malformed JSON
// or a top level that is not an object; nesting deeper than 32 levels is refused too.
bool parse_json_params(std::string_view json, Params& out);

struct UploadedFile {
  std::string field;         // form field name, e.g. "file", "avatar"
  std::string filename;      // as sent by the client; never used as a path
  std::string content_type;  // as declared by the client; never trusted for type decisions
  std::string data;
};

// A parameter of a header value such as `multipart/form-data; boundary="xyz"` or
// `form-data; name="a"; filename="b.png"` (case-insensitive name; quoted values unescaped).
// nullopt when absent.
std::optional<std::string> content_type_param(std::string_view content_type, std::string_view name);

// Parses a multipart/form-data body with the given boundary. Text parts go to `out`, file parts
// (those with a filename) to `files`. Returns false when the body is malformed.
bool parse_multipart(std::string_view body, std::string_view boundary, Params& out, std::vector<UploadedFile>& files);

}  // namespace parloir::http
