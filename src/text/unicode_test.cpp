#include "text/unicode.h"

#include <gtest/gtest.h>

using namespace parloir::text::unicode;

TEST(Unicode, DecodesAndReportsInvalidBytesAsReplacement) {
  EXPECT_EQ(decode("é", 0).cp, 0xE9u);
  EXPECT_EQ(decode("é", 0).len, 2u);
  EXPECT_EQ(decode("😀", 0).cp, 0x1F600u);
  EXPECT_EQ(decode("\xff", 0).cp, 0xFFFDu);
  EXPECT_EQ(decode("\xe2\x82", 0).len, 1u);
  EXPECT_EQ(decode_before("a😀", 5).cp, 0x1F600u);
  EXPECT_EQ(decode_before("a😀", 1).cp, static_cast<char32_t>('a'));
  EXPECT_EQ(decode_before("\x80\x80", 2).cp, 0xFFFDu);
  std::string out;
  append_utf8(out, 0x1F600);
  EXPECT_EQ(out, "😀");
}

TEST(Unicode, WordAndAlphaClasses) {
  EXPECT_TRUE(is_word('_'));
  EXPECT_FALSE(is_alpha('_'));
  EXPECT_TRUE(is_alpha(0xE9));     // é
  EXPECT_TRUE(is_alpha(0x65E5));   // 日
  EXPECT_TRUE(is_alpha(0x0430));   // а
  EXPECT_TRUE(is_digit(0x0663));   // Arabic-Indic three
  EXPECT_FALSE(is_alpha(0x0663));
  EXPECT_TRUE(is_word(0x0301));    // combining acute is a word character
  EXPECT_FALSE(is_alpha(0x0301));  // but not alphabetic
  EXPECT_FALSE(is_word(0x3002));   // 。
  EXPECT_FALSE(is_word(0x1F389));  // 🎉
  EXPECT_FALSE(is_word(0x00B7));   // middle dot is punctuation
  EXPECT_FALSE(is_word(0x200C));   // ZWNJ
  EXPECT_FALSE(is_word(0x2019));   // ’
  EXPECT_FALSE(is_word(0xFF01));   // ！
  EXPECT_TRUE(is_word(0xFF21));    // Ａ
  EXPECT_TRUE(is_space(0x3000));
  EXPECT_TRUE(is_space(0xA0));
  EXPECT_FALSE(is_space(0x200B));
  EXPECT_TRUE(is_blank(" \t\n\u3000"));
  EXPECT_FALSE(is_blank(" a "));
}
