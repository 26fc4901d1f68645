// Server-rendered HTML pages (OAuth sign-in, web sign-up): one page frame with the shared
// style sheet and the security headers every such page carries (CSP without scripts, no
// framing, no caching, no referrer).
#pragma once

#include <string>

#include "api/env.h"
#include "http/request.h"

namespace parloir::api {

// `body` is trusted HTML (escape user text with util::html_escape); `title` is escaped here.
// `lang` is the page's language tag ("en", "fr").
http::Response page(const Env& env, const std::string& title, const std::string& body, unsigned status = 200,
                    std::string_view lang = "en");

// True when the browser's Accept-Language prefers French over English (first of fr/en listed
// with the highest q). Pages that are translated use it.
bool prefers_french(const http::Request& req);

}  // namespace parloir::api
