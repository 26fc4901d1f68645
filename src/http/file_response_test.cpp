#include "http/file_response.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

namespace parloir::http {
namespace {

using Kind = RangeSpec::Kind;

TEST(ParseRange, SingleRanges) {
  auto r = parse_range("bytes=0-99", 1000);
  EXPECT_EQ(r.kind, Kind::satisfiable);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 99u);
  r = parse_range("bytes=500-", 1000);
  EXPECT_EQ(r.kind, Kind::satisfiable);
  EXPECT_EQ(r.first, 500u);
  EXPECT_EQ(r.last, 999u);
  r = parse_range("bytes=-100", 1000);
  EXPECT_EQ(r.kind, Kind::satisfiable);
  EXPECT_EQ(r.first, 900u);
  EXPECT_EQ(r.last, 999u);
  r = parse_range("Bytes = 990-5000", 1000);  // end clamped; unit case-insensitive
  EXPECT_EQ(r.kind, Kind::satisfiable);
  EXPECT_EQ(r.first, 990u);
  EXPECT_EQ(r.last, 999u);
  r = parse_range("bytes=-5000", 1000);  // suffix longer than the file: all of it
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 999u);
}

TEST(ParseRange, Unsatisfiable) {
  EXPECT_EQ(parse_range("bytes=1000-", 1000).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=1000-2000", 1000).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=-0", 1000).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=0-", 0).kind, Kind::unsatisfiable);
}

TEST(ParseRange, IgnoredMeansWholeFile) {
  for (const char* h : {"", "bytes", "bytes=", "bytes=a-b", "bytes=5-1", "items=0-1", "bytes=0-1,5-6", "bytes=--1",
                        "bytes=+1-2", "bytes=0-99999999999999999999999"})
    EXPECT_EQ(parse_range(h, 1000).kind, Kind::none) << h;
}

class FileResponseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/parloir-file-response-XXXXXX";
    fd_ = ::mkstemp(tmpl);
    path_ = tmpl;
    ASSERT_EQ(::write(fd_, "0123456789", 10), 10);
  }
  void TearDown() override {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  Response get(std::initializer_list<std::pair<const char*, std::string>> headers) {
    Request req;
    for (const auto& [k, v] : headers) req.raw.set(k, v);
    return file_response(req, ::open(path_.c_str(), O_RDONLY), facts_, "video/mp4");
  }
  std::string header(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return "";
  }
  int fd_ = -1;
  std::string path_;
  FileFacts facts_{10, 1'700'000'000'123};
};

TEST_F(FileResponseTest, WholeRangeAndUnsatisfiable) {
  auto whole = get({});
  EXPECT_EQ(whole.status, 200u);
  ASSERT_TRUE(whole.file);
  EXPECT_EQ(whole.file->offset, 0u);
  EXPECT_EQ(whole.file->length, 10u);
  EXPECT_EQ(header(whole, "Accept-Ranges"), "bytes");
  EXPECT_EQ(header(whole, "ETag"), file_etag(facts_));

  auto part = get({{"Range", "bytes=2-4"}});
  EXPECT_EQ(part.status, 206u);
  EXPECT_EQ(header(part, "Content-Range"), "bytes 2-4/10");
  EXPECT_EQ(part.file->offset, 2u);
  EXPECT_EQ(part.file->length, 3u);

  auto bad = get({{"Range", "bytes=10-"}});
  EXPECT_EQ(bad.status, 416u);
  EXPECT_EQ(header(bad, "Content-Range"), "bytes */10");
  EXPECT_FALSE(bad.file);
}

TEST_F(FileResponseTest, IfRangeAndConditionals) {
  const std::string etag = file_etag(facts_);
  const std::string date = http_date_of(facts_.modified_ms / 1000);
  EXPECT_EQ(get({{"Range", "bytes=2-4"}, {"If-Range", etag}}).status, 206u);
  EXPECT_EQ(get({{"Range", "bytes=2-4"}, {"If-Range", date}}).status, 206u);
  EXPECT_EQ(get({{"Range", "bytes=2-4"}, {"If-Range", "\"other\""}}).status, 200u);
  EXPECT_EQ(get({{"Range", "bytes=2-4"}, {"If-Range", "W/" + etag}}).status, 200u);  // weak never matches
  EXPECT_EQ(get({{"If-None-Match", etag}}).status, 304u);
  EXPECT_EQ(get({{"If-None-Match", "\"x\", W/" + etag}}).status, 304u);
  EXPECT_EQ(get({{"If-None-Match", "\"x\""}}).status, 200u);
  EXPECT_EQ(get({{"If-Modified-Since", date}}).status, 304u);
}

}  // namespace
}  // namespace parloir::http
