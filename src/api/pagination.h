// Mastodon pagination: reading max_id / since_id / min_id / limit (clamped to
// min(|limit|, max)), and writing the Link header exactly as clients parse it
// (mastodon-api.md §6.3: next first, `; rel="next"`, next only on a full page, prev only on a
// non-empty page, the request's other parameters kept, commas percent-encoded).
#pragma once

#include <optional>
#include <string>

#include "api/env.h"
#include "core/status.h"
#include "http/request.h"

namespace parloir::api {

core::PageRequest parse_page(const http::Request& req, int default_limit, int max_limit);

// `newest`/`oldest` are the cursors of the first and last items of the page (absent when the
// page is empty). Returns "" when there is nothing to link.
std::string link_header(const Env& env, const http::Request& req, const core::PageRequest& page,
                        std::size_t returned, std::optional<core::Id> newest, std::optional<core::Id> oldest);

// Adds the Link header to `response` when non-empty.
void add_link(http::Response& response, const std::string& link);

// Adds the Link header of a page of `items` (in the page's order, newest first) to `response`,
// `cursor(item)` giving each item's id; nothing for an empty page.
template <class Items, class Cursor>
void add_page_link(http::Response& response, const Env& env, const http::Request& req, const core::PageRequest& page,
                   const Items& items, Cursor cursor) {
  if (items.empty()) return;
  add_link(response, link_header(env, req, page, items.size(), cursor(items.front()), cursor(items.back())));
}

}  // namespace parloir::api
