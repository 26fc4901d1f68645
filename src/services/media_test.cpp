#include <gtest/gtest.h>

#include "services/media.h"

namespace parloir::services {
namespace {

TEST(ParseFocus, AcceptsTwoNumbersInRange) {
  auto f = parse_focus("0.5,-0.25");
  ASSERT_TRUE(f);
  EXPECT_DOUBLE_EQ(f->first, 0.5);
  EXPECT_DOUBLE_EQ(f->second, -0.25);
  EXPECT_TRUE(parse_focus(" -1 , 1 "));
  EXPECT_TRUE(parse_focus("0,0"));
}

TEST(ParseFocus, RefusesMalformedOrOutOfRange) {
  for (const char* bad : {"", "0.5", "1.5,0", "0,-1.01", "a,b", "0.5,", ",0.5", "nan,0", "inf,0", "0.1,0.2,0.3", "0x1,0"})
    EXPECT_FALSE(parse_focus(bad)) << bad;
}

}  // namespace
}  // namespace parloir::services
