// BlurHash encoder (https://blurha.sh, the algorithm of woltapp/blurhash): a short base-83
// string describing a blurred version of an image, which clients paint while the image loads.
// Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace parloir::media {

// Encodes `width` x `height` pixels of 8-bit sRGB, `channels` bytes per pixel (3 = RGB,
// 4 = RGBA; alpha ignored), rows `stride` bytes apart, with x_components x y_components
// (each 1..9) cosine components. Matches the reference encoder's output exactly. Returns ""
// for an empty image or out-of-range components. Cost: O(width * height * components); callers
// pass a small (e.g. ≤ 64x64) image.
std::string blurhash_encode(const std::uint8_t* pixels, int width, int height, int channels, std::size_t stride,
                            int x_components, int y_components);

}  // namespace parloir::media
