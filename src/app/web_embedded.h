// The web app (web/dist) embedded in the binary at build time (cmake/embed-web.py generates
// the definition; an empty table when web/dist did not exist at build time).
#pragma once

#include <cstddef>

#include "api/web/assets.h"

namespace parloir::app {

// The embedded files (URL path, bytes, gzip, content type, ETag); `count` = 0 when none.
const api::EmbeddedWebFile* embedded_web_files(std::size_t& count);

}  // namespace parloir::app
