#include "federation/json.h"

namespace parloir::federation {

bool parse_object(std::string_view text, rapidjson::Document& out) {
  out.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  return !out.HasParseError() && out.IsObject();
}

const JsonValue* get(const JsonValue& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::string get_string(const JsonValue& obj, const char* key) {
  const JsonValue* v = get(obj, key);
  return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
}

bool get_bool(const JsonValue& obj, const char* key, bool fallback) {
  const JsonValue* v = get(obj, key);
  return v && v->IsBool() ? v->GetBool() : fallback;
}

std::string id_of(const JsonValue* v) {
  if (v == nullptr) return {};
  if (v->IsString()) return std::string(v->GetString(), v->GetStringLength());
  if (v->IsObject()) return get_string(*v, "id");
  return {};
}

std::vector<std::string> ids_of(const JsonValue* v, std::size_t limit) {
  std::vector<std::string> out;
  if (v == nullptr) return out;
  if (v->IsArray()) {
    for (const auto& el : v->GetArray()) {
      if (out.size() >= limit) break;
      std::string id = id_of(&el);
      if (!id.empty()) out.push_back(std::move(id));
    }
    return out;
  }
  std::string id = id_of(v);
  if (!id.empty()) out.push_back(std::move(id));
  return out;
}

std::string type_of(const JsonValue& obj) {
  const JsonValue* t = get(obj, "type");
  if (t == nullptr) return {};
  if (t->IsString()) return t->GetString();
  if (t->IsArray() && !t->Empty() && (*t)[0].IsString()) return (*t)[0].GetString();
  return {};
}

bool is_public_collection(std::string_view id) {
  return id == "https://www.w3.org/ns/activitystreams#Public" || id == "as:Public" || id == "Public";
}

}  // namespace parloir::federation
