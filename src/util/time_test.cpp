#include "util/time.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <string>
#include <vector>

using namespace parloir::util;

TEST(Time, FormatsMastodonDatetimeWithMilliseconds) {
  EXPECT_EQ(format_datetime(1700000000123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(format_datetime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_date(1700000000123), "2023-11-14");
}

TEST(Time, FormatDatetimeMatchesGmtimeEverywhere) {
  // The hand-written formatter against gmtime_r + strftime, over leap days, centuries, negatives.
  std::int64_t values[] = {-1, -999, -1000, -86400000, -62135596800000, 951782400000, 951868799999,
                           4107542400000, 253402300799999, 1582934400000, 1709164800000};
  std::uint64_t x = 88172645463325252ull;
  std::vector<std::int64_t> all(std::begin(values), std::end(values));
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    all.push_back(static_cast<std::int64_t>(x % 253402300800000ull) - 2000000000000);
  }
  for (std::int64_t ms : all) {
    std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(((ms % 1000) + 1000) % 1000));
    ASSERT_EQ(format_datetime(ms), std::string(buf)) << ms;
  }
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
