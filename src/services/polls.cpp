#include "services/polls.h"

#include <algorithm>
#include <set>

#include <spdlog/spdlog.h>

#include "services/event_hub.h"
#include "services/fanout.h"
#include "services/federation.h"
#include "services/view_cache.h"
#include "text/length.h"
#include "text/unicode.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

util::Error not_found() { return util::Error{ErrorCode::not_found, "Record not found", {}}; }

util::Status invalid(const std::string& message) {
  return fail(ErrorCode::unprocessable, "Validation failed: " + message);
}

// The poll's status as the viewer sees it, or not_found.
util::Result<StatusView> poll_status_view(store::Tx& tx, const Viewer& viewer, core::Id poll_id) {
  auto poll = tx.polls().find(poll_id);
  if (!poll) return fail(poll.error());
  if (!*poll) return fail(not_found());
  auto view = load_view(tx, viewer, (*poll)->status_id);
  if (!view) return fail(view.error());
  if (!*view || !(*view)->status.poll || (*view)->status.poll->id != poll_id) return fail(not_found());
  return std::move(**view);
}

// Enqueues the Update(Question) of local status `status_id` (nothing when it is gone, remote or
// has no poll any more).
util::Status send_poll_update(store::Tx& tx, const Deps& deps, core::Id status_id) {
  auto status = tx.statuses().find(status_id);
  if (!status) return fail(status.error());
  if (!*status || !(*status)->poll) return {};
  auto author = tx.accounts().find_by_id((*status)->account_id);
  if (!author) return fail(author.error());
  if (!*author || !(*author)->is_local()) return {};
  return deps.federation->on_poll_updated(tx, **author, **status);
}

}  // namespace

util::Status mark_poll_update_in_tx(store::Tx& tx, const Deps& deps, core::Id poll_id) {
  if (!deps.federation) return {};
  return tx.polls().mark_update_due(poll_id, util::now_ms() + kPollUpdateDelayMs);
}

std::size_t send_due_poll_updates(const Deps& deps, std::int64_t now_ms, int batch) {
  if (!deps.federation) return 0;
  std::size_t handled = 0;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    handled = 0;
    auto due = tx.polls().take_due_updates(now_ms, batch);
    if (!due) return fail(due.error());
    for (core::Id poll_id : *due) {
      auto poll = tx.polls().find(poll_id);
      if (!poll) return fail(poll.error());
      if (!*poll) continue;
      if (auto u = send_poll_update(tx, deps, (*poll)->status_id); !u) return u;
      ++handled;
    }
    return {};
  });
  if (!st) {
    spdlog::error("polls: sending poll updates failed: {}", st.error().detail.empty() ? st.error().public_message
                                                                                        : st.error().detail);
    return 0;
  }
  return handled;
}

util::Status validate_poll(const Deps& deps, const PollInput& in) {
  if (in.options.size() < 2) return invalid("Poll options must have more than one item");
  if (in.options.size() > static_cast<std::size_t>(core::kPollMaxOptions))
    return invalid("Poll options can't contain more than " + std::to_string(core::kPollMaxOptions) + " items");
  std::set<std::string> seen;
  for (const auto& o : in.options) {
    if (!util::is_valid_utf8(o)) return invalid("Poll options are not valid UTF-8");
    if (text::unicode::is_blank(o)) return invalid("Poll options can't be blank");
    if (text::grapheme_count(o) > static_cast<std::size_t>(core::kPollMaxOptionChars))
      return invalid("Poll options cannot be longer than " + std::to_string(core::kPollMaxOptionChars) +
                     " characters each");
    if (!seen.insert(o).second) return invalid("Poll options contain duplicate items");
  }
  if (in.expires_in < deps.settings.min_poll_expiration_seconds) return invalid("Poll expires at is too soon");
  if (in.expires_in > core::kPollMaxExpirationSeconds) return invalid("Poll expires at is too far into the future");
  return {};
}

core::Poll make_poll(const PollInput& in, core::Id poll_id, core::Id status_id, core::Id account_id,
                     std::int64_t now_ms) {
  core::Poll p;
  p.id = poll_id;
  p.status_id = status_id;
  p.account_id = account_id;
  p.options = in.options;
  p.tallies.assign(in.options.size(), 0);
  p.multiple = in.multiple;
  p.hide_totals = in.hide_totals;
  p.expires_at = now_ms + in.expires_in * 1000;
  p.created_at = now_ms;
  return p;
}

util::Result<StatusView> get_poll(const Deps& deps, const Viewer& viewer, core::Id poll_id) {
  std::optional<StatusView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto v = poll_status_view(tx, viewer, poll_id);
    if (!v) return fail(v.error());
    out = std::move(*v);
    return {};
  });
  if (!st) return fail(st.error());
  return std::move(*out);
}

util::Result<StatusView> vote_in_poll(const Deps& deps, const LocalLogin& voter, core::Id poll_id,
                                      const std::vector<int>& raw_choices) {
  std::vector<int> choices = raw_choices;
  std::sort(choices.begin(), choices.end());
  choices.erase(std::unique(choices.begin(), choices.end()), choices.end());
  const core::Id me = voter.account.id;
  core::Id status_id = 0;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto v = poll_status_view(tx, Viewer{me}, poll_id);
    if (!v) return fail(v.error());
    const core::Poll& poll = *v->status.poll;
    status_id = poll.status_id;
    if (choices.empty()) return invalid("Choices can't be blank");
    if (poll.expired(util::now_ms())) return invalid("The poll has already ended");
    if (poll.account_id == me) return invalid("You cannot vote in your own polls");
    for (int c : choices)
      if (c < 0 || static_cast<std::size_t>(c) >= poll.options.size())
        return invalid("The chosen vote option does not exist");
    auto mine = tx.polls().own_votes(me, {poll_id});
    if (!mine) return fail(mine.error());
    if (!poll.multiple && (choices.size() > 1 || mine->count(poll_id)))
      return invalid("You have already voted on this poll");
    if (auto a = tx.polls().add_votes(poll_id, me, choices, util::now_ms()); !a) return a;
    if (!deps.federation) return {};
    auto author = tx.accounts().find_by_id(poll.account_id);
    if (!author) return fail(author.error());
    if (!*author) return {};
    if ((*author)->is_local()) return mark_poll_update_in_tx(tx, deps, poll_id);
    return deps.federation->on_poll_vote(tx, voter.account, **author, v->status, choices);
  });
  if (!st) return fail(st.error());
  deps.views.invalidate_status(status_id);
  deps.views.invalidate_flags(me, status_id);
  return get_poll(deps, Viewer{me}, poll_id);
}

std::size_t finish_ended_polls(const Deps& deps, std::int64_t now_ms, int batch) {
  std::vector<core::Id> handled_statuses;
  EventBatch events(deps.events);  // the poll notifications, streamed after the commit
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    handled_statuses.clear();
    auto ended = tx.polls().list_ended_unhandled(now_ms, batch);
    if (!ended) return fail(ended.error());
    for (const auto& poll : *ended) {
      auto voters = tx.polls().voters(poll.id);
      if (!voters) return fail(voters.error());
      for (core::Id voter : *voters)
        if (auto n = notify(tx, deps, voter, poll.account_id, core::NotificationType::poll, poll.status_id); !n)
          return n;
      // why: notify() skips self-notifications; the author is told too (Mastodon's PollExpirationNotifyWorker).
      auto author = tx.accounts().find_user_by_account(poll.account_id);
      if (!author) return fail(author.error());
      if (*author) {
        core::Notification n;
        n.id = deps.ids.next(util::now_ms());
        n.account_id = poll.account_id;
        n.from_account_id = poll.account_id;
        n.type = core::NotificationType::poll;
        n.status_id = poll.status_id;
        n.created_at = util::now_ms();
        if (auto ins = tx.notifications().insert(n); !ins) return ins;
        events.add(NotificationEvent{n.account_id, n.id});
      }
      if (auto m = tx.polls().mark_end_handled(poll.id); !m) return m;
      if (*author && deps.federation)  // a local poll: peers get the final tallies and `closed`
        if (auto u = send_poll_update(tx, deps, poll.status_id); !u) return u;
      handled_statuses.push_back(poll.status_id);
    }
    return {};
  });
  if (!st) {
    spdlog::error("polls: handling ended polls failed: {}", st.error().detail.empty() ? st.error().public_message
                                                                                          : st.error().detail);
    return 0;
  }
  for (core::Id s : handled_statuses) deps.views.invalidate_status(s);
  events.flush();
  return handled_statuses.size();
}

}  // namespace parloir::services
