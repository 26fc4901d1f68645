#include "media/blurhash.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace parloir::media {

namespace {

constexpr std::string_view kChars =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

void encode83(int value, int length, std::string& out) {
  for (int i = 1; i <= length; ++i) {
    int divisor = 1;
    for (int k = 0; k < length - i; ++k) divisor *= 83;
    out.push_back(kChars[static_cast<std::size_t>((value / divisor) % 83)]);
  }
}

// why: float arithmetic with the same promotions as the reference C encoder (woltapp/blurhash
// C/encode.c, which Mastodon's Ruby gem wraps), so hashes match it bit for bit.
const std::array<float, 256>& srgb_to_linear_table() {
  static const std::array<float, 256> table = [] {
    std::array<float, 256> t{};
    for (int i = 0; i < 256; ++i) {
      float v = static_cast<float>(i) / 255;
      t[static_cast<std::size_t>(i)] =
          v <= 0.04045 ? static_cast<float>(v / 12.92) : std::pow(static_cast<float>((v + 0.055) / 1.055), 2.4f);
    }
    return t;
  }();
  return table;
}

int linear_to_srgb(float value) {
  float v = std::fmax(0.0f, std::fmin(1.0f, value));
  if (v <= 0.0031308) return static_cast<int>(v * 12.92 * 255 + 0.5);
  return static_cast<int>((1.055 * std::pow(v, static_cast<float>(1 / 2.4)) - 0.055) * 255 + 0.5);
}

float sign_pow(float value, float exp) { return std::copysign(std::pow(std::fabs(value), exp), value); }

}  // namespace

std::string blurhash_encode(const std::uint8_t* pixels, int width, int height, int channels, std::size_t stride,
                            int x_components, int y_components) {
  if (width <= 0 || height <= 0 || x_components < 1 || x_components > 9 || y_components < 1 || y_components > 9 ||
      (channels != 3 && channels != 4))
    return "";
  const auto& lin = srgb_to_linear_table();
  const double pi = std::numbers::pi;
  // Cosine tables: cos(pi * i * x / width) for every component i and column x, same for rows.
  std::vector<float> cos_x(static_cast<std::size_t>(x_components * width));
  std::vector<float> cos_y(static_cast<std::size_t>(y_components * height));
  for (int i = 0; i < x_components; ++i)
    for (int x = 0; x < width; ++x)
      cos_x[static_cast<std::size_t>(i * width + x)] = std::cos(static_cast<float>(pi * i * x / width));
  for (int j = 0; j < y_components; ++j)
    for (int y = 0; y < height; ++y)
      cos_y[static_cast<std::size_t>(j * height + y)] = std::cos(static_cast<float>(pi * j * y / height));

  std::vector<std::array<float, 3>> factors(static_cast<std::size_t>(x_components * y_components));
  for (int j = 0; j < y_components; ++j)
    for (int i = 0; i < x_components; ++i) {
      float r = 0, g = 0, b = 0;
      const float normalisation = (i == 0 && j == 0) ? 1 : 2;
      for (int y = 0; y < height; ++y) {
        const std::uint8_t* row = pixels + static_cast<std::size_t>(y) * stride;
        const float cy = cos_y[static_cast<std::size_t>(j * height + y)];
        for (int x = 0; x < width; ++x) {
          const float basis = cos_x[static_cast<std::size_t>(i * width + x)] * cy;
          const std::uint8_t* p = row + static_cast<std::size_t>(x * channels);
          r += basis * lin[p[0]];
          g += basis * lin[p[1]];
          b += basis * lin[p[2]];
        }
      }
      const float scale = normalisation / static_cast<float>(width * height);
      factors[static_cast<std::size_t>(j * x_components + i)] = {r * scale, g * scale, b * scale};
    }

  std::string hash;
  hash.reserve(static_cast<std::size_t>(4 + 2 * x_components * y_components + 2));
  encode83((x_components - 1) + (y_components - 1) * 9, 1, hash);
  float maximum_value = 1;
  if (factors.size() > 1) {
    float actual_max = 0;
    for (std::size_t k = 1; k < factors.size(); ++k)
      for (float c : factors[k]) actual_max = std::fmax(std::fabs(c), actual_max);
    int quantised = static_cast<int>(std::fmax(0.0f, std::fmin(82.0f, std::floor(static_cast<float>(actual_max * 166 - 0.5)))));
    maximum_value = (static_cast<float>(quantised) + 1) / 166;
    encode83(quantised, 1, hash);
  } else {
    encode83(0, 1, hash);
  }
  const auto& dc = factors[0];
  encode83((linear_to_srgb(dc[0]) << 16) + (linear_to_srgb(dc[1]) << 8) + linear_to_srgb(dc[2]), 4, hash);
  for (std::size_t k = 1; k < factors.size(); ++k) {
    int q[3];
    for (int c = 0; c < 3; ++c)
      q[c] = static_cast<int>(std::fmax(
          0.0f, std::fmin(18.0f, std::floor(static_cast<float>(
                                     sign_pow(factors[k][static_cast<std::size_t>(c)] / maximum_value, 0.5f) * 9 + 9.5)))));
    encode83(q[0] * 19 * 19 + q[1] * 19 + q[2], 2, hash);
  }
  return hash;
}

}  // namespace parloir::media
