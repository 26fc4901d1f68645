#include "util/time.h"

#include <gtest/gtest.h>

using namespace parloir::util;

TEST(Time, FormatsMastodonDatetimeWithMilliseconds) {
  EXPECT_EQ(format_datetime(1700000000123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(format_datetime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_date(1700000000123), "2023-11-14");
}

TEST(Time, ParsesIsoDatetimes) {
  EXPECT_EQ(parse_datetime("2023-11-14T22:13:20.123Z"), 1700000000123);
  EXPECT_EQ(parse_datetime("2023-11-15T00:13:20+02:00"), 1700000000000);
  EXPECT_FALSE(parse_datetime("2023-13-14T22:13:20Z"));
  EXPECT_FALSE(parse_datetime("yesterday"));
}

TEST(Time, ParsesDurations) {
  EXPECT_EQ(parse_duration_seconds("30"), 30);
  EXPECT_EQ(parse_duration_seconds("15m"), 900);
  EXPECT_EQ(parse_duration_seconds("7d"), 604800);
  EXPECT_FALSE(parse_duration_seconds("7w"));
  EXPECT_FALSE(parse_duration_seconds(""));
}
