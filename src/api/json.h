// JsonOut: a thin, allocation-light JSON writer over RapidJSON for building responses.
// One per response; not thread-safe. RapidJSON keeps the structure (separators, nesting);
// strings and keys are escaped by append_json_string: valid UTF-8 is copied as it is, an
// invalid byte becomes U+FFFD (never emitted raw).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace parloir::api {

// Appends `s` as a JSON string literal: '"', '\\' and control characters escaped, valid UTF-8
// copied, each invalid byte replaced by \ufffd. Runs of plain ASCII are copied in one go
// (RapidJSON's validating writer went byte by byte: most of a status's first render).
void append_json_string(rapidjson::StringBuffer& out, std::string_view s);

class JsonOut {
 public:
  JsonOut() : writer_(buffer_) {}

  JsonOut& begin_object() { writer_.StartObject(); return *this; }
  JsonOut& end_object() { writer_.EndObject(); return *this; }
  JsonOut& begin_array() { writer_.StartArray(); return *this; }
  JsonOut& end_array() { writer_.EndArray(); return *this; }
  JsonOut& key(std::string_view k) { return str(k); }

  JsonOut& str(std::string_view v) {
    writer_.RawValue("", 0, rapidjson::kStringType);  // the separator and the writer's state
    append_json_string(buffer_, v);
    return *this;
  }
  JsonOut& integer(std::int64_t v) { writer_.Int64(v); return *this; }
  JsonOut& boolean(bool v) { writer_.Bool(v); return *this; }
  JsonOut& null() { writer_.Null(); return *this; }
  JsonOut& number(double v) { writer_.Double(v); return *this; }
  // A string, or null when empty.
  JsonOut& str_or_null(std::string_view v) { return v.empty() ? null() : str(v); }
  JsonOut& opt_str(const std::optional<std::string>& v) { return v ? str(*v) : null(); }

  // key + value shorthands.
  JsonOut& field(std::string_view k, std::string_view v) { return key(k).str(v); }
  JsonOut& field(std::string_view k, const char* v) { return key(k).str(v); }
  JsonOut& field(std::string_view k, bool v) { return key(k).boolean(v); }
  JsonOut& field(std::string_view k, int v) { return key(k).integer(v); }
  JsonOut& field(std::string_view k, std::int64_t v) { return key(k).integer(v); }
  JsonOut& field_null(std::string_view k) { return key(k).null(); }
  JsonOut& empty_array(std::string_view k) { return key(k).begin_array().end_array(); }

  // Inserts already-serialised JSON as a value (must be valid JSON).
  JsonOut& raw(std::string_view json) {
    writer_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    return *this;
  }

  std::string take() const { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::CrtAllocator,
                    rapidjson::kWriteValidateEncodingFlag>
      writer_;
};

}  // namespace parloir::api
