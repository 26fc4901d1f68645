// Media in ActivityPub documents: reading the `attachment` of a remote Note (Document, Image,
// Video, Audio with url, mediaType, name, blurhash, focalPoint, width, height) and an actor's
// `icon`/`image`, and writing our attachments and profile images. Reading never trusts the
// peer: only http(s) URLs, at most 4 attachments, strings capped; the files themselves are
// fetched later and sniffed (services/remote_media.h). Pure.
#pragma once

#include <string>
#include <vector>

#include "core/media.h"
#include "federation/json.h"
#include "services/remote_media.h"

namespace parloir::federation {

// The attachments of a Note (`attachment`: one object or an array); unusable entries skipped.
std::vector<services::RemoteAttachmentInput> read_attachments(const JsonValue* attachment);

// The URL of an actor's `icon` / `image` (an Image object, a URL, a Link, or an array of them);
// "" when there is no usable http(s) URL.
std::string read_image_url(const JsonValue* image);

// The MIME type for one of our storage keys, by its extension ("image/jpeg" for "ab/cd.jpg").
std::string content_type_for_key(const std::string& key);

// Writes `attachment` of a local status: one Document per attachment with mediaType, url
// (`base_url`/system/<key>), name (alt text, or null), blurhash, focalPoint and width/height.
void write_attachments(JsonWriter& w, const std::string& base_url, const std::vector<core::MediaAttachment>& media);

}  // namespace parloir::federation
