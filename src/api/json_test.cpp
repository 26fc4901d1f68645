#include "api/json.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace parloir::api {
namespace {

std::string literal(std::string_view s) {
  rapidjson::StringBuffer b;
  append_json_string(b, s);
  return std::string(b.GetString(), b.GetSize());
}

// What a JSON parser reads back from the literal.
std::string parsed(std::string_view s) {
  std::string doc = "[" + literal(s) + "]";
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(doc.c_str(), doc.size());
  EXPECT_FALSE(d.HasParseError()) << doc;
  if (d.HasParseError()) return "<parse error>";
  return std::string(d[0].GetString(), d[0].GetStringLength());
}

TEST(JsonString, PlainAsciiIsCopied) {
  EXPECT_EQ(literal("<p>Hello, world/ 1+1=2</p>"), "\"<p>Hello, world/ 1+1=2</p>\"");
  EXPECT_EQ(literal(""), "\"\"");
}

TEST(JsonString, QuotesBackslashesAndControlsAreEscaped) {
  EXPECT_EQ(literal("a\"b\\c\n\t\r\b\f\x01"), "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\"");
  std::string all;
  for (int c = 1; c < 0x80; ++c) all += static_cast<char>(c);
  all += '\0';
  EXPECT_EQ(parsed(all), all);
}

TEST(JsonString, ValidUtf8IsCopiedAsItIs) {
  const std::string s = "Été ☃ 𝄞 — ok";  // 2-, 3- and 4-byte sequences
  EXPECT_EQ(literal(s), "\"" + s + "\"");
  EXPECT_EQ(parsed(s), s);
}

TEST(JsonString, InvalidBytesBecomeReplacementCharacters) {
  // A lone continuation byte, a truncated sequence, an overlong '/', a surrogate, > U+10FFFF.
  EXPECT_EQ(literal("a\x80z"), "\"a\\ufffdz\"");
  EXPECT_EQ(literal("a\xC3"), "\"a\\ufffd\"");
  EXPECT_EQ(literal("\xC0\xAF"), "\"\\ufffd\\ufffd\"");
  EXPECT_EQ(literal("\xED\xA0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
  EXPECT_EQ(literal("\xF4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
  EXPECT_EQ(parsed("x\xE2\x98y"), "x\xEF\xBF\xBD\xEF\xBF\xBDy");
}

TEST(JsonString, SpecialBytesAreFoundAtEveryPositionOfLongRuns) {
  // The 16-byte scan: a special byte before, inside, at the edge of and after each block.
  for (const char* special : {"\"", "\\", "\n", "\x1f", "é", "\x80"}) {
    for (std::size_t at = 0; at < 40; ++at) {
      std::string s(40, 'a');
      s.replace(at, 1, special);
      const std::string out = literal(s);
      std::string expected = "\"" + std::string(at, 'a');
      const std::string sp = special;
      expected += sp == "\"" ? "\\\"" : sp == "\\" ? "\\\\" : sp == "\n" ? "\\n" : sp == "\x1f" ? "\\u001f"
                  : sp == "é" ? "é" : "\\ufffd";
      expected += std::string(39 - at, 'a') + "\"";
      EXPECT_EQ(out, expected) << "special " << static_cast<int>(static_cast<unsigned char>(sp[0])) << " at " << at;
    }
  }
}

TEST(JsonOut, KeyLiteralsAreCopiedAndOtherKeysEscaped) {
  static_assert(JsonKey("created_at").literal());  // checked when compiling: JsonKey("a\"") does not compile
  JsonOut o;
  const std::string runtime = "tab\there";
  o.begin_object().field("plain_key", 1).field(runtime, 2).end_object();
  EXPECT_EQ(o.take(), "{\"plain_key\":1,\"tab\\there\":2}");
}

TEST(JsonOut, KeysValuesAndNestingStayValid) {
  JsonOut o;
  // A key that needs escaping cannot be a literal (JsonKey rejects it when compiling).
  o.begin_object().field(std::string_view("a\""), "x\ny").key("list").begin_array().str("é").integer(3).null().end_array();
  o.field("ok", true).end_object();
  EXPECT_EQ(o.take(), "{\"a\\\"\":\"x\\ny\",\"list\":[\"é\",3,null],\"ok\":true}");
}

}  // namespace
}  // namespace parloir::api
