#include "services/statuses.h"

#include <algorithm>
#include <tuple>
#include <unordered_set>

#include "services/compose.h"
#include "services/federation.h"
#include "services/event_hub.h"
#include "services/fanout.h"
#include "services/idempotency.h"
#include "services/media.h"
#include "services/view_cache.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

constexpr int kMaxPins = 5;

util::Error not_found() { return util::Error{ErrorCode::not_found, "Record not found", {}}; }

util::Status validate_text(const Deps& deps, const std::string& text, const std::string& spoiler, bool allow_empty) {
  if (!util::is_valid_utf8(text) || !util::is_valid_utf8(spoiler))
    return fail(ErrorCode::unprocessable, "Validation failed: Text is not valid UTF-8");
  if (!allow_empty && util::trim(text).empty())
    return fail(ErrorCode::unprocessable, "Validation failed: Text can't be blank");
  std::size_t length = status_length(text, spoiler);
  if (length > static_cast<std::size_t>(deps.settings.max_characters))
    return fail(ErrorCode::unprocessable, "Validation failed: Text character limit of " +
                                              std::to_string(deps.settings.max_characters) + " exceeded");
  return {};
}

// Re-reads a status as `viewer` inside a read transaction, through the ViewCache (callers
// invalidate what they changed first).
util::Result<StatusView> reload(const Deps& deps, core::Id viewer_id, core::Id status_id) {
  std::optional<StatusView> view;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto found = fetch_statuses(tx, deps, {status_id});
    if (!found) return fail(found.error());
    auto v = load_views(tx, deps, Viewer{viewer_id}, *found, ViewPurpose::direct);
    if (!v) return fail(v.error());
    if (!v->empty()) view = std::move(v->front());
    return {};
  });
  if (!st) return fail(st.error());
  if (!view) return fail(not_found());
  return std::move(*view);
}

// Brings the status's poll to `wanted` (Mastodon's UpdateStatusService#update_poll!): none
// removes it; new options or a changed `multiple` reset the votes; the expiry restarts from now.
util::Status apply_poll_edit(store::Tx& tx, const Deps& deps, core::Status& s, const std::optional<PollInput>& wanted,
                             std::int64_t now) {
  if (!wanted) {
    if (!s.poll) return {};
    s.poll.reset();
    return tx.polls().remove_for_status(s.id);
  }
  if (!s.poll) {
    s.poll = make_poll(*wanted, deps.ids.next(now), s.id, s.account_id, now);
    return tx.polls().insert(*s.poll);
  }
  const bool reset = wanted->options != s.poll->options || wanted->multiple != s.poll->multiple;
  core::Poll updated = make_poll(*wanted, s.poll->id, s.id, s.account_id, now);
  if (!reset) {
    updated.tallies = s.poll->tallies;
    updated.votes_count = s.poll->votes_count;
    updated.voters_count = s.poll->voters_count;
  }
  s.poll = updated;
  return tx.polls().update(updated, reset);
}

}  // namespace

util::Result<StatusView> post_status(const Deps& deps, const LocalLogin& author, const PostStatusInput& in) {
  if (!in.idempotency_key.empty())
    if (auto earlier = deps.idempotency.find(author.account.id, in.idempotency_key)) {
      auto view = reload(deps, author.account.id, *earlier);
      if (view) return view;  // deleted since: post again
    }
  if (auto v = validate_text(deps, in.text, in.spoiler_text, in.poll.has_value() || !in.media_ids.empty()); !v)
    return fail(v.error());
  if (in.poll)
    if (auto v = validate_poll(deps, *in.poll); !v) return fail(v.error());
  if (in.expires_in_s && (*in.expires_in_s < deps.settings.min_expires_in_s ||
                          *in.expires_in_s > deps.settings.max_expires_in_s))
    return fail(ErrorCode::unprocessable, "Validation failed: Expires in must be between " +
                                              std::to_string(deps.settings.min_expires_in_s) + " and " +
                                              std::to_string(deps.settings.max_expires_in_s) + " seconds");
  if (in.poll && !in.media_ids.empty())
    return fail(ErrorCode::unprocessable, "Validation failed: Cannot attach files to a post with a poll");
  std::int64_t now = util::now_ms();
  core::Status s;
  s.id = deps.ids.next(now);
  s.account_id = author.account.id;
  s.text = in.text;
  s.spoiler_text = in.spoiler_text;
  s.visibility = in.visibility.value_or(author.user.default_privacy);
  s.sensitive = in.sensitive || !in.spoiler_text.empty();
  s.language = in.language;
  s.local_only = in.local_only;
  s.application_id = in.application_id;
  s.created_at = now;
  s.conversation_id = s.id;
  FanoutPlan plan;
  EventBatch events(deps.events);  // notifications raised in the transaction, sent after it

  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    if (in.in_reply_to_id) {
      auto parent = load_view(tx, Viewer{author.account.id}, *in.in_reply_to_id);
      if (!parent) return fail(parent.error());
      if (!*parent || (*parent)->status.is_reblog()) return fail(not_found());
      s.in_reply_to_id = (*parent)->status.id;
      s.in_reply_to_account_id = (*parent)->status.account_id;
      s.conversation_id = (*parent)->status.conversation_id;
      // why: a reply to a local-only status stays local (as in Mastodon forks with local-only
      // posts); federating it would carry the thread, and any remote mention, off the instance.
      if ((*parent)->status.local_only) s.local_only = true;
    }
    auto media = media_for_status(tx, author.account.id, in.media_ids, std::nullopt);
    if (!media) return fail(media.error());
    ComposedText composed = compose_text(tx, deps, s.text);
    s.content = std::move(composed.html);
    s.mentioned_account_ids = std::move(composed.mentioned_account_ids);
    s.tags = std::move(composed.tags);
    if (auto ins = tx.statuses().insert(s); !ins) return ins;
    if (!in.media_ids.empty()) {
      if (auto at = tx.media().attach(s.id, in.media_ids); !at) return at;
      // why: the in-memory status is what the streaming event and the federated Create carry.
      s.media = std::move(*media);
      for (std::size_t i = 0; i < s.media.size(); ++i) {
        s.media[i].status_id = s.id;
        s.media[i].position = static_cast<int>(i);
      }
    }
    if (in.poll) {
      s.poll = make_poll(*in.poll, deps.ids.next(now), s.id, s.account_id, now);
      if (auto ins = tx.polls().insert(*s.poll); !ins) return ins;
    }
    if (in.expires_in_s)
      if (auto e = tx.status_expiry().schedule(s.id, now + *in.expires_in_s * 1000); !e) return e;
    auto p = plan_fanout(tx, deps, s);
    if (!p) return fail(p.error());
    plan = std::move(*p);
    if (auto n = notify_for_new_status(tx, deps, s, plan); !n) return n;
    if (deps.federation) return deps.federation->on_status_posted(tx, author.account, s);
    return {};
  });
  if (!st) return fail(st.error());
  deps.views.invalidate_account(author.account.id);
  if (s.in_reply_to_id) deps.views.invalidate_status(*s.in_reply_to_id);
  apply_fanout(deps, plan, s.id);
  // why: nobody has interacted with a status that did not exist a moment ago, so the author's
  // flags on it are known without asking the database.
  deps.views.put_flags(author.account.id, s.id, store::ViewerFlags{});
  publish_created(deps, events, s, plan);
  if (!in.idempotency_key.empty()) deps.idempotency.remember(author.account.id, in.idempotency_key, s.id);
  return reload(deps, author.account.id, s.id);
}

util::Result<StatusView> edit_status(const Deps& deps, const LocalLogin& author, core::Id status_id,
                                     const EditStatusInput& in) {
  if (in.poll)
    if (auto v = validate_poll(deps, *in.poll); !v) return fail(v.error());
  for (const auto& attr : in.media_attributes)
    if (attr.focus && !attr.focus->empty() && !parse_focus(*attr.focus))
      return fail(ErrorCode::unprocessable, "Validation failed: Focus must be two numbers \"x,y\" in -1..1");
  EventBatch events(deps.events);
  core::Status edited;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto found = tx.statuses().find(status_id);
    if (!found) return fail(found.error());
    if (!*found || (*found)->account_id != author.account.id || (*found)->is_reblog()) return fail(not_found());
    core::Status s = **found;
    std::vector<core::Id> media_ids;
    for (const auto& m : s.media) media_ids.push_back(m.id);
    if (in.media_ids) {
      auto media = media_for_status(tx, author.account.id, *in.media_ids, s.id);
      if (!media) return fail(media.error());
      media_ids = *in.media_ids;
      if (auto at = tx.media().attach(s.id, media_ids); !at) return at;
    }
    if (auto v = validate_text(deps, in.text, in.spoiler_text, in.poll.has_value() || !media_ids.empty()); !v)
      return fail(v.error());
    for (const auto& attr : in.media_attributes) {
      if (std::find(media_ids.begin(), media_ids.end(), attr.id) == media_ids.end()) continue;
      auto m = tx.media().find(attr.id);
      if (!m) return fail(m.error());
      if (!*m) continue;
      std::string description = attr.description.value_or((*m)->description);
      if (deps.media && util::utf8_length(description) > deps.media->settings.description_limit)
        return fail(ErrorCode::unprocessable, "Validation failed: Description is too long");
      double fx = (*m)->focus_x, fy = (*m)->focus_y;
      if (attr.focus && !attr.focus->empty()) std::tie(fx, fy) = *parse_focus(*attr.focus);
      if (auto u = tx.media().update_details(attr.id, description, fx, fy); !u) return u;
    }
    std::int64_t now = util::now_ms();
    auto edits = tx.statuses().list_edits(s.id);
    if (!edits) return fail(edits.error());
    if (edits->empty()) {
      core::StatusEdit original{deps.ids.next(s.created_at), s.id, s.text, s.content, s.spoiler_text, s.sensitive,
                                s.created_at, std::nullopt, std::nullopt};
      if (s.poll) original.poll_options = s.poll->options;
      if (auto e = tx.statuses().insert_edit(original); !e) return e;
    }
    if (auto p = apply_poll_edit(tx, deps, s, in.poll, now); !p) return p;
    ComposedText composed = compose_text(tx, deps, in.text);
    s.text = in.text;
    s.content = std::move(composed.html);
    s.mentioned_account_ids = std::move(composed.mentioned_account_ids);
    s.tags = std::move(composed.tags);
    s.spoiler_text = in.spoiler_text;
    s.sensitive = in.sensitive.value_or(s.sensitive) || !in.spoiler_text.empty();
    if (in.language) s.language = *in.language;
    s.edited_at = now;
    if (auto u = tx.statuses().update_content(s); !u) return u;
    core::StatusEdit edit{deps.ids.next(now), s.id, s.text, s.content, s.spoiler_text, s.sensitive, now,
                          std::nullopt, std::nullopt};
    if (s.poll) edit.poll_options = s.poll->options;
    if (auto e = tx.statuses().insert_edit(edit); !e) return e;
    edited = s;
    if (auto n = notify_update(tx, deps, s); !n) return n;
    if (deps.federation) return deps.federation->on_status_edited(tx, author.account, s);
    return {};
  });
  if (!st) return fail(st.error());
  deps.views.invalidate_status(status_id);
  events.add(StatusEvent{StatusEventKind::edited, edited, {}, {}});
  events.flush();
  return reload(deps, author.account.id, status_id);
}

util::Result<StatusView> delete_status(const Deps& deps, const LocalLogin& author, core::Id status_id) {
  std::optional<StatusView> last;
  std::vector<core::Id> wrappers;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto v = load_view(tx, Viewer{author.account.id}, status_id);
    if (!v) return fail(v.error());
    if (!*v || (*v)->status.account_id != author.account.id) return fail(not_found());
    last = std::move(*v);
    if (deps.federation)
      if (auto h = deps.federation->on_status_deleted(tx, author.account, last->status); !h) return h;
    auto removed = tx.statuses().remove(status_id);
    if (!removed) return fail(removed.error());
    for (core::Id w : *removed) deps.views.invalidate_status(w);
    wrappers = *removed;
    return {};
  });
  if (!st) return fail(st.error());
  deps.views.invalidate_status(status_id);
  deps.views.invalidate_account(author.account.id);
  if (last->status.in_reply_to_id) deps.views.invalidate_status(*last->status.in_reply_to_id);
  if (last->status.reblog_of_id) {
    deps.views.invalidate_status(*last->status.reblog_of_id);
    deps.views.invalidate_flags(author.account.id, *last->status.reblog_of_id);  // no longer reblogged
  }
  deps.events.publish(StatusEvent{StatusEventKind::deleted, last->status, {}, wrappers});
  return std::move(*last);
}

util::Result<StatusView> interact(const Deps& deps, const LocalLogin& viewer, core::Id status_id, Interaction what) {
  core::Id me = viewer.account.id;
  EventBatch events(deps.events);
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto v = load_view(tx, Viewer{me}, status_id);
    if (!v) return fail(v.error());
    if (!*v) return fail(not_found());
    const core::Status& s = (*v)->status;
    std::int64_t now = util::now_ms();
    auto& in = tx.interactions();
    util::Result<bool> r = false;
    switch (what) {
      case Interaction::favourite:
        r = in.insert_favourite(deps.ids.next(now), me, s.id, now);
        if (r && *r) {
          if (auto n = notify(tx, deps, s.account_id, me, core::NotificationType::favourite, s.id); !n) return n;
          if (deps.federation) return deps.federation->on_favourite(tx, viewer.account, s, false);
        }
        break;
      case Interaction::unfavourite:
        r = in.remove_favourite(me, s.id);
        if (r && *r) {
          if (auto n = tx.notifications().remove_matching(s.account_id, me, core::NotificationType::favourite, s.id); !n)
            return n;
          if (deps.federation) return deps.federation->on_favourite(tx, viewer.account, s, true);
        }
        break;
      case Interaction::bookmark: r = in.insert_bookmark(deps.ids.next(now), me, s.id, now); break;
      case Interaction::unbookmark: r = in.remove_bookmark(me, s.id); break;
      case Interaction::pin: {
        if (s.account_id != me || s.is_reblog() || s.visibility == core::Visibility::direct)
          return fail(ErrorCode::unprocessable, "Validation failed: Only your own public or private posts can be pinned");
        if ((*v)->flags.pinned) return {};
        auto n = in.count_pins(me);
        if (!n) return fail(n.error());
        if (*n >= kMaxPins)
          return fail(ErrorCode::unprocessable, "Validation failed: You have already pinned the maximum number of posts");
        r = in.insert_pin(deps.ids.next(now), me, s.id, now);
        break;
      }
      case Interaction::unpin: r = in.remove_pin(me, s.id); break;
      case Interaction::mute: r = in.insert_conversation_mute(me, s.conversation_id); break;
      case Interaction::unmute: r = in.remove_conversation_mute(me, s.conversation_id); break;
    }
    if (!r) return fail(r.error());
    return {};
  });
  if (!st) return fail(st.error());
  events.flush();
  if (what == Interaction::mute || what == Interaction::unmute) {
    deps.views.invalidate_viewer(me);
  } else {
    deps.views.invalidate_flags(me, status_id);
    deps.views.invalidate_status(status_id);
  }
  return reload(deps, me, status_id);
}

util::Result<StatusView> reblog_status(const Deps& deps, const LocalLogin& viewer, core::Id status_id,
                                       std::optional<core::Visibility> visibility) {
  core::Id me = viewer.account.id;
  std::int64_t now = util::now_ms();
  core::Status wrapper;
  FanoutPlan plan;
  bool created = false;
  EventBatch events(deps.events);
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto v = load_view(tx, Viewer{me}, status_id);
    if (!v) return fail(v.error());
    if (!*v) return fail(not_found());
    // Reblogging a reblog reblogs the original.
    core::Status original = (*v)->reblog ? (*v)->reblog->status : (*v)->status;
    bool own_private = original.visibility == core::Visibility::private_ && original.account_id == me;
    if ((original.visibility == core::Visibility::private_ && !own_private) ||
        original.visibility == core::Visibility::direct)
      return fail(ErrorCode::forbidden, "This action is not allowed");
    auto existing = tx.statuses().find_reblog(me, original.id);
    if (!existing) return fail(existing.error());
    if (*existing) {
      wrapper = **existing;
      return {};
    }
    wrapper.id = deps.ids.next(now);
    wrapper.account_id = me;
    wrapper.reblog_of_id = original.id;
    wrapper.visibility = own_private ? core::Visibility::private_ : visibility.value_or(core::Visibility::public_);
    if (wrapper.visibility == core::Visibility::direct) wrapper.visibility = core::Visibility::public_;
    wrapper.conversation_id = original.conversation_id;
    wrapper.created_at = now;
    wrapper.local_only = original.local_only;
    if (auto ins = tx.statuses().insert(wrapper); !ins) return ins;
    created = true;
    auto p = plan_fanout(tx, deps, wrapper);
    if (!p) return fail(p.error());
    plan = std::move(*p);
    if (auto n = notify(tx, deps, original.account_id, me, core::NotificationType::reblog, original.id); !n) return n;
    if (deps.federation) return deps.federation->on_reblog(tx, viewer.account, wrapper, original, false);
    return {};
  });
  if (!st) return fail(st.error());
  if (wrapper.reblog_of_id) {
    deps.views.invalidate_status(*wrapper.reblog_of_id);
    deps.views.invalidate_flags(me, *wrapper.reblog_of_id);
  }
  deps.views.invalidate_account(me);
  if (created) apply_fanout(deps, plan, wrapper.id);
  if (created) publish_created(deps, events, wrapper, plan);
  return reload(deps, me, wrapper.id);
}

util::Result<StatusView> unreblog_status(const Deps& deps, const LocalLogin& viewer, core::Id status_id) {
  core::Id me = viewer.account.id;
  core::Id original_id = status_id;
  std::optional<core::Status> removed_wrapper;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto v = load_view(tx, Viewer{me}, status_id);
    if (!v) return fail(v.error());
    if (!*v) return fail(not_found());
    original_id = (*v)->reblog ? (*v)->reblog->status.id : (*v)->status.id;
    auto existing = tx.statuses().find_reblog(me, original_id);
    if (!existing) return fail(existing.error());
    if (!*existing) return {};
    if (deps.federation) {
      const core::Status& original = (*v)->reblog ? (*v)->reblog->status : (*v)->status;
      if (auto h = deps.federation->on_reblog(tx, viewer.account, **existing, original, true); !h) return h;
    }
    auto removed = tx.statuses().remove((*existing)->id);
    if (!removed) return fail(removed.error());
    deps.views.invalidate_status((*existing)->id);
    removed_wrapper = **existing;
    core::Id author = (*v)->reblog ? (*v)->reblog->status.account_id : (*v)->status.account_id;
    return tx.notifications().remove_matching(author, me, core::NotificationType::reblog, original_id);
  });
  if (!st) return fail(st.error());
  deps.views.invalidate_status(original_id);
  deps.views.invalidate_flags(me, original_id);
  deps.views.invalidate_account(me);
  if (removed_wrapper) deps.events.publish(StatusEvent{StatusEventKind::deleted, *removed_wrapper, {}, {}});
  return reload(deps, me, original_id);
}

util::Result<StatusView> get_status(const Deps& deps, const Viewer& viewer, core::Id status_id) {
  std::optional<StatusView> view;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto v = load_view(tx, viewer, status_id);
    if (!v) return fail(v.error());
    view = std::move(*v);
    return {};
  });
  if (!st) return fail(st.error());
  if (!view) return fail(not_found());
  return std::move(*view);
}

util::Result<std::vector<StatusView>> get_statuses(const Deps& deps, const Viewer& viewer,
                                                   const std::vector<core::Id>& ids) {
  std::vector<StatusView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto found = tx.statuses().find_many(ids);
    if (!found) return fail(found.error());
    auto views = load_views(tx, deps, viewer, *found, ViewPurpose::direct);
    if (!views) return fail(views.error());
    out = std::move(*views);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<Context> get_context(const Deps& deps, const Viewer& viewer, core::Id status_id) {
  Context ctx;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto v = load_view(tx, viewer, status_id);
    if (!v) return fail(v.error());
    if (!*v) return fail(not_found());
    const core::Status& s = (*v)->reblog ? (*v)->reblog->status : (*v)->status;
    auto thread = tx.statuses().list_conversation(s.conversation_id, 4096);
    if (!thread) return fail(thread.error());
    std::unordered_map<core::Id, const core::Status*> by_id;
    std::unordered_map<core::Id, std::vector<const core::Status*>> children;
    for (const auto& t : *thread) {
      if (t.is_reblog()) continue;
      by_id[t.id] = &t;
      if (t.in_reply_to_id) children[*t.in_reply_to_id].push_back(&t);
    }
    // Ancestors: walk up the reply chain (bounded), then oldest first.
    std::vector<core::Status> up;
    std::optional<core::Id> parent = s.in_reply_to_id;
    for (int depth = 0; parent && depth < 512; ++depth) {
      auto it = by_id.find(*parent);
      if (it == by_id.end()) break;
      up.push_back(*it->second);
      parent = it->second->in_reply_to_id;
    }
    std::reverse(up.begin(), up.end());
    // Descendants: depth-first, children in id order, iterative (no recursion on remote input).
    std::vector<core::Status> down;
    std::vector<const core::Status*> stack;
    auto push_children = [&](core::Id id) {
      auto it = children.find(id);
      if (it == children.end()) return;
      auto kids = it->second;
      std::sort(kids.begin(), kids.end(), [](auto* a, auto* b) { return a->id > b->id; });
      for (auto* k : kids) stack.push_back(k);
    };
    push_children(s.id);
    while (!stack.empty() && down.size() < 4096) {
      const core::Status* next = stack.back();
      stack.pop_back();
      down.push_back(*next);
      push_children(next->id);
    }
    auto a = load_views(tx, deps, viewer, up, ViewPurpose::direct);
    if (!a) return fail(a.error());
    auto d = load_views(tx, deps, viewer, down, ViewPurpose::timeline);
    if (!d) return fail(d.error());
    ctx.ancestors = std::move(*a);
    ctx.descendants = std::move(*d);
    return {};
  });
  if (!st) return fail(st.error());
  return ctx;
}

util::Result<std::vector<core::StatusEdit>> get_history(const Deps& deps, const Viewer& viewer, core::Id status_id,
                                                        core::Account* author_out,
                                                        std::vector<core::MediaAttachment>* media_out) {
  std::vector<core::StatusEdit> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto v = load_view(tx, viewer, status_id);
    if (!v) return fail(v.error());
    if (!*v || (*v)->status.is_reblog()) return fail(not_found());
    if (author_out) *author_out = (*v)->account;
    auto edits = tx.statuses().list_edits(status_id);
    if (!edits) return fail(edits.error());
    out = std::move(*edits);
    if (out.empty()) {
      const auto& s = (*v)->status;
      out.push_back(core::StatusEdit{s.id, s.id, s.text, s.content, s.spoiler_text, s.sensitive, s.created_at,
                                     std::nullopt, std::nullopt});
      if (s.poll) out.back().poll_options = s.poll->options;
      out.back().media.emplace();
      for (const auto& m : s.media) out.back().media->push_back(core::EditMedia{m.id, m.description});
    }
    if (!media_out) return {};
    std::vector<core::Id> ids;
    for (const auto& e : out)
      if (e.media)
        for (const auto& m : *e.media) ids.push_back(m.id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto media = tx.media().find_many(ids);
    if (!media) return fail(media.error());
    for (auto& m : *media)  // why: only the status's own (or once its own) attachments are shown
      if (m.account_id == (*v)->status.account_id) media_out->push_back(std::move(m));
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Status fill_account_page(store::Tx& tx, const std::vector<store::Cursored<core::Id>>& rows, AccountPage& out,
                               const std::function<void(std::size_t)>& on_kept) {
  std::vector<core::Id> ids;
  for (const auto& r : rows) ids.push_back(r.item);
  auto accounts = tx.accounts().find_by_ids(ids);
  if (!accounts) return fail(accounts.error());
  std::unordered_map<core::Id, core::Account> by_id;
  for (auto& a : *accounts) by_id.emplace(a.id, std::move(a));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto it = by_id.find(rows[i].item);
    if (it == by_id.end() || it->second.suspended()) continue;
    out.accounts.push_back(it->second);
    out.cursors.push_back(rows[i].cursor);
    if (on_kept) on_kept(i);
  }
  return {};
}

namespace {
util::Result<AccountPage> accounts_for(const Deps& deps, const Viewer& viewer, core::Id status_id,
                                       const core::PageRequest& page, bool favourites) {
  AccountPage out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto v = load_view(tx, viewer, status_id);
    if (!v) return fail(v.error());
    if (!*v) return fail(not_found());
    auto rows = favourites ? tx.interactions().list_favourited_by(status_id, page)
                           : tx.interactions().list_reblogged_by(status_id, page);
    if (!rows) return fail(rows.error());
    return fill_account_page(tx, *rows, out);
  });
  if (!st) return fail(st.error());
  return out;
}
}  // namespace

util::Result<AccountPage> favourited_by(const Deps& deps, const Viewer& viewer, core::Id status_id,
                                        const core::PageRequest& page) {
  return accounts_for(deps, viewer, status_id, page, true);
}

util::Result<AccountPage> reblogged_by(const Deps& deps, const Viewer& viewer, core::Id status_id,
                                       const core::PageRequest& page) {
  return accounts_for(deps, viewer, status_id, page, false);
}

}  // namespace parloir::services
