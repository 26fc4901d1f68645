#include "services/conversations.h"

#include <algorithm>
#include <unordered_set>

namespace parloir::services {

using util::fail;

namespace {

constexpr int kParticipantStatuses = 50;  // statuses read to find the participants

// Builds the view of one conversation; nullopt when none of its statuses is visible any more.
util::Result<std::optional<ConversationView>> build(store::Tx& tx, core::Id viewer,
                                                    const store::ConversationSummary& c) {
  auto ids = tx.conversations().status_ids(viewer, c.conversation_id, kParticipantStatuses);
  if (!ids) return fail(ids.error());
  if (std::find(ids->begin(), ids->end(), c.last_status_id) == ids->end()) ids->push_back(c.last_status_id);
  auto found = tx.statuses().find_many(*ids);
  if (!found) return fail(found.error());
  auto views = load_views(tx, Viewer{viewer}, *found, ViewPurpose::direct);
  if (!views) return fail(views.error());
  if (views->empty()) return std::optional<ConversationView>();

  ConversationView out;
  out.id = c.conversation_id;
  out.cursor = c.last_status_id;
  std::unordered_set<core::Id> seen{viewer};
  auto add = [&](const core::Account& a) {
    if (a.suspended() || !seen.insert(a.id).second) return;
    out.accounts.push_back(a);
  };
  for (const auto& v : *views) {
    add(v.account);
    for (const auto& m : v.mentions) add(m);
  }
  // The newest visible status is the last one (views keep the ascending id order).
  out.last_status = std::move(views->back());
  out.unread = out.last_status->status.account_id != viewer && out.last_status->status.id > c.last_read_id;
  return std::optional<ConversationView>(std::move(out));
}

util::Result<store::ConversationSummary> require(store::Tx& tx, core::Id viewer, core::Id conversation_id) {
  auto c = tx.conversations().find(viewer, conversation_id);
  if (!c) return fail(c.error());
  if (!*c) return fail(util::ErrorCode::not_found, "Record not found");
  return **c;
}

}  // namespace

util::Result<std::vector<ConversationView>> list_conversations(const Deps& deps, core::Id viewer,
                                                               const core::PageRequest& page) {
  std::vector<ConversationView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto rows = tx.conversations().list(viewer, page);
    if (!rows) return fail(rows.error());
    for (const auto& c : *rows) {
      auto v = build(tx, viewer, c);
      if (!v) return fail(v.error());
      if (*v) out.push_back(std::move(**v));
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::optional<ConversationView>> find_conversation(const Deps& deps, core::Id viewer,
                                                                core::Id conversation_id) {
  std::optional<ConversationView> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto c = tx.conversations().find(viewer, conversation_id);
    if (!c) return fail(c.error());
    if (!*c) return {};
    auto v = build(tx, viewer, **c);
    if (!v) return fail(v.error());
    out = std::move(*v);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<ConversationView> read_conversation(const Deps& deps, core::Id viewer, core::Id conversation_id) {
  ConversationView out;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto c = require(tx, viewer, conversation_id);
    if (!c) return fail(c.error());
    if (auto r = tx.conversations().mark_read(viewer, conversation_id, c->last_status_id); !r) return r;
    c->last_read_id = std::max(c->last_read_id, c->last_status_id);
    auto v = build(tx, viewer, *c);
    if (!v) return fail(v.error());
    if (!*v) return fail(util::ErrorCode::not_found, "Record not found");
    out = std::move(**v);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Status remove_conversation(const Deps& deps, core::Id viewer, core::Id conversation_id) {
  return deps.store.write([&](store::Tx& tx) -> util::Status {
    auto c = require(tx, viewer, conversation_id);
    if (!c) return fail(c.error());
    return tx.conversations().hide(viewer, conversation_id, c->last_status_id);
  });
}

}  // namespace parloir::services
