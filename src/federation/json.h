// JSON helpers for ActivityPub: a small writer (rapidjson underneath) and readers that accept
// the shapes real peers send — a single value or an array, an id string or an embedded object
// with an id, "as:Public" / "Public" for the public collection (Fedify compacts it). Parsing is
// iterative (no recursion, so nesting depth cannot exhaust the stack). Thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace parloir::federation {

class JsonWriter {
 public:
  JsonWriter() : w_(buf_) {}
  JsonWriter& begin_object() { w_.StartObject(); return *this; }
  JsonWriter& end_object() { w_.EndObject(); return *this; }
  JsonWriter& begin_array() { w_.StartArray(); return *this; }
  JsonWriter& end_array() { w_.EndArray(); return *this; }
  JsonWriter& key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); return *this; }
  JsonWriter& str(std::string_view v) { w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size())); return *this; }
  JsonWriter& boolean(bool v) { w_.Bool(v); return *this; }
  JsonWriter& integer(std::int64_t v) { w_.Int64(v); return *this; }
  JsonWriter& number(double v) { w_.Double(v); return *this; }
  JsonWriter& null() { w_.Null(); return *this; }
  // Splices an already serialised JSON value.
  JsonWriter& raw(std::string_view json) {
    w_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    return *this;
  }
  JsonWriter& field(std::string_view k, std::string_view v) { return key(k).str(v); }
  JsonWriter& field(std::string_view k, const char* v) { return key(k).str(v); }
  JsonWriter& field(std::string_view k, const std::string& v) { return key(k).str(v); }
  JsonWriter& field(std::string_view k, bool v) { return key(k).boolean(v); }
  JsonWriter& strings(std::string_view k, const std::vector<std::string>& vs) {
    key(k).begin_array();
    for (const auto& v : vs) str(v);
    return end_array();
  }
  std::string take() { return std::string(buf_.GetString(), buf_.GetSize()); }

 private:
  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

using JsonValue = rapidjson::Value;

// Parses a JSON document; nullopt-like false when malformed or not an object.
bool parse_object(std::string_view text, rapidjson::Document& out);

// obj[key] as a string, or "" when absent / not a string.
std::string get_string(const JsonValue& obj, const char* key);
// obj[key] as a bool, or `fallback`.
bool get_bool(const JsonValue& obj, const char* key, bool fallback);
// The member or nullptr.
const JsonValue* get(const JsonValue& obj, const char* key);

// The id of a value that is a string (the id itself) or an object with a string "id".
std::string id_of(const JsonValue* v);
// Ids of a value that is one id/object or an array of them (at most `limit`).
std::vector<std::string> ids_of(const JsonValue* v, std::size_t limit = 1000);
// The "type" of an object (first entry if an array), or "".
std::string type_of(const JsonValue& obj);

// True for the public collection in any spelling peers use.
bool is_public_collection(std::string_view id);

}  // namespace parloir::federation
