#include "services/event_relay.h"

#include <charconv>

#include <spdlog/spdlog.h>

#include "services/instance_settings.h"
#include "services/rules.h"
#include "services/token_cache.h"
#include "services/view_cache.h"
#include "util/time.h"

namespace parloir::services {

namespace {

constexpr int kReceiveBatch = 500;
constexpr std::int64_t kKeepMs = 60'000;       // rows older than this are pruned
constexpr std::int64_t kPruneEveryMs = 10'000;

std::vector<std::string_view> split_tabs(std::string_view s) {
  std::vector<std::string_view> out;
  for (;;) {
    auto tab = s.find('\t');
    out.push_back(s.substr(0, tab));
    if (tab == std::string_view::npos) break;
    s.remove_prefix(tab + 1);
  }
  return out;
}

std::optional<std::int64_t> number(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// Tabs and newlines cannot occur in token hashes (hex) or ids; reaction names are emoji
// shortcodes or characters, which never contain them either; refuse rather than escape.
bool plain(std::string_view s) { return s.find_first_of("\t\n\r") == std::string_view::npos; }

constexpr std::size_t kMaxViewIds = 2000;  // per event and kind (prune sends ≤ 400)

std::string join_ids(const std::vector<core::Id>& ids) {
  std::string out;
  for (core::Id id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

std::optional<std::vector<core::Id>> split_ids(std::string_view s) {
  std::vector<core::Id> out;
  while (!s.empty()) {
    auto comma = s.find(',');
    auto id = number(s.substr(0, comma));
    if (!id || out.size() >= kMaxViewIds) return std::nullopt;
    out.push_back(*id);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::optional<std::string> encode_event(const Event& event) {
  if (const auto* e = std::get_if<AccessRevokedEvent>(&event)) {
    if (!plain(e->token_hash)) return std::nullopt;
    return "revoked\t" + e->token_hash + "\t" + (e->account_id ? std::to_string(*e->account_id) : "");
  }
  if (const auto* e = std::get_if<AnnouncementChangedEvent>(&event)) {
    if (!plain(e->reaction_name)) return std::nullopt;
    return "announcement\t" + std::to_string(static_cast<int>(e->kind)) + "\t" + std::to_string(e->announcement_id) +
           "\t" + e->reaction_name;
  }
  if (const auto* e = std::get_if<FiltersChangedEvent>(&event)) return "filters\t" + std::to_string(e->account_id);
  if (const auto* e = std::get_if<InvalidateEvent>(&event)) {
    const char* tag = e->kind == InvalidateKind::rules      ? "stale_rules\t"
                      : e->kind == InvalidateKind::settings ? "stale_settings\t"
                                                            : "stale_account\t";
    return tag + std::to_string(e->id);
  }
  if (const auto* e = std::get_if<NotificationsMergedEvent>(&event)) return "merged\t" + std::to_string(e->account_id);
  if (const auto* e = std::get_if<NotificationEvent>(&event))
    return "notification\t" + std::to_string(e->recipient) + "\t" + std::to_string(e->notification_id);
  if (const auto* e = std::get_if<ViewsChangedEvent>(&event)) {
    if (e->status_ids.size() > kMaxViewIds || e->account_ids.size() > kMaxViewIds) return std::nullopt;
    return "views\t" + join_ids(e->status_ids) + "\t" + join_ids(e->account_ids);
  }
  return std::nullopt;
}

std::optional<Event> decode_event(std::string_view line) {
  auto f = split_tabs(line);
  if (f[0] == "revoked" && f.size() == 3) {
    AccessRevokedEvent e;
    e.token_hash = std::string(f[1]);
    if (!f[2].empty()) {
      e.account_id = number(f[2]);
      if (!e.account_id) return std::nullopt;
    }
    if (e.token_hash.empty() && !e.account_id) return std::nullopt;
    return Event(std::move(e));
  }
  if (f[0] == "announcement" && f.size() == 4) {
    auto kind = number(f[1]);
    auto id = number(f[2]);
    if (!kind || !id || *kind < 0 || *kind > static_cast<int>(AnnouncementEvent::deleted)) return std::nullopt;
    return Event(AnnouncementChangedEvent{static_cast<AnnouncementEvent>(*kind), *id, std::string(f[3])});
  }
  if (f[0] == "filters" && f.size() == 2) {
    auto id = number(f[1]);
    if (!id) return std::nullopt;
    return Event(FiltersChangedEvent{*id});
  }
  if ((f[0] == "stale_account" || f[0] == "stale_rules" || f[0] == "stale_settings") && f.size() == 2) {
    auto id = number(f[1]);
    if (!id) return std::nullopt;
    const InvalidateKind kind = f[0] == "stale_rules"      ? InvalidateKind::rules
                                : f[0] == "stale_settings" ? InvalidateKind::settings
                                                           : InvalidateKind::account;
    return Event(InvalidateEvent{kind, *id});
  }
  if (f[0] == "merged" && f.size() == 2) {
    auto id = number(f[1]);
    if (!id) return std::nullopt;
    return Event(NotificationsMergedEvent{*id});
  }
  if (f[0] == "notification" && f.size() == 3) {
    auto recipient = number(f[1]);
    auto id = number(f[2]);
    if (!recipient || !id) return std::nullopt;
    return Event(NotificationEvent{*recipient, *id});
  }
  if (f[0] == "views" && f.size() == 3) {
    auto statuses = split_ids(f[1]);
    auto accounts = split_ids(f[2]);
    if (!statuses || !accounts) return std::nullopt;
    return Event(ViewsChangedEvent{std::move(*statuses), std::move(*accounts)});
  }
  return std::nullopt;
}

OutboxChannel::OutboxChannel(store::Store& store) : store_(store) {}

util::Status OutboxChannel::send(const Event& event) {
  auto line = encode_event(event);
  if (!line) return {};
  const std::int64_t now = util::now_ms();
  return store_.write([&](store::Tx& tx) -> util::Status {
    auto seq = tx.event_outbox().append(*line, now);
    if (!seq) return util::fail(seq.error());
    return {};
  });
}

util::Result<std::vector<Event>> OutboxChannel::receive() {
  std::lock_guard lock(mu_);
  std::vector<Event> out;
  std::vector<store::OutboxEvent> rows;
  const std::int64_t now = util::now_ms();
  auto st = store_.read([&](store::Tx& tx) -> util::Status {
    if (!cursor_) {
      auto last = tx.event_outbox().last_seq();
      if (!last) return util::fail(last.error());
      cursor_ = *last;
      return {};
    }
    auto r = tx.event_outbox().after(*cursor_, kReceiveBatch);
    if (!r) return util::fail(r.error());
    rows = std::move(*r);
    return {};
  });
  if (!st) return util::fail(st.error());
  for (const auto& row : rows) {
    cursor_ = row.seq;
    if (auto e = decode_event(row.payload))
      out.push_back(std::move(*e));
    else
      spdlog::warn("event outbox: ignoring unknown event #{}", row.seq);
  }
  if (now - last_prune_ms_ >= kPruneEveryMs) {
    last_prune_ms_ = now;
    auto pruned = store_.write([&](store::Tx& tx) -> util::Status {
      auto n = tx.event_outbox().prune(now - kKeepMs);
      if (!n) return util::fail(n.error());
      return {};
    });
    if (!pruned) spdlog::warn("event outbox: prune failed: {}", pruned.error().detail);
  }
  return out;
}

void RelayPublisher::publish(Event event) {
  if (auto st = channel_.send(event); !st)
    spdlog::warn("event not sent to other processes: {}", st.error().detail);
  local_.publish(std::move(event));
}

std::size_t relay_received_events(const Deps& deps, EventChannel& channel) {
  auto events = channel.receive();
  if (!events) {
    spdlog::warn("event outbox: {}", events.error().detail);
    return 0;
  }
  for (auto& e : *events) {
    if (const auto* r = std::get_if<AccessRevokedEvent>(&e)) {
      if (!r->token_hash.empty()) deps.tokens.erase(r->token_hash);
      if (r->account_id) {
        deps.tokens.erase_account(*r->account_id);
        deps.views.invalidate_account(*r->account_id);
      }
    } else if (const auto* f = std::get_if<FiltersChangedEvent>(&e)) {
      deps.views.invalidate_viewer(f->account_id);
    } else if (const auto* i = std::get_if<InvalidateEvent>(&e)) {
      if (i->kind == InvalidateKind::rules) {
        note_rules_changed();
      } else if (i->kind == InvalidateKind::settings) {
        if (deps.instance_settings != nullptr) {
          if (auto st = deps.instance_settings->load(deps.store); !st)
            spdlog::warn("instance settings not reloaded: {}", st.error().detail);
        }
      } else {
        deps.tokens.erase_account(i->id);
        deps.views.invalidate_account(i->id);
      }
    } else if (const auto* v = std::get_if<ViewsChangedEvent>(&e)) {
      for (core::Id id : v->status_ids) deps.views.invalidate_status(id);
      for (core::Id id : v->account_ids) deps.views.invalidate_account(id);
    }
    deps.events.publish(std::move(e));
  }
  return events->size();
}

}  // namespace parloir::services
