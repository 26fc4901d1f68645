#include "text/sanitize.h"

#include <gtest/gtest.h>

using parloir::text::html_to_text;
using parloir::text::sanitize_remote_html;

TEST(Sanitize, KeepsMastodonMarkup) {
  EXPECT_EQ(sanitize_remote_html("<p>Hi <a href=\"https://x.example/@a\" class=\"u-url mention evil\">@a</a></p>"),
            "<p>Hi <a href=\"https://x.example/@a\" rel=\"nofollow noopener\" target=\"_blank\" class=\"u-url mention\">@a</a></p>");
  EXPECT_EQ(sanitize_remote_html("a<br>b"), "a<br>b");
}

TEST(Sanitize, DropsScriptsHandlersAndBadLinks) {
  EXPECT_EQ(sanitize_remote_html("<p onclick=\"x()\">ok<script>alert(1)</script></p>"), "<p>ok</p>");
  EXPECT_EQ(sanitize_remote_html("<a href=\"javascript:alert(1)\">click</a>"), "click");
  EXPECT_EQ(sanitize_remote_html("<a href=\"/relative\">rel</a>"), "rel");
  EXPECT_EQ(sanitize_remote_html("<img src=x onerror=alert(1)>t"), "t");
  EXPECT_EQ(sanitize_remote_html("<div><h1>T</h1><iframe src=x></iframe></div>"), "<p><strong>T</strong></p>");
  EXPECT_EQ(sanitize_remote_html("<style>p{}</style>&lt;b&gt;"), "&lt;b&gt;");
  EXPECT_EQ(sanitize_remote_html("<span style=\"x\" class=\"invisible\">s</span>"), "<span class=\"invisible\">s</span>");
}

TEST(Sanitize, SurvivesDeepNesting) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<span>";
  deep += "x";
  EXPECT_NE(sanitize_remote_html(deep).find('x'), std::string::npos);
}

TEST(Sanitize, TextOfHtml) {
  EXPECT_EQ(html_to_text("<p>a &amp; b</p><p>c<br>d</p>"), "a & b\n\nc\nd");
}
