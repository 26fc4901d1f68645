#include "text/extract.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

using namespace parloir::text;

namespace {

std::vector<std::string> texts(const std::vector<Entity>& es) {
  std::vector<std::string> out;
  for (const auto& e : es) out.push_back(e.text);
  return out;
}

using Strings = std::vector<std::string>;

std::vector<std::string> url_texts(std::string_view s) { return texts(extract_urls(s)); }
std::vector<std::string> tag_names(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& e : extract_hashtags(s)) out.push_back(e.name);
  return out;
}
std::vector<std::string> mention_texts(std::string_view s) { return texts(extract_mentions(s)); }

}  // namespace

TEST(ExtractEntities, FindsAllKindsInTheMastodonExample) {
  const std::string text =
      "Hello @alice and @bob@remote.example #Parloir "
      "https://example.org/a/very/long/path/that/goes/on/and/on?x=1";
  const auto es = extract_entities(text);
  ASSERT_EQ(es.size(), 4u);
  EXPECT_EQ(es[0].kind, EntityKind::mention);
  EXPECT_EQ(es[0].username, "alice");
  EXPECT_EQ(es[0].domain, "");
  EXPECT_EQ(es[0].text, "@alice");
  EXPECT_EQ(es[0].begin, 6u);
  EXPECT_EQ(es[0].end, 12u);
  EXPECT_EQ(es[1].username, "bob");
  EXPECT_EQ(es[1].domain, "remote.example");
  EXPECT_EQ(es[2].kind, EntityKind::hashtag);
  EXPECT_EQ(es[2].name, "Parloir");
  EXPECT_EQ(es[2].text, "#Parloir");
  EXPECT_EQ(es[3].kind, EntityKind::url);
  EXPECT_EQ(es[3].text, "https://example.org/a/very/long/path/that/goes/on/and/on?x=1");
  EXPECT_EQ(es[3].end, text.size());
}

TEST(ExtractUrls, StopsAtWhitespaceAndTrailingPunctuation) {
  EXPECT_EQ(url_texts("see https://example.com."), Strings{"https://example.com"});
  EXPECT_EQ(url_texts("see https://example.com/foo, and"), Strings{"https://example.com/foo"});
  EXPECT_EQ(url_texts("https://example.com/foo!?"), Strings{"https://example.com/foo"});
  EXPECT_EQ(url_texts("\"https://example.com/a\""), Strings{"https://example.com/a"});
  EXPECT_EQ(url_texts("'https://example.com/a';"), Strings{"https://example.com/a"});
  EXPECT_EQ(url_texts("https://example.com/a: yes"), Strings{"https://example.com/a"});
  EXPECT_EQ(url_texts("https://example.com/a/ b"), Strings{"https://example.com/a/"});
  EXPECT_EQ(url_texts("https://example.com/?q=1."), Strings{"https://example.com/?q=1"});
  EXPECT_EQ(url_texts("https://example.com/?"), Strings{"https://example.com/"});
  EXPECT_EQ(url_texts("a\nhttps://example.com\nb"), Strings{"https://example.com"});
}

TEST(ExtractUrls, KeepsBalancedParentheses) {
  EXPECT_EQ(url_texts("https://en.wikipedia.org/wiki/Foo_(bar)"),
            Strings{"https://en.wikipedia.org/wiki/Foo_(bar)"});
  EXPECT_EQ(url_texts("(see https://en.wikipedia.org/wiki/Foo_(bar))"),
            Strings{"https://en.wikipedia.org/wiki/Foo_(bar)"});
  EXPECT_EQ(url_texts("(see https://example.com/foo)"), Strings{"https://example.com/foo"});
  EXPECT_EQ(url_texts("https://example.com/a_(b_(c)_d)."), Strings{"https://example.com/a_(b_(c)_d)"});
  EXPECT_EQ(url_texts("https://example.com/a(b"), Strings{"https://example.com/a"});
  EXPECT_EQ(url_texts("https://example.com/a()"), Strings{"https://example.com/a"});
}

TEST(ExtractUrls, KeepsPortQueryAndFragment) {
  EXPECT_EQ(url_texts("https://example.com:8443/x?y=1&z=2#frag"),
            Strings{"https://example.com:8443/x?y=1&z=2#frag"});
  EXPECT_EQ(url_texts("https://example.com/a#b"), Strings{"https://example.com/a#b"});
  EXPECT_EQ(url_texts("https://example.com?x=1"), Strings{"https://example.com?x=1"});
  EXPECT_EQ(url_texts("HTTPS://EXAMPLE.COM/X"), Strings{"HTTPS://EXAMPLE.COM/X"});
  EXPECT_EQ(url_texts("http://www.example.co.uk/path"), Strings{"http://www.example.co.uk/path"});
}

TEST(ExtractUrls, AcceptsInternationalisedHosts) {
  EXPECT_EQ(url_texts("https://müller.de/straße"), Strings{"https://müller.de/straße"});
  EXPECT_EQ(url_texts("https://пример.рф/путь"), Strings{"https://пример.рф/путь"});
  EXPECT_EQ(url_texts("https://xn--mller-kva.de/"), Strings{"https://xn--mller-kva.de/"});
  EXPECT_EQ(url_texts("https://例え.jp/"), Strings{"https://例え.jp/"});
  // A TLD glued to CJK text ends before it (twitter-text's TLD lookahead).
  EXPECT_EQ(url_texts("https://example.com。次"), Strings{"https://example.com"});
}

TEST(ExtractUrls, RejectsNonHttpAndHostsWithoutTld) {
  EXPECT_TRUE(extract_urls("ftp://example.com/x").empty());
  EXPECT_TRUE(extract_urls("javascript:alert(1)").empty());
  EXPECT_TRUE(extract_urls("http://localhost:3000/").empty());
  EXPECT_TRUE(extract_urls("http://x/#anchor").empty());
  EXPECT_TRUE(extract_urls("http://127.0.0.1/").empty());
  EXPECT_TRUE(extract_urls("example.com").empty());
  EXPECT_TRUE(extract_urls("https://").empty());
  EXPECT_TRUE(extract_urls("https://-bad.com/").empty());
  EXPECT_TRUE(extract_urls("https://user@example.com/").empty());
}

TEST(ExtractUrls, RequiresAValidPrecedingCharacter) {
  EXPECT_TRUE(extract_urls("xhttps://example.com").empty());
  EXPECT_TRUE(extract_urls("@https://example.com").empty());
  EXPECT_TRUE(extract_urls("#https://example.com").empty());
  EXPECT_EQ(url_texts("(https://example.com)"), Strings{"https://example.com"});
  EXPECT_EQ(url_texts("a https://a.com https://b.org"), (Strings{"https://a.com", "https://b.org"}));
}

TEST(ExtractUrls, PrefersTheLongestValidHost) {
  EXPECT_EQ(url_texts("https://foo.co.uk@x"), Strings{"https://foo.co"});
  EXPECT_EQ(url_texts("https://a.b.example.com/x"), Strings{"https://a.b.example.com/x"});
  EXPECT_EQ(url_texts("https://sub_domain.example.com/"), Strings{"https://sub_domain.example.com/"});
}

TEST(ExtractUrls, DropsOverlongUrls) {
  const std::string url = "https://example.com/" + std::string(5000, 'a');
  EXPECT_TRUE(extract_urls(url).empty());
  const std::string ok = "https://example.com/" + std::string(4000, 'a');
  EXPECT_EQ(url_texts(ok), Strings{ok});
}

TEST(ExtractMentions, LocalAndRemote) {
  const auto es = extract_mentions("@alice, @Bob@Remote.Example. @c.d-e_f");
  ASSERT_EQ(es.size(), 3u);
  EXPECT_EQ(es[0].username, "alice");
  EXPECT_EQ(es[0].text, "@alice");
  EXPECT_EQ(es[1].username, "Bob");
  EXPECT_EQ(es[1].domain, "Remote.Example");
  EXPECT_EQ(es[1].text, "@Bob@Remote.Example");
  EXPECT_EQ(es[2].username, "c.d-e_f");
}

TEST(ExtractMentions, DomainMayCarryAPort) {
  const auto es = extract_mentions("@bob@127.0.0.1:8401 hi, @eve@example.org: hello, @x@a.b:123456");
  ASSERT_EQ(es.size(), 3u);
  EXPECT_EQ(es[0].domain, "127.0.0.1:8401");
  EXPECT_EQ(es[1].domain, "example.org");  // a colon without digits is punctuation
  EXPECT_EQ(es[2].domain, "a.b");          // more than 5 digits is not a port
}

TEST(ExtractMentions, RequiresABoundaryBefore) {
  EXPECT_TRUE(extract_mentions("email@domain.com").empty());
  EXPECT_TRUE(extract_mentions("a=@b").empty());
  EXPECT_TRUE(extract_mentions("https://x.com/@b").empty());
  EXPECT_TRUE(extract_mentions("é@alice").empty());
  EXPECT_EQ(mention_texts("(@alice)"), Strings{"@alice"});
  EXPECT_EQ(mention_texts("「@alice」"), Strings{"@alice"});
}

TEST(ExtractMentions, TrailingDotsAndDashesAreNotPartOfTheName) {
  EXPECT_EQ(mention_texts("@alice."), Strings{"@alice"});
  EXPECT_EQ(mention_texts("@alice-"), Strings{"@alice"});
  EXPECT_EQ(mention_texts("@alice@example.com."), Strings{"@alice@example.com"});
  EXPECT_EQ(mention_texts("@alice@例え.jp"), Strings{"@alice@例え.jp"});
}

TEST(ExtractMentions, AppliesTwitterTextEndChecks) {
  EXPECT_TRUE(extract_mentions("@alice@").empty());
  EXPECT_TRUE(extract_mentions("@alice@ hi").empty());
  EXPECT_TRUE(extract_mentions("@josé").empty());
  EXPECT_TRUE(extract_mentions("@alice://").empty());
  EXPECT_TRUE(extract_mentions("@a@b.c@d").empty());
  EXPECT_EQ(mention_texts("@alice@@bob"), Strings{"@bob"});
  EXPECT_TRUE(extract_mentions("@ alone @").empty());
}

TEST(ExtractHashtags, BasicAndUnicode) {
  EXPECT_EQ(tag_names("#Parloir rocks"), Strings{"Parloir"});
  EXPECT_EQ(tag_names("#café #日本語 #東京2020"), (Strings{"café", "日本語", "東京2020"}));
  EXPECT_EQ(tag_names("#hello, #world."), (Strings{"hello", "world"}));
  EXPECT_EQ(tag_names("#foo·bar #a_b"), (Strings{"foo·bar", "a_b"}));
  EXPECT_EQ(tag_names("#tag🎉"), Strings{"tag"});
  EXPECT_EQ(tag_names("(#tag)"), Strings{"tag"});
  EXPECT_EQ(tag_names("#x"), Strings{"x"});
}

TEST(ExtractHashtags, DigitsOnlyIsNotATag) {
  EXPECT_TRUE(extract_hashtags("#123").empty());
  EXPECT_TRUE(extract_hashtags("#1").empty());
  EXPECT_TRUE(extract_hashtags("#_").empty());
  EXPECT_TRUE(extract_hashtags("#").empty());
  EXPECT_TRUE(extract_hashtags("# tag").empty());
  EXPECT_EQ(tag_names("#2024elections"), Strings{"2024elections"});
  // Mastodon's first alternative accepts an inner separator instead of a letter.
  EXPECT_EQ(tag_names("#1_2"), Strings{"1_2"});
}

TEST(ExtractHashtags, RequiresABoundaryBefore) {
  EXPECT_TRUE(extract_hashtags("http://x/#anchor").empty());
  EXPECT_TRUE(extract_hashtags("a#b").empty());
  EXPECT_TRUE(extract_hashtags("é#b").empty());
  EXPECT_TRUE(extract_hashtags("x=#b").empty());
  EXPECT_TRUE(extract_hashtags("(x)#b").empty());
  EXPECT_EQ(tag_names("#a#b"), Strings{"a"});
  EXPECT_EQ(tag_names("_#b"), Strings{"b"});
}

TEST(ExtractHashtags, SeparatorsOnlyInside) {
  EXPECT_EQ(tag_names("#foo·"), Strings{"foo"});
  EXPECT_EQ(tag_names("#foo_"), Strings{"foo_"});
  EXPECT_TRUE(extract_hashtags("#·foo").empty());
}

TEST(ExtractHashtags, StripsAGluedScheme) {
  EXPECT_EQ(tag_names("#foohttps://example.com"), Strings{"foo"});
  EXPECT_EQ(tag_names("#barhttp://example.com"), Strings{"bar"});
  EXPECT_EQ(tag_names("#https://example.com"), Strings{"https"});
}

TEST(ExtractEntities, UrlsWinOverlaps) {
  const auto es = extract_entities("https://example.com/@alice#top and @bob");
  ASSERT_EQ(es.size(), 2u);
  EXPECT_EQ(es[0].kind, EntityKind::url);
  EXPECT_EQ(es[0].text, "https://example.com/@alice#top");
  EXPECT_EQ(es[1].kind, EntityKind::mention);
  const auto q = extract_entities("https://example.com/?tag=#x");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].kind, EntityKind::url);
}

TEST(ExtractEntities, OffsetsAreBytesIntoUtf8) {
  const std::string text = "héllo #tag";
  const auto es = extract_entities(text);
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].begin, 7u);
  EXPECT_EQ(text.substr(es[0].begin, es[0].end - es[0].begin), "#tag");
}

TEST(ExtractEntities, SurvivesInvalidUtf8) {
  const std::string text = "\xff\xfe @a \xc3 #b \xe2\x82 https://x.com/\xff";
  const auto es = extract_entities(text);
  EXPECT_EQ(es.size(), 3u);
}

TEST(ExtractEntities, PathologicalInputsAreLinear) {
  const auto start = std::chrono::steady_clock::now();
  const std::string inputs[] = {
      std::string(100000, '@'),
      std::string(100000, '#'),
      std::string(100000, 'a'),
      [] { std::string s; for (int i = 0; i < 20000; ++i) s += "@a@b"; return s; }(),
      [] { std::string s; for (int i = 0; i < 20000; ++i) s += "#1·a"; return s; }(),
      [] { std::string s; for (int i = 0; i < 10000; ++i) s += "https://a."; return s; }(),
      "https://" + std::string(100000, 'a'),
      "https://a.com/" + std::string(100000, '('),
      "https://a.com/" + std::string(100000, '!'),
      "https://a.com/?" + std::string(100000, '.'),
      [] { std::string s = "https://"; for (int i = 0; i < 50000; ++i) s += "a."; return s; }(),
      [] { std::string s; for (int i = 0; i < 10000; ++i) s += "(https://a.com/x"; return s; }(),
      std::string("#").append(100000, '1'),
      std::string("@").append(100000, 'a').append("é"),
  };
  for (const auto& in : inputs) {
    const auto es = extract_entities(in);
    (void)es;
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 3000);
}

TEST(ExtractUrls, PunycodeTldAndQueryInsideParentheses) {
  EXPECT_EQ(url_texts("https://example.xn--p1ai/x"), Strings{"https://example.xn--p1ai/x"});
  EXPECT_EQ(url_texts("(https://example.com/?q=a)"), Strings{"https://example.com/?q=a"});
  EXPECT_EQ(url_texts("https://example.com/?q=日本"), Strings{"https://example.com/?q=日本"});
  EXPECT_EQ(url_texts("https://example.com/「x」"), Strings{"https://example.com/「x"});
}
