#include "text/length.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

using namespace parloir::text;

TEST(GraphemeCount, AsciiAndCombiningMarks) {
  EXPECT_EQ(grapheme_count(""), 0u);
  EXPECT_EQ(grapheme_count("abc"), 3u);
  EXPECT_EQ(grapheme_count("e\u0301"), 1u);           // e + combining acute
  EXPECT_EQ(grapheme_count("a\u0308\u0301b"), 2u);    // stacked marks
  EXPECT_EQ(grapheme_count("\u00e9"), 1u);
  EXPECT_EQ(grapheme_count("\r\n"), 1u);
  EXPECT_EQ(grapheme_count("\n\u0324"), 2u);          // marks do not attach to controls
  EXPECT_EQ(grapheme_count("\u0915\u093f"), 1u);      // Devanagari ki
  EXPECT_EQ(grapheme_count("\u304b\u3099"), 1u);      // kana + voiced mark
}

TEST(GraphemeCount, Emoji) {
  EXPECT_EQ(grapheme_count("😀"), 1u);
  EXPECT_EQ(grapheme_count("👍🏽"), 1u);                                       // skin tone modifier
  EXPECT_EQ(grapheme_count("👩\u200d👩\u200d👧\u200d👦"), 1u);               // family ZWJ sequence
  EXPECT_EQ(grapheme_count("\U0001F477\U0001F3FF\u200d\u2640\ufe0f"), 1u);  // from Ruby's tests
  EXPECT_EQ(grapheme_count("❤️"), 1u);                                        // variation selector
  EXPECT_EQ(grapheme_count("🇫🇷🇯🇵"), 2u);                                     // two flags
  EXPECT_EQ(grapheme_count("🇫🇷🇯"), 2u);                                      // flag + lone indicator
  EXPECT_EQ(grapheme_count("🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"), 1u);  // tag sequence
  EXPECT_EQ(grapheme_count("a\u200db"), 2u);  // ZWJ joins only pictographs
}

TEST(GraphemeCount, Hangul) {
  EXPECT_EQ(grapheme_count("한국어"), 3u);
  EXPECT_EQ(grapheme_count("\u1100\u1161\u11A8"), 1u);  // conjoining jamo L V T
}

TEST(StatusLength, CountsGraphemes) {
  EXPECT_EQ(status_length("hello"), 5u);
  EXPECT_EQ(status_length("日本語"), 3u);
  EXPECT_EQ(status_length("👩\u200d👩\u200d👧 e\u0301"), 3u);
}

TEST(StatusLength, UrlsCountAs23) {
  EXPECT_EQ(status_length("https://example.org/a/very/long/path/that/goes/on/and/on?x=1"), 23u);
  EXPECT_EQ(status_length("see https://a.co"), 4u + 23u);
  EXPECT_EQ(status_length("see https://example.com."), 4u + 23u + 1u);
  EXPECT_EQ(status_length("http://localhost/x"), 18u);  // not a URL for Mastodon either
}

TEST(StatusLength, RemoteMentionsCountTheirLocalPart) {
  EXPECT_EQ(status_length("@bob@remote.example hi"), 4u + 3u);
  EXPECT_EQ(status_length("@alice"), 6u);
  EXPECT_EQ(status_length("email@domain.com"), 16u);
}

TEST(StatusLength, HashtagsCountAsTyped) { EXPECT_EQ(status_length("#Parloir"), 8u); }

TEST(StatusLength, TheMastodonExample) {
  // "Hello " 6 + "@alice" 6 + " and " 5 + "@bob" 4 + " " 1 + "#Parloir" 8 + " " 1 + URL 23
  EXPECT_EQ(status_length("Hello @alice and @bob@remote.example #Parloir "
                          "https://example.org/a/very/long/path/that/goes/on/and/on?x=1"),
            54u);
}

TEST(StatusLength, SpoilerTextIsAddedUncut) {
  EXPECT_EQ(status_length("body", "CW"), 6u);
  EXPECT_EQ(status_length("", "https://example.com"), 19u);  // the spoiler is not rewritten
}

TEST(StatusLength, BlankTextCountsZero) {
  EXPECT_EQ(status_length(""), 0u);
  EXPECT_EQ(status_length("   \n "), 0u);
  EXPECT_EQ(status_length("  ", "cw"), 2u);
  EXPECT_EQ(status_length(" a "), 3u);
}

TEST(StatusLength, PathologicalInputsFinishFast) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(status_length(std::string(100000, '@')), 100000u);
  EXPECT_EQ(status_length(std::string(100000, '#')), 100000u);
  std::string zwj;
  for (int i = 0; i < 20000; ++i) zwj += "\u200d";
  EXPECT_EQ(status_length(zwj), 1u);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 3000);
}

TEST(StatusLength, UrlInsideTextAndMentionWithUnicodeDomain) {
  EXPECT_EQ(status_length("(https://en.wikipedia.org/wiki/Foo_(bar))"), 25u);
  EXPECT_EQ(status_length("@bob@例え.jp!"), 5u);
  EXPECT_EQ(status_length("🇫🇷 https://example.com 👍🏽"), 1u + 1u + 23u + 1u + 1u);
}
