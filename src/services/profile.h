// Editing one's own profile and posting preferences (PATCH /api/v1/accounts/update_credentials).
// Blocking: call from the blocking pool.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "services/accounts.h"

namespace parloir::services {

struct ProfileUpdate {
  std::optional<std::string> display_name;  // ≤ 30 characters
  std::optional<std::string> note;          // ≤ 500 characters, rendered like a status
  std::optional<bool> locked, bot, discoverable, hide_collections, indexable;
  std::optional<std::vector<std::pair<std::string, std::string>>> fields;  // ≤ 4, name/value ≤ 255
  std::optional<core::Visibility> privacy;
  std::optional<bool> sensitive;
  std::optional<std::string> language;
  // New avatar / header image bytes (multipart `avatar`, `header`); empty = unchanged. Processed
  // like uploads (sniffed, pixel-limited, metadata stripped), cropped to 400x400 / 1500x500.
  std::string_view avatar;
  std::string_view header;
};

// Applies the given changes (absent = unchanged). Errors: unprocessable with Mastodon's messages.
util::Result<LocalLogin> update_profile(const Deps& deps, const LocalLogin& me, const ProfileUpdate& update);

}  // namespace parloir::services
