// Mastodon Status, Relationship and Notification JSON (mastodon-api.md §5.2, §5.4, §5.5).
#pragma once

#include <memory>

#include "api/env.h"
#include "api/json.h"
#include "core/filter.h"
#include "services/filters.h"
#include "services/conversations.h"
#include "services/notifications.h"
#include "services/status_views.h"

namespace parloir::api {

std::string status_url(const Env& env, const core::Account& author, const core::Status& s);
std::string status_uri(const Env& env, const core::Account& author, const core::Status& s);

struct StatusJsonOptions {
  bool authenticated = false;  // write favourited/reblogged/muted/bookmarked/pinned/filtered
  bool with_source = false;    // write `text` (delete/redraft)
  std::optional<core::Id> viewer_id;
  const std::vector<core::Filter>* filters = nullptr;  // the viewer's active filters, if loaded
  std::string_view filter_context;                     // "home", "public", "thread", "account", "notifications"
};

// The viewer's filters that match the status (for a reblog, its original) in the options'
// context; empty without filters.
std::vector<services::FilterResult> matching_filters(const services::StatusView& view, const StatusJsonOptions& options);
// True when a matching filter's action is `hide` (the status is left out of lists).
bool hidden_by_filters(const services::StatusView& view, const StatusJsonOptions& options);

// Status JSON assembled from cached pieces (env.render_cache): the status's own fields and its
// author's Account are rendered once per entity version; the reblog and the viewer's flags
// are spliced in per request.
std::string status_json(const Env& env, const services::StatusView& view, const StatusJsonOptions& options);
// The same, appended to `out` (a list body: no intermediate string per status).
void append_status_json(std::string& out, const Env& env, const services::StatusView& view,
                        const StatusJsonOptions& options);
// The Account JSON of that version of the account, rendered once (shared, immutable).
std::shared_ptr<const std::string> account_json(const Env& env, const core::Account& account, std::uint64_t version);
void write_status(JsonOut& out, const Env& env, const services::StatusView& view, const StatusJsonOptions& options);
void write_relationship(JsonOut& out, const core::Relationship& r);
void write_notification(JsonOut& out, const Env& env, const services::NotificationView& n,
                        const StatusJsonOptions& options);

// Mastodon Conversation JSON (defined with the conversation routes; the streaming API's
// `conversation` event uses it too).
void write_conversation(JsonOut& out, const Env& env, const services::ConversationView& c,
                        const StatusJsonOptions& options);

}  // namespace parloir::api
