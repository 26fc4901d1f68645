// Announcements: administrators' notices shown to every local user until they end or are
// removed (Mastodon's Announcement), with per-user dismissal and emoji reactions. Blocking.
//
// Every change calls publish_announcement_event(), which hands an AnnouncementChangedEvent to
// deps.events after the commit; the streaming API sends it as `announcement`,
// `announcement.reaction` or `announcement.delete` to every user stream.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/org.h"
#include "services/deps.h"
#include "services/event_hub.h"
#include "services/moderation.h"

namespace parloir::services {

struct AnnouncementInput {
  std::optional<std::string> text;                         // required on create
  std::optional<std::optional<std::int64_t>> starts_at;    // set (or clear with nullopt inside)
  std::optional<std::optional<std::int64_t>> ends_at;
  std::optional<bool> all_day;
  std::optional<bool> published;  // create: default true; update: publish/unpublish
};

// Errors: unprocessable (blank text, ends_at before starts_at), not_found.
util::Result<core::Announcement> create_announcement(const Deps& deps, Actor actor, const AnnouncementInput& in);
util::Result<core::Announcement> update_announcement(const Deps& deps, Actor actor, core::Id id,
                                                     const AnnouncementInput& in);
util::Status delete_announcement(const Deps& deps, Actor actor, core::Id id);
util::Result<std::vector<core::Announcement>> list_all_announcements(const Deps& deps);
util::Result<core::Announcement> get_announcement(const Deps& deps, core::Id id);

// Published, not ended (ends_at in the future or none) — expired ones disappear by themselves.
util::Result<std::vector<core::AnnouncementView>> active_announcements(const Deps& deps, core::Id viewer,
                                                                       bool with_dismissed);
// not_found unless the announcement is published and not ended.
util::Status dismiss_announcement(const Deps& deps, core::Id viewer, core::Id id);
// name: one unicode emoji (unprocessable "Validation failed: Name is not a recognized emoji"),
// at most 8 distinct names per announcement. Adding twice / removing a missing one is a no-op.
util::Status add_announcement_reaction(const Deps& deps, core::Id viewer, core::Id id, const std::string& name);
util::Status remove_announcement_reaction(const Deps& deps, core::Id viewer, core::Id id, const std::string& name);

// True when `name` looks like one unicode emoji (valid UTF-8, 1..32 bytes, no ASCII letters,
// spaces or punctuation except in keycap sequences).
bool is_emoji_name(std::string_view name);

// The streaming hook: called after every committed change that users should see live;
// publishes AnnouncementChangedEvent (event_hub.h) on deps.events.
void publish_announcement_event(const Deps& deps, AnnouncementEvent event, core::Id announcement_id,
                                const std::string& reaction_name = {});

// The announcement as streamed to every user (no viewer: read and reactions' `me` false),
// with its reaction counts while it is shown; nullopt when it is gone. One read transaction.
util::Result<std::optional<core::AnnouncementView>> announcement_for_stream(const Deps& deps, core::Id id);

}  // namespace parloir::services
