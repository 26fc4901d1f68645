// match_filters / keyword_matches: the pure filter matcher behind Status.filtered.
#include "services/filters.h"

#include <gtest/gtest.h>

namespace parloir::services {
namespace {

core::Filter filter(core::Id id, std::vector<std::pair<std::string, bool>> keywords, unsigned context = core::filter_home,
                    std::optional<std::int64_t> expires_at = {}) {
  core::Filter f;
  f.id = id;
  f.title = "f" + std::to_string(id);
  f.context = context;
  f.expires_at = expires_at;
  core::Id kid = id * 100;
  for (auto& [k, w] : keywords) f.keywords.push_back(core::FilterKeyword{++kid, id, k, w, 0});
  return f;
}

core::Status status(std::string text, std::string spoiler = "") {
  core::Status s;
  s.id = 42;
  s.text = std::move(text);
  s.spoiler_text = std::move(spoiler);
  return s;
}

TEST(KeywordMatches, CaseInsensitiveSubstringOrWholeWord) {
  EXPECT_TRUE(keyword_matches("I love Star Wars!", "star wars", true));
  EXPECT_TRUE(keyword_matches("I love STARWARS", "starwars", true));
  EXPECT_FALSE(keyword_matches("I love starwarsy", "starwars", true));
  EXPECT_TRUE(keyword_matches("I love starwarsy", "starwars", false));
  EXPECT_FALSE(keyword_matches("catalog", "cat", true));
  EXPECT_TRUE(keyword_matches("my cat.", "cat", true));
  EXPECT_TRUE(keyword_matches("cat", "cat", true));
  EXPECT_TRUE(keyword_matches("a #spoiler here", "#spoiler", true));  // no \b before '#'
  EXPECT_TRUE(keyword_matches("x#spoiler", "#spoiler", true));
  EXPECT_FALSE(keyword_matches("#spoilers", "#spoiler", true));
  EXPECT_FALSE(keyword_matches("caféine", "caf", true));  // non-ASCII letters are word characters
  EXPECT_FALSE(keyword_matches("anything", "", false));
  // The second occurrence may match when the first is inside a word.
  EXPECT_TRUE(keyword_matches("catalog and cat", "cat", true));
}

TEST(MatchFilters, ContextExpiryKeywordsAndStatuses) {
  std::vector<core::Filter> filters = {
      filter(1, {{"cat", true}, {"dog", false}}),
      filter(2, {{"cat", true}}, core::filter_public),
      filter(3, {{"cat", true}}, core::filter_home, 1000),
      filter(4, {}),
  };
  filters[3].statuses.push_back(core::FilterStatus{7, 4, 42, 0});
  auto r = match_filters(filters, status("my Cat and hotdogs"), "home", 2000);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].filter.id, 1);
  EXPECT_EQ(r[0].keyword_matches, (std::vector<std::string>{"cat", "dog"}));
  EXPECT_TRUE(r[0].status_matches.empty());
  EXPECT_EQ(r[1].filter.id, 4);
  EXPECT_EQ(r[1].status_matches, (std::vector<std::string>{"42"}));
  // Before expiry filter 3 applies too.
  EXPECT_EQ(match_filters(filters, status("cat"), "home", 500).size(), 3u);
  // Other context.
  auto pub = match_filters(filters, status("cat"), "public", 2000);
  ASSERT_EQ(pub.size(), 1u);
  EXPECT_EQ(pub[0].filter.id, 2);
  EXPECT_TRUE(match_filters(filters, status("cat"), "nonsense", 2000).empty());
  // The spoiler counts; HTML content is used when there is no source text.
  EXPECT_EQ(match_filters(filters, status("nothing", "CAT pictures"), "public", 2000).size(), 1u);
  core::Status remote;
  remote.id = 9;
  remote.content = "<p>a <span>cat</span></p>";
  EXPECT_EQ(match_filters(filters, remote, "public", 2000).size(), 1u);
  // A reblog wrapper matches status filters of its original.
  core::Status wrapper;
  wrapper.id = 99;
  wrapper.reblog_of_id = 42;
  auto rb = match_filters(filters, wrapper, "home", 2000);
  ASSERT_EQ(rb.size(), 1u);
  EXPECT_EQ(rb[0].filter.id, 4);
}

}  // namespace
}  // namespace parloir::services
