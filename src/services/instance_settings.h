// Instance settings an administrator may change at run time, as in Mastodon's Server Settings:
// title, short and long description, contact e-mail and account, registration mode, default
// language. The configuration file ([instance]) gives the defaults; a value an admin set (table
// instance_settings, migration 17) overrides it until set again.
//
// InstanceSettings holds the current values in memory: current() never touches the database
// (the instance documents, the sign-up and HTML pages read it on every request). It is loaded
// once at start-up and reloaded after every committed change: by the process that made it right
// after its commit, and by every other process (the server when the admin CLI changed a
// setting; other servers sharing the database) when the InvalidateEvent{settings} written in the
// change's own transaction reaches it through the event outbox (services/event_relay.h, within
// about a second).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/moderation.h"
#include "store/store.h"
#include "util/result.h"

namespace parloir::services {

// Limits (characters); values longer are refused with unprocessable.
inline constexpr std::size_t kSettingTitleMax = 200;
inline constexpr std::size_t kSettingShortDescriptionMax = 500;
inline constexpr std::size_t kSettingDescriptionMax = 10000;
inline constexpr std::size_t kSettingEmailMax = 254;

struct InstanceSettingValues {
  std::string title = "Parloir";
  std::string short_description;
  std::string description;
  std::string contact_email;    // "" = none
  std::string contact_account;  // a local username; "" = none
  std::string registrations = "open";  // open | approval | invite | closed
  std::string default_language = "en";
  // Derived: default_language first, then the configured instance.languages (no repeats).
  std::vector<std::string> languages;
  std::vector<std::string> configured_languages;  // instance.languages, as configured

  // The value of a setting by key; nullptr for an unknown key.
  const std::string* get(std::string_view key) const;
  std::string* get(std::string_view key);
};

// `defaults` with the stored (key, value) rows applied (unknown keys ignored) and `languages` derived.
InstanceSettingValues apply_stored_settings(const InstanceSettingValues& defaults,
                                            std::vector<std::pair<std::string, std::string>> rows);

// Every key, in display order: title, short_description, description, contact_email,
// contact_account, registrations, default_language.
const std::vector<std::string_view>& instance_setting_keys();

// The in-memory values. Thread-safe.
class InstanceSettings {
 public:
  explicit InstanceSettings(InstanceSettingValues defaults);

  // The current values (from memory only).
  std::shared_ptr<const InstanceSettingValues> current() const;
  // The configuration's values (what a setting with no stored value has).
  const InstanceSettingValues& defaults() const { return defaults_; }
  // Changes whenever the values were reloaded; caches of documents built from them compare it.
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }
  // Reads the stored values over the defaults and makes them current. Loads are serialised and
  // each reads the database under the lock, so the last one to finish saw every commit made
  // before it started. On error the previous values stay.
  util::Status load(store::Store& store);

 private:
  InstanceSettingValues defaults_;
  mutable std::mutex mu_;                             // guards current_
  std::mutex load_mu_;                                // serialises load()
  std::shared_ptr<const InstanceSettingValues> current_;
  std::atomic<std::uint64_t> version_{1};
};

// deps.instance_settings's current values; without one (a Deps built for a tool), the defaults
// with deps.settings.registrations.
std::shared_ptr<const InstanceSettingValues> instance_settings(const Deps& deps);

// Validates every change first (unprocessable: unknown key, empty title, text too long or not
// UTF-8, unknown registration mode, not a known language code, not an e-mail address, no such
// local account), then writes them all in one transaction with one audit-log entry per key that
// changed ("update_setting", target "Setting", detail "key: value") and the cross-process
// invalidation; nothing is written when one is refused. Then reloads deps.instance_settings.
// Values are trimmed. Returns the new current values.
util::Result<std::shared_ptr<const InstanceSettingValues>> update_instance_settings(
    const Deps& deps, Actor actor, const std::vector<std::pair<std::string, std::string>>& changes);

// Drops `key`'s stored value (back to the configuration's), audit-logged ("reset_setting");
// unprocessable for an unknown key.
util::Result<std::shared_ptr<const InstanceSettingValues>> reset_instance_setting(const Deps& deps, Actor actor,
                                                                                  const std::string& key);

}  // namespace parloir::services
