// Language codes: the ones Mastodon accepts for a status's or an instance's language
// (ISO 639-1 two-letter codes plus the few ISO 639-3 codes Mastodon adds). Pure; no I/O.
#pragma once

#include <string_view>

namespace parloir::core {

// Whether `code` is such a code, exactly (lower-case, no region: "fr", "ast"; not "FR", "fr-CA").
bool is_known_language(std::string_view code);

}  // namespace parloir::core
