// The web app embedding pipeline (cmake/embed-web.py → .incbin → api::EmbeddedWebFile →
// api::WebAssets) on the fixture in testdata/webdist, and WebAssets from a directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/web/assets.h"
#include "http/gzip.h"

namespace parloir::app {
const api::EmbeddedWebFile* fixture_web_files(std::size_t& count);  // generated
}

namespace {

using parloir::api::WebAssets;
namespace fs = std::filesystem;

const fs::path kFixture = PARLOIR_WEB_FIXTURE;  // src/app/testdata/webdist (CMake)

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string gunzip(std::string_view gz) { return parloir::http::gzip_decompress(gz, 1 << 20).value_or("<bad gzip>"); }

TEST(WebEmbedded, FixtureFilesAreEmbeddedByteForByteWithGzipTypesAndEtags) {
  std::size_t count = 0;
  const auto* files = parloir::app::fixture_web_files(count);
  ASSERT_EQ(count, 3u);
  WebAssets assets = WebAssets::from_embedded(files, count);
  EXPECT_EQ(assets.source(), "embedded");
  const auto* js = assets.find("/assets/app-0123abcd.js");
  ASSERT_NE(js, nullptr);
  EXPECT_EQ(js->body, read_file(kFixture / "assets" / "app-0123abcd.js"));
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_TRUE(js->immutable);
  ASSERT_FALSE(js->gzip.empty());
  EXPECT_LT(js->gzip.size(), js->body.size());
  EXPECT_EQ(gunzip(js->gzip), js->body);
  EXPECT_EQ(js->etag.size(), 18u);
  EXPECT_EQ(js->gzip_etag, js->etag.substr(0, 17) + "-gz\"");
  const auto* index = assets.index();
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->body, read_file(kFixture / "index.html"));
  EXPECT_FALSE(index->immutable);
  EXPECT_TRUE(index->gzip.empty());  // too small to be worth it
  const auto* ico = assets.find("/favicon.ico");
  ASSERT_NE(ico, nullptr);
  EXPECT_EQ(ico->content_type, "image/x-icon");
  EXPECT_EQ(ico->body.size(), 28u);  // binary with NULs, whole
  EXPECT_EQ(assets.find("/missing.js"), nullptr);
}

TEST(WebAssetsDirectory, LoadsTheSameFilesAsTheEmbeddedBuild) {
  auto loaded = WebAssets::load_directory(kFixture.string());
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->size(), 3u);
  const auto* js = loaded->find("/assets/app-0123abcd.js");
  ASSERT_NE(js, nullptr);
  EXPECT_EQ(js->body, read_file(kFixture / "assets" / "app-0123abcd.js"));
  EXPECT_EQ(gunzip(js->gzip), js->body);
  EXPECT_TRUE(js->immutable);
}

TEST(WebAssetsDirectory, MissingDirectoryIsNotBuilt) {
  auto loaded = WebAssets::load_directory("/nonexistent/parloir/web/dist");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->size(), 0u);
  EXPECT_EQ(loaded->index(), nullptr);
}

TEST(WebAssets, ContentTypes) {
  EXPECT_EQ(parloir::api::web_content_type("/a/b.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(parloir::api::web_content_type("/manifest.webmanifest"), "application/manifest+json; charset=utf-8");
  EXPECT_EQ(parloir::api::web_content_type("/x.woff2"), "font/woff2");
  EXPECT_EQ(parloir::api::web_content_type("/dir.d/noext"), "application/octet-stream");
  EXPECT_TRUE(parloir::api::web_compressible("image/svg+xml"));
  EXPECT_FALSE(parloir::api::web_compressible("image/png"));
}

TEST(Gzip, AcceptEncodingParsing) {
  using parloir::http::accepts_gzip;
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.000, *"));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
}

TEST(Gzip, RoundTripAndLimits) {
  std::string text(100000, 'a');
  std::string gz = parloir::http::gzip_compress(text);
  ASSERT_FALSE(gz.empty());
  EXPECT_LT(gz.size(), 1000u);
  EXPECT_EQ(parloir::http::gzip_decompress(gz, text.size()), text);
  EXPECT_FALSE(parloir::http::gzip_decompress(gz, text.size() - 1));  // over the limit
  EXPECT_FALSE(parloir::http::gzip_decompress("not gzip at all", 1000));
  EXPECT_EQ(parloir::http::gzip_compress(text), gz);  // deterministic
}

}  // namespace
