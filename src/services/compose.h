// Turning typed text into what a status stores: rendered HTML, the local accounts it mentions
// (resolved against the store), its hashtags, and its length as Mastodon counts it.
// Blocking (looks up mentioned accounts); call inside a store transaction.
#pragma once

#include <string>
#include <vector>

#include "services/deps.h"
#include "store/store.h"

namespace parloir::services {

struct ComposedText {
  std::string html;
  std::vector<core::Id> mentioned_account_ids;  // resolved mentions, order of appearance
  std::vector<std::string> tags;                // hashtag names, order of appearance, deduplicated
};

ComposedText compose_text(store::Tx& tx, const Deps& deps, const std::string& text);

// A profile field value: escaped, URLs linkified, no paragraphs.
std::string render_field_value(const std::string& value);

// Mastodon's count of text + content warning: grapheme clusters, every URL as 23, remote
// mentions by their local part.
std::size_t status_length(const std::string& text, const std::string& spoiler_text);

}  // namespace parloir::services
