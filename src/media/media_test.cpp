#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "media/blurhash.h"
#include "media/gate.h"
#include "media/image.h"
#include "media/jpeg_strip.h"
#include "media/probe.h"
#include "media/sniff.h"
#include "media/storage.h"

namespace parloir::media {
namespace {

// ---- sniffing ---------------------------------------------------------------------------------

TEST(Sniff, RecognisesImageMagic) {
  EXPECT_EQ(sniff(std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0\1\1", 14)), Format::jpeg);
  EXPECT_EQ(sniff(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)), Format::png);
  EXPECT_EQ(sniff(std::string("GIF89a\x01\x00\x01\x00\x00\x00", 12)), Format::gif);
  EXPECT_EQ(sniff(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), Format::webp);
  EXPECT_EQ(sniff(std::string("\0\0\0\x18" "ftypmp42\0\0\0\0", 16)), Format::mp4);
  EXPECT_EQ(sniff(std::string("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\xF7\x81", 12)), Format::webm);
  EXPECT_EQ(sniff(std::string("OggS\0\2\0\0\0\0\0\0\0\0", 14)), Format::ogg);
  EXPECT_EQ(sniff(std::string("ID3\4\0\0\0\0\0\0\0\0\0", 13)), Format::mp3);
}

TEST(Sniff, RefusesMarkupAndUnknownWhateverTheName) {
  EXPECT_FALSE(sniff("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"));
  EXPECT_FALSE(sniff("<!DOCTYPE html><html><body>hi</body></html>"));
  EXPECT_FALSE(sniff("%!PS-Adobe-3.0 EPSF-3.0\n"));
  EXPECT_FALSE(sniff("%PDF-1.7\n%abcdefg"));
  EXPECT_FALSE(sniff("\xFF\xD8"));  // too short to be anything
  EXPECT_FALSE(sniff(""));
  EXPECT_FALSE(sniff("RIFF\x10\0\0\0AVI LIST"));
}

TEST(Sniff, SpotsMarkupInsidePolyglots) {
  EXPECT_TRUE(looks_like_markup("GIF89a<html><script>alert(1)</script>"));
  EXPECT_TRUE(looks_like_markup(std::string("\x89PNG\r\n\x1A\n", 8) + "<SVG onload=x>"));
  EXPECT_TRUE(looks_like_markup("  <?xml version=\"1.0\"?><svg/>"));
  EXPECT_FALSE(looks_like_markup("<?xpacket begin=\"\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><?xml?>"));
  EXPECT_FALSE(looks_like_markup(std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0\1\1", 14)));
}

TEST(Sniff, KindsAndTypes) {
  EXPECT_EQ(kind_of(Format::png), Kind::image);
  EXPECT_EQ(kind_of(Format::mp4), Kind::video);
  EXPECT_EQ(kind_of(Format::mp3), Kind::audio);
  EXPECT_EQ(mime_type(Format::webp), "image/webp");
  EXPECT_EQ(extension(Format::jpeg), "jpg");
}

// ---- blurhash ---------------------------------------------------------------------------------

std::vector<std::uint8_t> synth(int w, int h, int kind) {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w * h * 4));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      std::uint8_t* p = &px[static_cast<std::size_t>(4 * (y * w + x))];
      if (kind == 0) {  // gradient
        p[0] = static_cast<std::uint8_t>((x * 8) & 255);
        p[1] = static_cast<std::uint8_t>((y * 10) & 255);
        p[2] = static_cast<std::uint8_t>(((x + y) * 4) & 255);
      } else if (kind == 1) {  // pattern
        p[0] = static_cast<std::uint8_t>((x * 37 + y * 11) % 256);
        p[1] = static_cast<std::uint8_t>((x * x + y * 3) % 256);
        p[2] = static_cast<std::uint8_t>(((x ^ y) * 29) % 256);
      } else {  // solid
        p[0] = 200;
        p[1] = 100;
        p[2] = 50;
      }
      p[3] = 255;
    }
  return px;
}

// Expected values: the reference C encoder (woltapp/blurhash C/encode.c, the code Mastodon's
// Ruby gem wraps) run on the same pixels. (The TypeScript port differs: it takes the maximum AC
// value without abs().)
TEST(Blurhash, MatchesTheReferenceEncoder) {
  auto g = synth(32, 24, 0);
  EXPECT_EQ(blurhash_encode(g.data(), 32, 24, 4, 32 * 4, 4, 3), "LxH27b2kwzX5mAWYjuf7gKfkfQfj");
  EXPECT_EQ(blurhash_encode(g.data(), 32, 24, 4, 32 * 4, 4, 4), "UxH27b2kwzX5mAWYjuf7gKfkfQfjn+WojtfQ");
  auto p = synth(17, 13, 1);
  EXPECT_EQ(blurhash_encode(p.data(), 17, 13, 4, 17 * 4, 4, 3), "LbG*T,urOrx?oOWBORR*V_X4jDW+");
  EXPECT_EQ(blurhash_encode(p.data(), 17, 13, 4, 17 * 4, 4, 4), "UbG*T,urOrx?oOWBORR*V_X4jDW+t8aJbcj.");
  auto s = synth(8, 8, 2);
  EXPECT_EQ(blurhash_encode(s.data(), 8, 8, 4, 8 * 4, 4, 3), "LNM|T9}XfQ}X}XsofQsofQfQfQfQ");
  EXPECT_EQ(blurhash_encode(s.data(), 8, 8, 4, 8 * 4, 1, 1), "00M|T9");
}

TEST(Blurhash, RgbInputAndBadArguments) {
  auto s = synth(8, 8, 2);
  std::vector<std::uint8_t> rgb;
  for (std::size_t i = 0; i < s.size(); i += 4) rgb.insert(rgb.end(), {s[i], s[i + 1], s[i + 2]});
  EXPECT_EQ(blurhash_encode(rgb.data(), 8, 8, 3, 8 * 3, 4, 3), "LNM|T9}XfQ}X}XsofQsofQfQfQfQ");
  EXPECT_EQ(blurhash_encode(rgb.data(), 0, 8, 3, 0, 4, 3), "");
  EXPECT_EQ(blurhash_encode(rgb.data(), 8, 8, 3, 24, 10, 3), "");
}

// ---- storage ----------------------------------------------------------------------------------

TEST(StorageKeys, OnlyServerShapedKeysAreValid) {
  std::string k = new_key("jpg");
  EXPECT_TRUE(is_valid_key(k)) << k;
  EXPECT_NE(new_key("jpg"), k);
  EXPECT_EQ(content_type_for_key(k), "image/jpeg");
  EXPECT_FALSE(is_valid_key("../" + k));
  EXPECT_FALSE(is_valid_key("/etc/passwd"));
  EXPECT_FALSE(is_valid_key("ab/cd/../../../../etc/passwd"));
  EXPECT_FALSE(is_valid_key(k.substr(0, k.size() - 3) + "html"));
  EXPECT_FALSE(is_valid_key(k + "/x"));
  std::string upper = k;
  upper[7] = 'A';
  EXPECT_FALSE(is_valid_key(upper));
  std::string wrong_shard = k;
  wrong_shard[0] = wrong_shard[0] == '0' ? '1' : '0';
  EXPECT_FALSE(is_valid_key(wrong_shard));
  EXPECT_FALSE(is_valid_key(""));
}

TEST(LocalStorage, PutReadRemoveAndRefuseTraversal) {
  auto root = std::filesystem::temp_directory_path() / ("parloir-media-" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  auto store = open_local_storage(root.string());
  std::string k = new_key("png");
  ASSERT_TRUE(store->put(k, "hello"));
  auto got = store->read(k);
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, "hello");
  int seen = 0;
  ASSERT_TRUE(store->each([&](const std::string& key, std::int64_t, std::int64_t size) {
    EXPECT_EQ(key, k);
    EXPECT_EQ(size, 5);
    ++seen;
  }));
  EXPECT_EQ(seen, 1);
  EXPECT_FALSE(store->put("../escape.png", "x"));
  EXPECT_FALSE(std::filesystem::exists(root.parent_path() / "escape.png"));
  EXPECT_EQ(store->read("../../etc/passwd").error().code, util::ErrorCode::not_found);
  ASSERT_TRUE(store->remove(k));
  EXPECT_EQ(store->read(k).error().code, util::ErrorCode::not_found);
  EXPECT_TRUE(store->remove(k));  // absent is fine
  std::filesystem::remove_all(root);
}

TEST(Gate, BoundsConcurrentHolders) {
  ProcessingGate gate(2);
  auto a = gate.acquire(std::chrono::milliseconds(10));
  auto b = gate.acquire(std::chrono::milliseconds(10));
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(gate.acquire(std::chrono::milliseconds(10)));
  a.reset();
  EXPECT_TRUE(gate.acquire(std::chrono::milliseconds(10)));
}

// ---- images (libvips) -------------------------------------------------------------------------

std::uint32_t crc32(const std::string& s) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char ch : s) {
    c ^= ch;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string png_chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

// A PNG whose header says width x height (RGB, 8-bit) but whose data is a few bytes.
std::string png_header_only(std::uint32_t w, std::uint32_t h) {
  std::string ihdr = be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) +
         png_chunk("IDAT", std::string("\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9)) + png_chunk("IEND", "");
}


// A valid w x h RGB PNG (zlib "stored" blocks, no compression) of a colour gradient.
std::string tiny_png(std::uint32_t w, std::uint32_t h) {
  std::string raw;
  for (std::uint32_t y = 0; y < h; ++y) {
    raw.push_back('\0');
    for (std::uint32_t x = 0; x < w; ++x) {
      raw.push_back(static_cast<char>(x * 255 / w));
      raw.push_back(static_cast<char>(y * 255 / h));
      raw.push_back(static_cast<char>(128));
    }
  }
  std::string z("\x78\x01", 2);
  for (std::size_t off = 0; off < raw.size(); off += 65535) {
    std::size_t n = std::min<std::size_t>(65535, raw.size() - off);
    z.push_back(off + n == raw.size() ? '\x01' : '\x00');
    z.push_back(static_cast<char>(n & 255));
    z.push_back(static_cast<char>(n >> 8));
    z.push_back(static_cast<char>(~n & 255));
    z.push_back(static_cast<char>((~n >> 8) & 255));
    z += raw.substr(off, n);
  }
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  z += be32((b << 16) | a);
  std::string ihdr = be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", z) + png_chunk("IEND", "");
}

class Images : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(init_vips()); }
};

TEST_F(Images, PixelBombRefusedFromTheHeader) {
  auto r = process_image(png_header_only(20000, 20000), Format::png, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, util::ErrorCode::unprocessable);
  EXPECT_NE(r.error().public_message.find("too large"), std::string::npos) << r.error().public_message;
}

TEST_F(Images, GarbageAndMismatchedFormatsRefused) {
  auto r = process_image(std::string("\x89PNG\r\n\x1A\n", 8) + std::string(100, 'x'), Format::png, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, util::ErrorCode::unprocessable);
  // A real PNG declared (sniffed) as JPEG: vips must agree with the sniffer.
  auto m = process_image(png_header_only(10, 10), Format::jpeg, {});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, util::ErrorCode::unprocessable);
}


TEST_F(Images, ValidPngIsReencodedWithPreviewAndBlurhash) {
  std::string png = tiny_png(300, 200);
  ASSERT_EQ(sniff(png), Format::png);
  auto dims = image_dimensions(png);
  ASSERT_TRUE(dims) << dims.error().detail;
  EXPECT_EQ(dims->first, 300);
  ImageOptions opt;
  opt.small_pixels = 150 * 100;
  auto r = process_image(png, Format::png, opt);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->original.format, Format::png);
  EXPECT_EQ(r->original.width, 300);
  EXPECT_EQ(r->original.height, 200);
  ASSERT_TRUE(r->small);
  EXPECT_EQ(r->small->width, 150);
  EXPECT_EQ(r->small->height, 100);
  EXPECT_EQ(r->blurhash.size(), 4u + 2 * 16);
  EXPECT_EQ(sniff(r->original.data), Format::png);
}

TEST_F(Images, LargeImagesAreScaledToTheTargetAreaAndCropsAreExact) {
  std::string png = tiny_png(400, 100);
  ImageOptions opt;
  opt.target_pixels = 100 * 25;
  auto r = process_image(png, Format::png, opt);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->original.width, 100);
  EXPECT_EQ(r->original.height, 25);
  ImageOptions crop;
  crop.crop = std::pair{50, 50};
  auto c = process_image(png, Format::png, crop);
  ASSERT_TRUE(c) << c.error().detail;
  EXPECT_EQ(c->original.width, 50);
  EXPECT_EQ(c->original.height, 50);
}

TEST_F(Images, TruncatedImageRefused) {
  std::string png = tiny_png(300, 200);
  auto r = process_image(png.substr(0, png.size() / 2), Format::png, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, util::ErrorCode::unprocessable);
}

// ---- lossless JPEG metadata removal ------------------------------------------------------------

std::string segment(unsigned char marker, const std::string& payload) {
  std::size_t len = payload.size() + 2;
  return std::string{'\xFF', static_cast<char>(marker), static_cast<char>(len >> 8), static_cast<char>(len & 255)} +
         payload;
}

TEST(JpegStrip, DropsMetadataSegmentsAndTrailingData) {
  const std::string scan = std::string("\x12\xFF\x00\x34\xFF\xD0\x56", 7);  // stuffed byte, restart marker
  const std::string jpeg = std::string("\xFF\xD8", 2) + segment(0xE0, std::string("JFIF\0\1\1\0\0\1\0\1\0\0", 14)) +
                           segment(0xE1, "Exif\0\0GPS 48.8566N 2.3522E") + segment(0xE1, "http://ns.adobe.com/xap/1.0/") +
                           segment(0xE2, "ICC_PROFILE") + segment(0xFE, "a comment") + segment(0xDB, "quant") +
                           segment(0xC0, "frame") + segment(0xC4, "huff") + segment(0xDA, "scan") + scan +
                           std::string("\xFF\xD9", 2) + "<html><script>alert(1)</script>";
  auto out = strip_jpeg_metadata(jpeg);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->find("Exif"), std::string::npos);
  EXPECT_EQ(out->find("GPS"), std::string::npos);
  EXPECT_EQ(out->find("xap"), std::string::npos);
  EXPECT_EQ(out->find("ICC_PROFILE"), std::string::npos);
  EXPECT_EQ(out->find("comment"), std::string::npos);
  EXPECT_EQ(out->find("<html>"), std::string::npos);
  EXPECT_NE(out->find("JFIF"), std::string::npos);
  EXPECT_NE(out->find("quant"), std::string::npos);
  EXPECT_NE(out->find(scan), std::string::npos);  // entropy-coded data untouched
  EXPECT_EQ(out->substr(out->size() - 2), std::string("\xFF\xD9", 2));
}

TEST(JpegStrip, RefusesMalformedOrTruncatedFiles) {
  EXPECT_FALSE(strip_jpeg_metadata("not a jpeg"));
  EXPECT_FALSE(strip_jpeg_metadata(std::string("\xFF\xD8", 2) + segment(0xDB, "q") + segment(0xDA, "s") + "abc"));
  EXPECT_FALSE(strip_jpeg_metadata(std::string("\xFF\xD8\xFF\xE1\x40\x00short", 11)));
}

TEST(Probe, RunCommandCapturesOutputAndTimesOut) {
  auto ok = run_command({"echo", "hi"}, std::chrono::seconds(5));
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_EQ(ok.out, "hi\n");
  auto slow = run_command({"sleep", "5"}, std::chrono::milliseconds(100));
  EXPECT_TRUE(slow.timed_out);
  auto missing = run_command({"/nonexistent/tool"}, std::chrono::seconds(5));
  EXPECT_EQ(missing.exit_code, 127);
}

}  // namespace
}  // namespace parloir::media
