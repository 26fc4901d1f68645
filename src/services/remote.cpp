#include "services/remote.h"

#include <algorithm>

#include "services/event_hub.h"
#include "services/fanout.h"
#include "services/polls.h"
#include "services/federation.h"
#include "services/status_views.h"
#include "services/view_cache.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

util::Error not_found() { return util::Error{ErrorCode::not_found, "Record not found", {}}; }

util::Result<core::Account> local_account(store::Tx& tx, core::Id id) {
  auto a = tx.accounts().find_by_id(id);
  if (!a) return fail(a.error());
  if (!*a || !(*a)->is_local() || (*a)->suspended()) return fail(not_found());
  return **a;
}

}  // namespace

util::Result<RemoteFollowOutcome> remote_follow(const Deps& deps, const core::Account& actor, core::Id target,
                                                const std::string& follow_uri) {
  RemoteFollowOutcome outcome = RemoteFollowOutcome::accepted;
  EventBatch events(deps.events);  // follow / follow_request notifications, sent after the commit
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto local = local_account(tx, target);
    if (!local) return fail(local.error());
    auto& g = tx.graph();
    auto rel = g.relationships(target, {actor.id}, util::now_ms());
    if (!rel) return fail(rel.error());
    if (!rel->empty() && (rel->front().blocking || rel->front().blocked_by)) {
      outcome = RemoteFollowOutcome::refused;
      return {};
    }
    if (auto s = tx.federation().set_follow_uri(actor.id, target, follow_uri); !s) return s;
    bool following = !rel->empty() && rel->front().followed_by;
    bool requested = !rel->empty() && rel->front().requested_by;
    std::int64_t now = util::now_ms();
    if (following) {
      outcome = RemoteFollowOutcome::accepted;  // a repeated Follow gets its Accept again
    } else if (requested) {
      outcome = RemoteFollowOutcome::requested;
      return {};
    } else {
      core::Follow f{deps.ids.next(now), actor.id, target, true, false, now};
      if (local->locked) {
        outcome = RemoteFollowOutcome::requested;
        if (auto s = g.insert_follow_request(f); !s) return s;
        return notify(tx, deps, target, actor.id, core::NotificationType::follow_request, std::nullopt);
      }
      if (auto s = g.insert_follow(f); !s) return s;
      if (auto s = notify(tx, deps, target, actor.id, core::NotificationType::follow, std::nullopt); !s) return s;
    }
    if (deps.federation) return deps.federation->on_follow_decision(tx, *local, actor, true);
    return {};
  });
  deps.views.invalidate_relationship(target, actor.id);
  deps.views.invalidate_account(target);
  deps.views.invalidate_account(actor.id);
  if (!st) return fail(st.error());
  events.flush();
  return outcome;
}

util::Status remote_unfollow(const Deps& deps, const core::Account& actor, core::Id target) {
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto removed = tx.graph().remove_follow(actor.id, target);
    if (!removed) return fail(removed.error());
    auto req = tx.graph().remove_follow_request(actor.id, target);
    if (!req) return fail(req.error());
    if (*req)
      if (auto s = tx.notifications().remove_matching(target, actor.id, core::NotificationType::follow_request, std::nullopt); !s)
        return s;
    return tx.federation().remove_follow_uri(actor.id, target);
  });
  deps.views.invalidate_relationship(target, actor.id);
  deps.views.invalidate_account(target);
  deps.views.invalidate_account(actor.id);
  return st;
}

util::Status remote_follow_answered(const Deps& deps, const core::Account& actor, core::Id follower, bool accepted) {
  bool changed = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto& g = tx.graph();
    auto req = g.find_follow_request(follower, actor.id);
    if (!req) return fail(req.error());
    if (accepted) {
      if (!*req) return {};  // already following, or never asked: nothing to do
      if (auto x = g.remove_follow_request(follower, actor.id); !x) return fail(x.error());
      core::Follow f = **req;
      f.id = deps.ids.next(util::now_ms());
      f.created_at = util::now_ms();
      changed = true;
      return g.insert_follow(f);
    }
    auto a = g.remove_follow_request(follower, actor.id);
    if (!a) return fail(a.error());
    auto b = g.remove_follow(follower, actor.id);
    if (!b) return fail(b.error());
    changed = *a || *b;
    return {};
  });
  deps.views.invalidate_relationship(follower, actor.id);
  deps.views.invalidate_account(follower);
  deps.views.invalidate_account(actor.id);
  if (changed) deps.feeds.invalidate(follower);
  return st;
}

util::Result<core::Id> remote_post(const Deps& deps, const core::Account& actor, const RemoteStatusInput& in) {
  std::int64_t now = util::now_ms();
  core::Status s;
  FanoutPlan plan;
  bool created = false;
  EventBatch events(deps.events);  // mention / status notifications, sent after the commit
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto existing = tx.federation().status_id_by_uri(in.uri);
    if (!existing) return fail(existing.error());
    if (*existing) {
      auto found = tx.statuses().find(**existing);
      if (!found) return fail(found.error());
      if (!*found || (*found)->account_id != actor.id)
        return fail(ErrorCode::conflict, "Status belongs to another account");
      s = **found;
      return {};
    }
    s.id = deps.ids.next(now);
    s.account_id = actor.id;
    s.uri = in.uri;
    s.content = in.content;
    s.spoiler_text = in.spoiler_text;
    s.visibility = in.visibility;
    s.sensitive = in.sensitive || !in.spoiler_text.empty();
    s.language = in.language;
    s.created_at = in.created_at > 0 ? std::min(in.created_at, now) : now;
    s.conversation_id = s.id;
    s.mentioned_account_ids = in.mentioned_account_ids;
    s.tags = in.tags;
    if (in.in_reply_to_id) {
      auto parent = tx.statuses().find(*in.in_reply_to_id);
      if (!parent) return fail(parent.error());
      if (*parent && !(*parent)->is_reblog()) {
        s.in_reply_to_id = (*parent)->id;
        s.in_reply_to_account_id = (*parent)->account_id;
        s.conversation_id = (*parent)->conversation_id;
      }
    }
    if (auto ins = tx.statuses().insert(s); !ins) return ins;
    if (auto m = add_remote_attachments_in_tx(tx, deps, actor.id, s.id, in.attachments); !m) return m;
    if (in.poll) {
      core::Poll poll = *in.poll;
      poll.id = deps.ids.next(now);
      poll.status_id = s.id;
      poll.account_id = actor.id;
      poll.created_at = now;
      if (auto p = tx.polls().insert(poll); !p) return p;
      s.poll = poll;
    }
    created = true;
    auto p = plan_fanout(tx, deps, s);
    if (!p) return fail(p.error());
    plan = std::move(*p);
    return notify_for_new_status(tx, deps, s, plan);
  });
  if (!st) return fail(st.error());
  if (created) {
    deps.views.invalidate_account(actor.id);
    if (s.in_reply_to_id) deps.views.invalidate_status(*s.in_reply_to_id);
    apply_fanout(deps, plan, s.id);
    publish_created(deps, events, s, plan);
  }
  return s.id;
}

namespace {

// Applies a remote status's poll as its origin now describes it: new tallies, voters and end
// (Update(Question)) for the same options; changed options replace the poll and its votes;
// a poll added or removed follows. Returns whether the options changed (an edit for the
// history; new tallies alone are not).
util::Result<bool> apply_remote_poll(store::Tx& tx, const Deps& deps, core::Status& s,
                                     const std::optional<core::Poll>& incoming, std::int64_t now) {
  if (!incoming) {
    if (!s.poll) return false;
    if (auto r = tx.polls().remove_for_status(s.id); !r) return fail(r.error());
    s.poll.reset();
    return true;
  }
  if (!s.poll) {
    core::Poll poll = *incoming;
    poll.id = deps.ids.next(now);
    poll.status_id = s.id;
    poll.account_id = s.account_id;
    poll.created_at = now;
    if (auto p = tx.polls().insert(poll); !p) return fail(p.error());
    s.poll = poll;
    return true;
  }
  core::Poll p = *s.poll;
  bool options_changed = p.options != incoming->options || p.multiple != incoming->multiple;
  p.created_at = now;  // why: the repository takes it as updated_at
  if (options_changed) {
    p.options = incoming->options;
    p.multiple = incoming->multiple;
    p.expires_at = incoming->expires_at;
    if (auto u = tx.polls().update(p, true); !u) return fail(u.error());
  }
  p.tallies = incoming->tallies;
  p.tallies.resize(p.options.size(), 0);
  p.votes_count = incoming->votes_count;
  p.voters_count = incoming->voters_count;
  p.expires_at = incoming->expires_at;
  if (auto u = tx.polls().set_remote_state(p); !u) return fail(u.error());
  p.created_at = s.poll->created_at;
  s.poll = p;
  return options_changed;
}

}  // namespace

util::Status remote_edit(const Deps& deps, const core::Account& actor, core::Id status_id,
                         const RemoteStatusInput& in) {
  EventBatch events(deps.events);
  core::Status edited;
  bool significant = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto found = tx.statuses().find(status_id);
    if (!found) return fail(found.error());
    if (!*found || (*found)->account_id != actor.id || (*found)->is_reblog()) return fail(not_found());
    core::Status s = **found;
    const core::Status before = s;
    std::int64_t now = util::now_ms();
    auto edits = tx.statuses().list_edits(s.id);
    if (!edits) return fail(edits.error());
    const bool first_edit = edits->empty();
    // why: the original version is recorded before anything of it (its media) changes.
    core::StatusEdit original{deps.ids.next(s.created_at), s.id, s.text, s.content, s.spoiler_text, s.sensitive,
                              s.created_at, std::nullopt, std::nullopt};
    if (before.poll) original.poll_options = before.poll->options;
    auto edit_media = [&]() -> util::Result<std::vector<core::EditMedia>> {
      auto media = tx.media().list_for_statuses({s.id});
      if (!media) return fail(media.error());
      std::vector<core::EditMedia> out;
      for (const auto& m : *media) out.push_back(core::EditMedia{m.id, m.description});
      return out;
    };
    auto media_before = edit_media();
    if (!media_before) return fail(media_before.error());
    original.media = std::move(*media_before);
    auto poll_changed = apply_remote_poll(tx, deps, s, in.poll, now);
    if (!poll_changed) return fail(poll_changed.error());
    auto media_changed = replace_remote_attachments_in_tx(tx, deps, actor.id, s.id, in.attachments);
    if (!media_changed) return fail(media_changed.error());
    const bool sensitive = in.sensitive || !in.spoiler_text.empty();
    significant = *poll_changed || *media_changed || in.content != before.content ||
                  in.spoiler_text != before.spoiler_text || sensitive != before.sensitive;
    if (!significant) {  // new poll tallies only: no edit, as Mastodon (no edited_at, no history entry)
      edited = s;
      return {};
    }
    if (first_edit)
      if (auto e = tx.statuses().insert_edit(original); !e) return e;
    s.content = in.content;
    s.spoiler_text = in.spoiler_text;
    s.sensitive = sensitive;
    s.mentioned_account_ids = in.mentioned_account_ids;
    s.tags = in.tags;
    if (!in.language.empty()) s.language = in.language;
    s.edited_at = now;
    if (auto u = tx.statuses().update_content(s); !u) return u;
    core::StatusEdit edit{deps.ids.next(now), s.id,          s.text,       s.content, s.spoiler_text,
                          s.sensitive,        now,           std::nullopt, std::nullopt};
    if (s.poll) edit.poll_options = s.poll->options;
    auto media_after = edit_media();
    if (!media_after) return fail(media_after.error());
    edit.media = std::move(*media_after);
    if (auto e = tx.statuses().insert_edit(edit); !e) return e;
    edited = s;
    return notify_update(tx, deps, s);
  });
  deps.views.invalidate_status(status_id);
  if (!st) return st;
  if (significant) {
    events.add(StatusEvent{StatusEventKind::edited, edited, {}, {}});
    events.flush();
  }
  return st;
}

util::Status remote_delete_status(const Deps& deps, const core::Account& actor, core::Id status_id) {
  std::optional<core::Status> gone;
  std::vector<core::Id> wrappers;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto found = tx.statuses().find(status_id);
    if (!found) return fail(found.error());
    if (!*found || (*found)->account_id != actor.id) return fail(not_found());
    gone = **found;
    auto removed = tx.statuses().remove(status_id);
    if (!removed) return fail(removed.error());
    for (core::Id w : *removed) deps.views.invalidate_status(w);
    wrappers = *removed;
    return {};
  });
  deps.views.invalidate_status(status_id);
  deps.views.invalidate_account(actor.id);
  if (gone && gone->in_reply_to_id) deps.views.invalidate_status(*gone->in_reply_to_id);
  if (gone && gone->reblog_of_id) deps.views.invalidate_status(*gone->reblog_of_id);
  if (st) deps.events.publish(StatusEvent{StatusEventKind::deleted, *gone, {}, wrappers});
  return st;
}

util::Status remote_favourite(const Deps& deps, const core::Account& actor, core::Id status_id, bool undo) {
  EventBatch events(deps.events);  // the favourite notification, sent after the commit
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto v = load_view(tx, Viewer{actor.id}, status_id);
    if (!v) return fail(v.error());
    if (!*v || (*v)->status.is_reblog()) return fail(not_found());
    const core::Status& s = (*v)->status;
    auto& in = tx.interactions();
    if (undo) {
      auto r = in.remove_favourite(actor.id, s.id);
      if (!r) return fail(r.error());
      if (*r) return tx.notifications().remove_matching(s.account_id, actor.id, core::NotificationType::favourite, s.id);
      return {};
    }
    std::int64_t now = util::now_ms();
    auto r = in.insert_favourite(deps.ids.next(now), actor.id, s.id, now);
    if (!r) return fail(r.error());
    if (*r) return notify(tx, deps, s.account_id, actor.id, core::NotificationType::favourite, s.id);
    return {};
  });
  deps.views.invalidate_status(status_id);
  deps.views.invalidate_flags(actor.id, status_id);
  if (st) events.flush();
  return st;
}

util::Status remote_reblog(const Deps& deps, const core::Account& actor, core::Id status_id,
                           const std::string& wrapper_uri, bool undo) {
  core::Status wrapper;
  FanoutPlan plan;
  bool created = false;
  std::optional<core::Status> removed_wrapper;
  EventBatch events(deps.events);  // the reblog notification, sent after the commit
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto v = load_view(tx, Viewer{actor.id}, status_id);
    if (!v) return fail(v.error());
    if (!*v || (*v)->status.is_reblog()) return fail(not_found());
    const core::Status& original = (*v)->status;
    auto existing = tx.statuses().find_reblog(actor.id, original.id);
    if (!existing) return fail(existing.error());
    if (undo) {
      if (!*existing) return {};
      auto removed = tx.statuses().remove((*existing)->id);
      if (!removed) return fail(removed.error());
      deps.views.invalidate_status((*existing)->id);
      removed_wrapper = **existing;
      return tx.notifications().remove_matching(original.account_id, actor.id, core::NotificationType::reblog,
                                                original.id);
    }
    if (*existing) return {};
    if (original.visibility != core::Visibility::public_ && original.visibility != core::Visibility::unlisted)
      return fail(ErrorCode::forbidden, "This action is not allowed");
    std::int64_t now = util::now_ms();
    wrapper.id = deps.ids.next(now);
    wrapper.account_id = actor.id;
    wrapper.uri = wrapper_uri;
    wrapper.reblog_of_id = original.id;
    wrapper.visibility = core::Visibility::public_;
    wrapper.conversation_id = original.conversation_id;
    wrapper.created_at = now;
    if (auto ins = tx.statuses().insert(wrapper); !ins) return ins;
    created = true;
    auto p = plan_fanout(tx, deps, wrapper);
    if (!p) return fail(p.error());
    plan = std::move(*p);
    return notify(tx, deps, original.account_id, actor.id, core::NotificationType::reblog, original.id);
  });
  deps.views.invalidate_status(status_id);
  deps.views.invalidate_flags(actor.id, status_id);
  deps.views.invalidate_account(actor.id);
  if (!st) return st;
  if (created) {
    apply_fanout(deps, plan, wrapper.id);
    publish_created(deps, events, wrapper, plan);
  }
  if (removed_wrapper) deps.events.publish(StatusEvent{StatusEventKind::deleted, *removed_wrapper, {}, {}});
  return st;
}

util::Status remote_block(const Deps& deps, const core::Account& actor, core::Id target, bool undo) {
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto local = local_account(tx, target);
    if (!local) return fail(local.error());
    auto& g = tx.graph();
    if (undo) {
      auto r = g.remove_block(actor.id, target);
      if (!r) return fail(r.error());
      return {};
    }
    std::int64_t now = util::now_ms();
    if (auto s = g.insert_block(deps.ids.next(now), actor.id, target, now); !s) return s;
    for (auto [a, b] : {std::pair{actor.id, target}, std::pair{target, actor.id}}) {
      if (auto x = g.remove_follow(a, b); !x) return fail(x.error());
      if (auto x = g.remove_follow_request(a, b); !x) return fail(x.error());
    }
    return {};
  });
  deps.views.invalidate_relationship(target, actor.id);
  deps.views.invalidate_account(target);
  deps.views.invalidate_account(actor.id);
  deps.feeds.invalidate(target);
  return st;
}

util::Status remote_vote(const Deps& deps, const core::Account& actor, core::Id status_id,
                         const std::vector<std::string>& choices) {
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto found = tx.statuses().find(status_id);
    if (!found) return fail(found.error());
    if (!*found || !(*found)->poll) return fail(not_found());
    const core::Poll& poll = *(*found)->poll;
    auto author = tx.accounts().find_by_id(poll.account_id);
    if (!author) return fail(author.error());
    if (!*author || !(*author)->is_local()) return fail(not_found());
    if (poll.expired(util::now_ms())) return fail(ErrorCode::unprocessable, "The poll has already ended");
    std::vector<int> indexes;
    for (const auto& c : choices) {
      auto it = std::find(poll.options.begin(), poll.options.end(), c);
      if (it == poll.options.end()) return fail(ErrorCode::unprocessable, "The chosen vote option does not exist");
      indexes.push_back(static_cast<int>(it - poll.options.begin()));
    }
    std::sort(indexes.begin(), indexes.end());
    indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
    auto mine = tx.polls().own_votes(actor.id, {poll.id});
    if (!mine) return fail(mine.error());
    if (!poll.multiple && (indexes.size() > 1 || mine->count(poll.id)))
      return fail(ErrorCode::unprocessable, "Already voted");
    if (mine->count(poll.id))  // a repeated choice of a multiple-choice poll: counted once
      for (int c : mine->at(poll.id)) indexes.erase(std::remove(indexes.begin(), indexes.end(), c), indexes.end());
    if (indexes.empty()) return {};
    if (auto a = tx.polls().add_votes(poll.id, actor.id, indexes, util::now_ms()); !a) return a;
    return mark_poll_update_in_tx(tx, deps, poll.id);
  });
  deps.views.invalidate_status(status_id);
  return st;
}

util::Status remote_report(const Deps& deps, const core::Account& actor, core::Id target,
                           const std::vector<core::Id>& status_ids, const std::string& comment) {
  std::int64_t now = util::now_ms();
  core::Report r;
  r.id = deps.ids.next(now);
  r.account_id = actor.id;
  r.target_account_id = target;
  r.comment = comment;
  if (util::utf8_length(r.comment) > 1000) {
    std::size_t chars = 0, i = 0;
    while (i < r.comment.size() && chars < 1000) {
      ++i;
      while (i < r.comment.size() && (static_cast<unsigned char>(r.comment[i]) & 0xC0) == 0x80) ++i;
      ++chars;
    }
    r.comment.resize(i);
  }
  r.category = "other";
  r.created_at = now;
  r.updated_at = now;
  return deps.store.write([&](store::Tx& tx) -> util::Status {
    auto local = local_account(tx, target);
    if (!local) return fail(local.error());
    if (!status_ids.empty()) {
      auto statuses = tx.statuses().find_many(status_ids);
      if (!statuses) return fail(statuses.error());
      for (const auto& s : *statuses)
        if (s.account_id == target && r.status_ids.size() < 100) r.status_ids.push_back(s.id);
      std::sort(r.status_ids.begin(), r.status_ids.end());
      r.status_ids.erase(std::unique(r.status_ids.begin(), r.status_ids.end()), r.status_ids.end());
    }
    return tx.moderation().insert_report(r);
  });
}

}  // namespace parloir::services
