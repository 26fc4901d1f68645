// JsonOut: a thin, allocation-light JSON writer over RapidJSON for building responses.
// One per response; not thread-safe. RapidJSON keeps the structure (separators, nesting);
// strings and keys are escaped by append_json_string: valid UTF-8 is copied as it is, an
// invalid byte becomes U+FFFD (never emitted raw); key literals are checked when compiling.
#pragma once

#include <cstdint>
#include <cstring>
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

// An object key: a string literal, checked when compiling to need no escaping and written as it
// is, or any other text, escaped. why: a status has ~30 keys; scanning each for bytes to escape
// was ~5% of a cold page's instructions (callgrind).
class JsonKey {
 public:
  template <std::size_t N>
  consteval JsonKey(const char (&literal)[N]) : text_(literal, N - 1), literal_(true) {  // NOLINT: implicit by design
    for (std::size_t i = 0; i + 1 < N; ++i) {
      const auto c = static_cast<unsigned char>(literal[i]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') throw "a JSON key literal must be printable ASCII without '\"' or '\\'";
    }
  }
  JsonKey(std::string_view text) : text_(text) {}  // NOLINT: implicit by design
  JsonKey(const std::string& text) : text_(text) {}  // NOLINT: implicit by design

  constexpr std::string_view text() const { return text_; }
  constexpr bool literal() const { return literal_; }

 private:
  std::string_view text_;
  bool literal_ = false;
};

class JsonOut {
 public:
  // why 1 KiB: a status's fields are ~1–2 KiB; RapidJSON's 256-byte start grew (realloc) 4–5
  // times per status.
  explicit JsonOut(std::size_t capacity = 1024) : buffer_(nullptr, capacity), writer_(buffer_) {}

  JsonOut& begin_object() { writer_.StartObject(); return *this; }
  JsonOut& end_object() { writer_.EndObject(); return *this; }
  JsonOut& begin_array() { writer_.StartArray(); return *this; }
  JsonOut& end_array() { writer_.EndArray(); return *this; }
  JsonOut& key(JsonKey k) {
    if (!k.literal()) return str(k.text());
    writer_.RawValue("", 0, rapidjson::kStringType);  // the separator and the writer's state
    char* out = buffer_.Push(k.text().size() + 2);
    out[0] = '"';
    std::memcpy(out + 1, k.text().data(), k.text().size());
    out[k.text().size() + 1] = '"';
    return *this;
  }

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
  JsonOut& field(JsonKey k, std::string_view v) { return key(k).str(v); }
  JsonOut& field(JsonKey k, const char* v) { return key(k).str(v); }
  JsonOut& field(JsonKey k, bool v) { return key(k).boolean(v); }
  JsonOut& field(JsonKey k, int v) { return key(k).integer(v); }
  JsonOut& field(JsonKey k, std::int64_t v) { return key(k).integer(v); }
  JsonOut& field_null(JsonKey k) { return key(k).null(); }
  JsonOut& empty_array(JsonKey k) { return key(k).begin_array().end_array(); }

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
