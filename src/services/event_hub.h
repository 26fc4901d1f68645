// Events: what services announce after a commit (a status created, edited or deleted, a
// notification, a direct conversation updated, filters changed, access revoked), and the hub
// that hands them to subscribers (the streaming API).
//
// Services see only EventPublisher: they publish after their transaction committed, never
// inside it. Today the publisher is the in-process EventHub; when several Parloir processes
// share one PostgreSQL, a publisher that also sends each event through LISTEN/NOTIFY (and a
// listener that calls EventHub::publish with what other processes sent) can replace it without
// any change to services. Events therefore carry ids and plain values only (serialisable).
//
// Notifications are created deep inside write transactions (services::notify); they are
// collected by the EventBatch active on the calling thread and published by its flush() after
// the commit.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"

namespace parloir::services {

enum class StatusEventKind { created, edited, deleted };

struct StatusEvent {
  StatusEventKind kind = StatusEventKind::created;
  core::Status status;                    // as committed (deleted: its last state)
  std::vector<core::Id> home_recipients;  // created: the fan-out plan (empty otherwise)
  std::vector<core::Id> also_deleted;     // deleted: reblog wrappers removed with it
};

struct NotificationEvent {
  core::Id recipient = 0;
  core::Id notification_id = 0;
};

// A direct status was added to a conversation: each participant's Conversation changed.
struct ConversationEvent {
  core::Id conversation_id = 0;
  core::Id status_id = 0;
  std::vector<core::Id> participants;  // author and mentioned accounts
};

struct FiltersChangedEvent {
  core::Id account_id = 0;
};

// Filtered notifications of the account were accepted into its main list (a notification
// request accepted): Mastodon 4.3's `notifications_merged`, no payload, so clients reload.
struct NotificationsMergedEvent {
  core::Id account_id = 0;
};

// A token (by SHA-256 hex) or every token of an account stopped being valid: revocation,
// suspension, password change. Streams authenticated by it must close.
struct AccessRevokedEvent {
  std::string token_hash;               // empty: by account
  std::optional<core::Id> account_id;
};

// An administrator's announcement changed in a way every signed-in local user sees live:
// published (created, edited while published, or published) -> Mastodon's `announcement`,
// a reaction added or removed -> `announcement.reaction`, deleted or unpublished ->
// `announcement.delete`.
enum class AnnouncementEvent { published, reaction, deleted };
struct AnnouncementChangedEvent {
  AnnouncementEvent kind = AnnouncementEvent::published;
  core::Id announcement_id = 0;
  std::string reaction_name;  // reaction: the emoji added or removed
};

// Statuses or accounts changed in a way cached views must drop (remote media pruned by the
// admin CLI: the attachments fall back to their remote URL). Streams do not show it; the
// server's relay invalidates its ViewCache entries for them (services/event_relay.h).
struct ViewsChangedEvent {
  std::vector<core::Id> status_ids;
  std::vector<core::Id> account_ids;
};

// What other caches hold went stale without touching streams: an account's role, flags or
// suspension changed (`id` = the account), the instance rules changed (`id` 0), or the instance
// settings changed (`id` 0; services/instance_settings.h writes it in the change's transaction).
// Crosses processes (event_relay), so a CLI role change reaches the running server's token cache at once.
enum class InvalidateKind { account, rules, settings };
struct InvalidateEvent {
  InvalidateKind kind = InvalidateKind::account;
  core::Id id = 0;
};

using Event = std::variant<StatusEvent, NotificationEvent, ConversationEvent, FiltersChangedEvent, AccessRevokedEvent,
                           AnnouncementChangedEvent, InvalidateEvent, ViewsChangedEvent,
                           NotificationsMergedEvent>;

// Where services send events. Implementations are thread-safe and must not block for long
// (publish is called on the blocking pool, after the commit, before the request answers).
class EventPublisher {
 public:
  virtual ~EventPublisher() = default;
  virtual void publish(Event event) = 0;
};

// In-process fan-out of events to subscribers. publish() calls every listener synchronously on
// the caller's thread with a shared immutable event; listeners must return quickly (queue the
// work elsewhere). Thread-safe: subscribe/unsubscribe/publish from any thread (listener list
// guarded by mutex_; listeners are called without holding it).
class EventHub final : public EventPublisher {
 public:
  using Listener = std::function<void(const std::shared_ptr<const Event>&)>;

  void publish(Event event) override;
  // Returns an id for unsubscribe().
  std::uint64_t subscribe(Listener listener);
  void unsubscribe(std::uint64_t id);

 private:
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;                                                  // guarded by mutex_
  std::shared_ptr<const std::vector<std::pair<std::uint64_t, Listener>>> listeners_ =
      std::make_shared<std::vector<std::pair<std::uint64_t, Listener>>>();  // copy-on-write, guarded by mutex_
};

// Collects events raised on this thread while it is alive (typically around one write
// transaction) and publishes them on flush(). Destroyed without flush() (the write failed), it
// drops them. Nested batches: events go to the innermost. Not shareable between threads.
class EventBatch {
 public:
  explicit EventBatch(EventPublisher& publisher);
  ~EventBatch();
  EventBatch(const EventBatch&) = delete;
  EventBatch& operator=(const EventBatch&) = delete;

  // why: out of line; inlined, the variant's move trips g++ 12's -Wmaybe-uninitialized (a false
  // positive) in release builds of its callers.
  void add(Event event);
  // Publishes the collected events in order and forgets them.
  void flush();
  // The innermost batch alive on this thread, or null.
  static EventBatch* current();

 private:
  EventPublisher& publisher_;
  EventBatch* outer_;
  std::vector<Event> events_;
};

}  // namespace parloir::services
