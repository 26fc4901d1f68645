// MediaAttachment JSON (mastodon-api.md §5.3): id as a string, type, url and preview_url under
// /system/, remote_url/preview_remote_url/text_url null, meta {original, small, focus, and for
// video/audio duration, fps...}, description (null when empty), blurhash.
#pragma once

#include "api/env.h"
#include "api/json.h"
#include "core/media.h"

namespace parloir::api {

void write_media_attachment(JsonOut& o, const Env& env, const core::MediaAttachment& m);

// The public URL of a stored file ("" for an empty key); on a private instance a capability
// URL with ?sig= (services/media_urls.h).
std::string media_file_url(const Env& env, const std::string& key);

}  // namespace parloir::api
