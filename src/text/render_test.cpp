#include "text/render.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

using namespace parloir::text;

namespace {

RenderContext make_ctx() {
  RenderContext ctx;
  ctx.base_url = "https://parloir.example";
  ctx.local_domain = "parloir.example";
  ctx.resolve_mention = [](std::string_view username, std::string_view domain) -> std::optional<MentionTarget> {
    if (domain.empty() && (username == "alice" || username == "Alice"))
      return MentionTarget{"1", "alice", "", "https://parloir.example/@alice"};
    if (username == "bob" && domain == "remote.example")
      return MentionTarget{"2", "bob", "remote.example", "https://remote.example/@bob"};
    if (username == "alice" && domain == "other.example")
      return MentionTarget{"3", "alice", "other.example", "https://other.example/@alice"};
    return std::nullopt;
  };
  return ctx;
}

std::string status(std::string_view text) { return render_status_html(text, make_ctx()).html; }

const std::string kAlice =
    R"(<span class="h-card" translate="no"><a href="https://parloir.example/@alice" class="u-url mention">@<span>alice</span></a></span>)";

}  // namespace

TEST(RenderStatusHtml, TheMastodonExample) {
  const auto r = render_status_html(
      "Hello @alice and @bob@remote.example #Parloir "
      "https://example.org/a/very/long/path/that/goes/on/and/on?x=1",
      make_ctx());
  EXPECT_EQ(r.html,
            "<p>Hello " + kAlice +
                R"( and <span class="h-card" translate="no"><a href="https://remote.example/@bob" class="u-url mention">@<span>bob</span></a></span> )"
                R"(<a href="https://parloir.example/tags/Parloir" class="mention hashtag" rel="tag">#<span>Parloir</span></a> )"
                R"(<a href="https://example.org/a/very/long/path/that/goes/on/and/on?x=1" target="_blank" rel="nofollow noopener" translate="no">)"
                R"(<span class="invisible">https://</span><span class="ellipsis">example.org/a/very/long/path/t</span>)"
                R"(<span class="invisible">hat/goes/on/and/on?x=1</span></a></p>)");
  ASSERT_EQ(r.mentions.size(), 2u);
  EXPECT_EQ(r.mentions[0].id, "1");
  EXPECT_EQ(r.mentions[1].acct(), "bob@remote.example");
  EXPECT_EQ(r.tags, std::vector<std::string>{"Parloir"});
}

TEST(RenderStatusHtml, ShortLinkHasEmptyClassAndStripsWww) {
  EXPECT_EQ(status("https://www.example.com/x"),
            R"(<p><a href="https://www.example.com/x" target="_blank" rel="nofollow noopener" translate="no">)"
            R"(<span class="invisible">https://www.</span><span class="">example.com/x</span>)"
            R"(<span class="invisible"></span></a></p>)");
}

TEST(RenderStatusHtml, LinkOfExactly30VisibleCharactersIsNotCut) {
  const std::string visible = "example.com/" + std::string(18, 'a');  // 30 code points
  EXPECT_EQ(status("http://" + visible),
            "<p><a href=\"http://" + visible +
                R"(" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">http://</span><span class="">)" +
                visible + R"(</span><span class="invisible"></span></a></p>)");
  const std::string longer = visible + "b";
  EXPECT_NE(status("http://" + longer).find(R"(<span class="ellipsis">)" + visible + "</span>"), std::string::npos);
}

TEST(RenderStatusHtml, CutsLinksByCodePointsNotBytes) {
  std::string path = "example.com/";  // 12 code points, then 19 two-byte ones, then "xyz"
  for (int i = 0; i < 19; ++i) path += "é";
  const std::string html = status("https://" + path + "xyz");
  EXPECT_NE(html.find(R"(<span class="ellipsis">example.com/éééééééééééééééééé</span>)"), std::string::npos) << html;
  EXPECT_NE(html.find(R"(<span class="invisible">éxyz</span>)"), std::string::npos) << html;
}

TEST(RenderStatusHtml, UpperCaseSchemeStaysVisible) {
  EXPECT_NE(status("HTTPS://EXAMPLE.COM").find(R"(<span class="invisible"></span><span class="">HTTPS://EXAMPLE.COM</span>)"),
            std::string::npos);
}

TEST(RenderStatusHtml, EscapesHtmlEverywhere) {
  EXPECT_EQ(status("<script>alert('x') & \"y\"</script>"),
            "<p>&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;</p>");
  const std::string html = status("https://example.com/?a=1&b='2'");
  EXPECT_NE(html.find(R"(href="https://example.com/?a=1&amp;b=&#39;2")"), std::string::npos) << html;
}

TEST(RenderStatusHtml, ParagraphsAndLineBreaks) {
  EXPECT_EQ(status("one\ntwo\n\nthree"), "<p>one<br />two</p><p>three</p>");
  EXPECT_EQ(status("a\n\n\n\nb"), "<p>a</p><p>b</p>");
  EXPECT_EQ(status("a\r\nb\rc"), "<p>a<br />b<br />c</p>");
  EXPECT_EQ(status("a\r\n\r\nb"), "<p>a</p><p>b</p>");
  EXPECT_EQ(status("a\n"), "<p>a</p>");
  EXPECT_EQ(status("a\n\n"), "<p>a</p>");
  EXPECT_EQ(status("\na"), "<p>a</p>");
  EXPECT_EQ(status("\n\na"), "<p></p><p>a</p>");  // Ruby's split keeps a leading empty piece
  EXPECT_EQ(status("a\n \nb"), "<p>a<br /> <br />b</p>");
  EXPECT_EQ(status("plain"), "<p>plain</p>");
}

TEST(RenderStatusHtml, BlankTextIsEmpty) {
  EXPECT_EQ(status(""), "");
  EXPECT_EQ(status("  \n\n \t"), "");
  EXPECT_EQ(status("\u3000"), "");
}

TEST(RenderStatusHtml, UnresolvedMentionsStayText) {
  const auto r = render_status_html("hi @carol@nowhere.example & @dave", make_ctx());
  EXPECT_EQ(r.html, "<p>hi @carol@nowhere.example &amp; @dave</p>");
  EXPECT_TRUE(r.mentions.empty());
  RenderContext no_resolver;
  EXPECT_EQ(render_status_html("@alice", no_resolver).html, "<p>@alice</p>");
}

TEST(RenderStatusHtml, LocalDomainMentionsResolveAsLocal) {
  const auto r = render_status_html("@alice@Parloir.Example", make_ctx());
  EXPECT_EQ(r.html, "<p>" + kAlice + "</p>");
  ASSERT_EQ(r.mentions.size(), 1u);
  EXPECT_EQ(r.mentions[0].domain, "");
}

TEST(RenderStatusHtml, DeduplicatesMentionsAndTags) {
  const auto r = render_status_html("@alice @Alice #Tag #tag #other @alice", make_ctx());
  ASSERT_EQ(r.mentions.size(), 1u);
  EXPECT_EQ(r.tags, (std::vector<std::string>{"Tag", "other"}));
}

TEST(RenderStatusHtml, DisambiguatesSameUsernameOnDifferentServers) {
  const auto r = render_status_html("@alice and @alice@other.example", make_ctx());
  EXPECT_NE(r.html.find("@<span>alice</span>"), std::string::npos);
  EXPECT_NE(r.html.find("@<span>alice@other.example</span>"), std::string::npos);
  // The author counts too (Mastodon preloads the status account).
  RenderContext ctx = make_ctx();
  ctx.preloaded.push_back(MentionTarget{"9", "bob", "", "https://parloir.example/@bob"});
  EXPECT_NE(render_status_html("@bob@remote.example", ctx).html.find("@<span>bob@remote.example</span>"),
            std::string::npos);
  EXPECT_NE(render_status_html("@bob@remote.example", make_ctx()).html.find("@<span>bob</span>"), std::string::npos);
}

TEST(RenderStatusHtml, HashtagUrlsArePercentEncoded) {
  const auto r = render_status_html("#日本語 #café", make_ctx());
  EXPECT_EQ(r.html,
            R"(<p><a href="https://parloir.example/tags/%E6%97%A5%E6%9C%AC%E8%AA%9E" class="mention hashtag" rel="tag">#<span>日本語</span></a> )"
            R"(<a href="https://parloir.example/tags/caf%C3%A9" class="mention hashtag" rel="tag">#<span>café</span></a></p>)");
}

TEST(RenderStatusHtml, NonEntitiesAreLeftAlone) {
  EXPECT_EQ(status("email@domain.com #123 http://x/#anchor"), "<p>email@domain.com #123 http://x/#anchor</p>");
}

TEST(RenderStatusHtml, LinkInsideParenthesesAndAfterNewline) {
  const std::string html = status("(https://en.wikipedia.org/wiki/Foo_(bar))\nnext");
  EXPECT_NE(html.find(R"x(href="https://en.wikipedia.org/wiki/Foo_(bar)")x"), std::string::npos) << html;
  EXPECT_NE(html.find("</a>)<br />next</p>"), std::string::npos) << html;
}

TEST(RenderPlainNoteHtml, NeverDisambiguates) {
  RenderContext ctx = make_ctx();
  ctx.preloaded.push_back(MentionTarget{"9", "bob", "", "https://parloir.example/@bob"});
  const auto r = render_plain_note_html("Hi, I'm @bob@remote.example's friend\n\n#cats", ctx);
  EXPECT_EQ(r.html,
            R"(<p>Hi, I&#39;m <span class="h-card" translate="no"><a href="https://remote.example/@bob" class="u-url mention">@<span>bob</span></a></span>&#39;s friend</p>)"
            R"(<p><a href="https://parloir.example/tags/cats" class="mention hashtag" rel="tag">#<span>cats</span></a></p>)");
}

TEST(RenderFieldValueHtml, NoParagraphsRelMeAndFullAcct) {
  const auto r = render_field_value_html("https://example.com @alice @bob@remote.example", make_ctx());
  EXPECT_EQ(r.html,
            R"(<a href="https://example.com" target="_blank" rel="nofollow noopener me" translate="no"><span class="invisible">https://</span><span class="">example.com</span><span class="invisible"></span></a> )" +
                kAlice +
                R"( <span class="h-card" translate="no"><a href="https://remote.example/@bob" class="u-url mention">@<span>bob@remote.example</span></a></span>)");
  EXPECT_EQ(render_field_value_html("a < b\nc", make_ctx()).html, "a &lt; b\nc");
  EXPECT_EQ(render_field_value_html(" ", make_ctx()).html, "");
}

TEST(RenderStatusHtml, PathologicalInputsFinishFast) {
  const auto start = std::chrono::steady_clock::now();
  std::string many_mentions;
  for (int i = 0; i < 10000; ++i) many_mentions += "@alice ";
  const std::string inputs[] = {std::string(100000, '@'), std::string(100000, '#'), std::string(100000, '<'),
                                "a" + std::string(100000, '\n') + "b", std::string(50000, 'a') + std::string(50000, '\n'),
                                many_mentions};
  for (const auto& in : inputs) EXPECT_FALSE(render_status_html(in, make_ctx()).html.empty());
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 3000);
}
