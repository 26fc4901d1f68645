#include "services/announcements.h"

#include <spdlog/spdlog.h>

#include "services/compose.h"
#include "services/reads.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

util::Error record_not_found() { return util::Error{ErrorCode::not_found, "Record not found", {}}; }

util::Status validate(const core::Announcement& a) {
  if (util::trim(a.text).empty()) return fail(ErrorCode::unprocessable, "Validation failed: Text can't be blank");
  if (util::utf8_length(a.text) > 5000)
    return fail(ErrorCode::unprocessable, "Validation failed: Text is too long (maximum is 5000 characters)");
  if (a.starts_at && a.ends_at && *a.ends_at < *a.starts_at)
    return fail(ErrorCode::unprocessable, "Validation failed: Ends at must be after starts at");
  return {};
}

void apply(core::Announcement& a, const AnnouncementInput& in, std::int64_t now) {
  if (in.text) a.text = *in.text;
  if (in.starts_at) a.starts_at = *in.starts_at;
  if (in.ends_at) a.ends_at = *in.ends_at;
  if (in.all_day) a.all_day = *in.all_day;
  if (in.published) {
    if (*in.published && !a.published_at) a.published_at = now;
    if (!*in.published) a.published_at.reset();
  }
  a.updated_at = now;
}

// A published announcement still shown at `now`.
util::Status require_active(store::Tx& tx, core::Id id, std::int64_t now) {
  auto a = tx.announcements().find(id);
  if (!a) return fail(a.error());
  if (!*a || !(*a)->published_at || ((*a)->ends_at && *(*a)->ends_at <= now)) return fail(record_not_found());
  return {};
}

}  // namespace

void publish_announcement_event(const Deps& deps, AnnouncementEvent event, core::Id announcement_id,
                                const std::string& reaction_name) {
  spdlog::debug("announcement event {} on {} {}", static_cast<int>(event), announcement_id, reaction_name);
  deps.events.publish(AnnouncementChangedEvent{event, announcement_id, reaction_name});
}

util::Result<std::optional<core::AnnouncementView>> announcement_for_stream(const Deps& deps, core::Id id) {
  std::optional<core::AnnouncementView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto a = tx.announcements().find(id);
    if (!a) return fail(a.error());
    if (!*a) return {};
    out = core::AnnouncementView{std::move(**a), false, {}};
    // why: reaction counts come with the active list (announcements are few); an ended one has none shown.
    auto active = tx.announcements().list_active(0, util::now_ms(), true);
    if (!active) return fail(active.error());
    for (auto& v : *active)
      if (v.announcement.id == id) out->reactions = std::move(v.reactions);
    for (auto& r : out->reactions) r.me = false;
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<core::Announcement> create_announcement(const Deps& deps, Actor actor, const AnnouncementInput& in) {
  std::int64_t now = util::now_ms();
  core::Announcement a;
  a.id = deps.ids.next(now);
  a.created_at = now;
  AnnouncementInput with_default = in;
  if (!with_default.published) with_default.published = true;
  apply(a, with_default, now);
  if (auto v = validate(a); !v) return fail(v.error());
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    a.content = compose_text(tx, deps, a.text).html;
    if (auto s = tx.announcements().insert(a); !s) return s;
    return log_action(tx, deps, actor, "create_announcement", "Announcement", a.id, a.text);
  });
  if (!st) return fail(st.error());
  if (a.published_at) publish_announcement_event(deps, AnnouncementEvent::published, a.id);
  return a;
}

util::Result<core::Announcement> update_announcement(const Deps& deps, Actor actor, core::Id id,
                                                     const AnnouncementInput& in) {
  std::optional<core::Announcement> out;
  bool was_published = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto found = tx.announcements().find(id);
    if (!found) return fail(found.error());
    if (!*found) return fail(record_not_found());
    core::Announcement a = std::move(**found);
    was_published = a.published_at.has_value();
    apply(a, in, util::now_ms());
    if (auto v = validate(a); !v) return v;
    if (in.text) a.content = compose_text(tx, deps, a.text).html;
    if (auto s = tx.announcements().update(a); !s) return s;
    const char* action = in.published ? (*in.published ? "publish_announcement" : "unpublish_announcement")
                                      : "update_announcement";
    if (auto s = log_action(tx, deps, actor, action, "Announcement", id, ""); !s) return s;
    out = std::move(a);
    return {};
  });
  if (!st) return fail(st.error());
  if (out->published_at)
    publish_announcement_event(deps, AnnouncementEvent::published, id);
  else if (was_published)
    publish_announcement_event(deps, AnnouncementEvent::deleted, id);
  return std::move(*out);
}

util::Status delete_announcement(const Deps& deps, Actor actor, core::Id id) {
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto removed = tx.announcements().remove(id);
    if (!removed) return fail(removed.error());
    if (!*removed) return fail(record_not_found());
    return log_action(tx, deps, actor, "destroy_announcement", "Announcement", id, "");
  });
  if (!st) return st;
  publish_announcement_event(deps, AnnouncementEvent::deleted, id);
  return {};
}

util::Result<std::vector<core::Announcement>> list_all_announcements(const Deps& deps) {
  return read_value(deps, [](store::Tx& tx) { return tx.announcements().list_all(1000); });
}

util::Result<core::Announcement> get_announcement(const Deps& deps, core::Id id) {
  return read_found(deps, [&](store::Tx& tx) { return tx.announcements().find(id); }, record_not_found());
}

util::Result<std::vector<core::AnnouncementView>> active_announcements(const Deps& deps, core::Id viewer,
                                                                       bool with_dismissed) {
  std::vector<core::AnnouncementView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto l = tx.announcements().list_active(viewer, util::now_ms(), with_dismissed);
    if (!l) return fail(l.error());
    out = std::move(*l);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Status dismiss_announcement(const Deps& deps, core::Id viewer, core::Id id) {
  return deps.store.write([&](store::Tx& tx) -> util::Status {
    if (auto s = require_active(tx, id, util::now_ms()); !s) return s;
    return tx.announcements().dismiss(id, viewer);
  });
}

bool is_emoji_name(std::string_view name) {
  if (name.empty() || name.size() > 32 || !util::is_valid_utf8(name)) return false;
  bool has_non_ascii = false;
  bool keycap = name.find("\xE2\x83\xA3") != std::string_view::npos;  // U+20E3 COMBINING ENCLOSING KEYCAP
  for (unsigned char c : name) {
    if (c >= 0x80) {
      has_non_ascii = true;
      continue;
    }
    bool keycap_base = c == '#' || c == '*' || (c >= '0' && c <= '9');
    if (!(keycap && keycap_base)) return false;
  }
  return has_non_ascii;
}

util::Status add_announcement_reaction(const Deps& deps, core::Id viewer, core::Id id, const std::string& name) {
  if (!is_emoji_name(name)) return fail(ErrorCode::unprocessable, "Validation failed: Name is not a recognized emoji");
  bool added = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    std::int64_t now = util::now_ms();
    if (auto s = require_active(tx, id, now); !s) return s;
    auto n = tx.announcements().count_reaction_names(id);
    if (!n) return fail(n.error());
    auto r = tx.announcements().add_reaction(id, viewer, name, now);
    if (!r) return fail(r.error());
    added = *r;
    if (added && *n >= 8) {
      auto again = tx.announcements().count_reaction_names(id);
      if (!again) return fail(again.error());
      if (*again > 8) return fail(ErrorCode::unprocessable, "Validation failed: Maximum number of reactions reached");
    }
    return {};
  });
  if (!st) return st;
  if (added) publish_announcement_event(deps, AnnouncementEvent::reaction, id, name);
  return {};
}

util::Status remove_announcement_reaction(const Deps& deps, core::Id viewer, core::Id id, const std::string& name) {
  bool removed = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    if (auto s = require_active(tx, id, util::now_ms()); !s) return s;
    auto r = tx.announcements().remove_reaction(id, viewer, name);
    if (!r) return fail(r.error());
    removed = *r;
    return {};
  });
  if (!st) return st;
  if (removed) publish_announcement_event(deps, AnnouncementEvent::reaction, id, name);
  return {};
}

}  // namespace parloir::services
