#include "core/languages.h"

#include <algorithm>
#include <array>

namespace parloir::core {

namespace {

// Sorted (binary search). ISO 639-1, then Mastodon's ISO 639-3 additions, merged in order.
constexpr std::array<std::string_view, 199> kCodes = {
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "ast", "av", "ay", "az", "ba", "be", "bg", "bh", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "ckb", "cnr", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd",
    "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii",
    "ik", "io", "is", "it", "iu", "ja", "jbo", "jv", "ka", "kab", "kg", "ki", "kj", "kk", "kl", "km", "kmr", "kn",
    "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "ldn", "lfn", "lg", "li", "ln", "lo", "lt", "lu", "lv",
    "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no",
    "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru",
    "rw", "sa", "sc", "sco", "sd", "se", "sg", "si", "sk", "sl", "sm", "sma", "smj", "sn", "so", "sq", "sr", "ss",
    "st", "su", "sv", "sw", "szl", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tok", "tr", "ts", "tt",
    "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zba", "zgh", "zh",
    "zu",
};

}  // namespace

bool is_known_language(std::string_view code) {
  static_assert(std::is_sorted(kCodes.begin(), kCodes.end()));
  return std::binary_search(kCodes.begin(), kCodes.end(), code);
}

}  // namespace parloir::core
