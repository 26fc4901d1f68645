#include "util/strings.h"

#include <gtest/gtest.h>

using namespace parloir::util;

TEST(Strings, UrlDecodeHandlesPlusAndEscapes) {
  EXPECT_EQ(url_decode("a+b%20c%2Fd"), "a b c/d");
  EXPECT_EQ(url_decode("100%"), "100%");
  EXPECT_EQ(url_decode("%zz"), "%zz");
  EXPECT_EQ(url_decode("a+b", false), "a+b");
}

TEST(Strings, UrlEncodeKeepsUnreserved) { EXPECT_EQ(url_encode("a b/c~"), "a%20b%2Fc~"); }

TEST(Strings, ParseBoolAcceptsRailsSpellings) {
  EXPECT_EQ(parse_bool("1"), 1);
  EXPECT_EQ(parse_bool("True"), 1);
  EXPECT_EQ(parse_bool("false"), 0);
  EXPECT_EQ(parse_bool("0"), 0);
  EXPECT_EQ(parse_bool("maybe"), -1);
}

TEST(Strings, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("héllo ✓ 😀"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));      // truncated
  EXPECT_EQ(utf8_length("héllo"), 5u);
}

TEST(Strings, SplitWhitespaceDropsEmpty) {
  auto v = split_whitespace("read  write\nfollow ");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[2], "follow");
}

TEST(Strings, HtmlEscape) { EXPECT_EQ(html_escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"); }

TEST(Strings, Base64DecodeWithAndWithoutPadding) {
  EXPECT_EQ(base64_decode("aWQ6c2VjcmV0"), "id:secret");
  EXPECT_EQ(base64_decode("YQ=="), "a");
  EXPECT_EQ(base64_decode("YQ"), "a");
  EXPECT_FALSE(base64_decode("***"));
}

TEST(Strings, ConcatJoinsPiecesInOrder) {
  EXPECT_EQ(parloir::util::concat({"http://a", "/@", "bob", "/", "12"}), "http://a/@bob/12");
  EXPECT_EQ(parloir::util::concat({}), "");
}

