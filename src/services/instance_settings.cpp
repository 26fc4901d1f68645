#include "services/instance_settings.h"

#include <algorithm>
#include <spdlog/spdlog.h>

#include "core/languages.h"
#include "services/event_hub.h"
#include "services/event_relay.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

void derive_languages(InstanceSettingValues& v) {
  v.languages.clear();
  v.languages.push_back(v.default_language);
  for (const auto& l : v.configured_languages)
    if (std::find(v.languages.begin(), v.languages.end(), l) == v.languages.end()) v.languages.push_back(l);
}

util::Status too_long(std::string_view what, std::size_t max) {
  return fail(ErrorCode::unprocessable,
              "Validation failed: " + std::string(what) + " is too long (maximum is " + std::to_string(max) + " characters)");
}

bool plausible_email(std::string_view e) {
  auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= e.size() || e.find('@', at + 1) != std::string_view::npos)
    return false;
  return std::none_of(e.begin(), e.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f || c == '<' || c == '>'; });
}

// Checks one (key, already trimmed value); contact_account is checked against `tx`.
util::Status validate(store::Tx& tx, const std::string& key, const std::string& value) {
  if (!util::is_valid_utf8(value)) return fail(ErrorCode::unprocessable, "Validation failed: " + key + " is not valid UTF-8");
  const std::size_t len = util::utf8_length(value);
  if (key == "title") {
    if (value.empty()) return fail(ErrorCode::unprocessable, "Validation failed: Title can't be blank");
    if (len > kSettingTitleMax) return too_long("Title", kSettingTitleMax);
  } else if (key == "short_description") {
    if (len > kSettingShortDescriptionMax) return too_long("Short description", kSettingShortDescriptionMax);
  } else if (key == "description") {
    if (len > kSettingDescriptionMax) return too_long("Description", kSettingDescriptionMax);
  } else if (key == "contact_email") {
    if (len > kSettingEmailMax) return too_long("Contact email", kSettingEmailMax);
    if (!value.empty() && !plausible_email(value))
      return fail(ErrorCode::unprocessable, "Validation failed: Contact email is not an email address");
  } else if (key == "contact_account") {
    if (!value.empty()) {
      auto a = tx.accounts().find_by_username(value, "");
      if (!a) return fail(a.error());
      if (!*a) return fail(ErrorCode::unprocessable, "Validation failed: Contact account: no local account named " + value);
    }
  } else if (key == "registrations") {
    if (value != "open" && value != "approval" && value != "invite" && value != "closed")
      return fail(ErrorCode::unprocessable,
                  "Validation failed: Registrations must be one of open, approval, invite, closed");
  } else if (key == "default_language") {
    if (!core::is_known_language(value))
      return fail(ErrorCode::unprocessable, "Validation failed: Default language is not a known language code");
  } else {
    return fail(ErrorCode::unprocessable, "Unknown setting: " + key);
  }
  return {};
}

// Writes the stored rows and the cross-process invalidation; the audit log names each change.
using Changes = std::vector<std::pair<std::string, std::string>>;

// "key: value", the value cut after 200 characters (on a character boundary).
std::string audit_detail(const std::string& key, const std::string& value) {
  std::size_t chars = 0, i = 0;
  for (; i < value.size(); ++i) {
    if ((static_cast<unsigned char>(value[i]) & 0xC0) != 0x80 && chars++ == 200) break;
  }
  return key + ": " + value.substr(0, i) + (i < value.size() ? "…" : "");
}

util::Result<std::shared_ptr<const InstanceSettingValues>> reload(const Deps& deps) {
  if (deps.instance_settings == nullptr) return instance_settings(deps);
  if (auto st = deps.instance_settings->load(deps.store); !st) return fail(st.error());
  return deps.instance_settings->current();
}

util::Status note_changed(store::Tx& tx) {
  auto line = encode_event(InvalidateEvent{InvalidateKind::settings, 0});
  if (!line) return {};
  auto seq = tx.event_outbox().append(*line, util::now_ms());
  if (!seq) return fail(seq.error());
  return {};
}

}  // namespace

InstanceSettingValues apply_stored_settings(const InstanceSettingValues& defaults,
                                            std::vector<std::pair<std::string, std::string>> rows) {
  InstanceSettingValues out = defaults;
  for (auto& [key, value] : rows) {
    if (std::string* field = out.get(key))
      *field = std::move(value);
    else
      spdlog::warn("instance settings: ignoring unknown stored setting {}", key);
  }
  derive_languages(out);
  return out;
}

const std::vector<std::string_view>& instance_setting_keys() {
  static const std::vector<std::string_view> keys = {"title",           "short_description", "description",
                                                     "contact_email",   "contact_account",   "registrations",
                                                     "default_language"};
  return keys;
}

const std::string* InstanceSettingValues::get(std::string_view key) const {
  return const_cast<InstanceSettingValues*>(this)->get(key);
}

std::string* InstanceSettingValues::get(std::string_view key) {
  if (key == "title") return &title;
  if (key == "short_description") return &short_description;
  if (key == "description") return &description;
  if (key == "contact_email") return &contact_email;
  if (key == "contact_account") return &contact_account;
  if (key == "registrations") return &registrations;
  if (key == "default_language") return &default_language;
  return nullptr;
}

InstanceSettings::InstanceSettings(InstanceSettingValues defaults) : defaults_(std::move(defaults)) {
  derive_languages(defaults_);
  current_ = std::make_shared<const InstanceSettingValues>(defaults_);
}

std::shared_ptr<const InstanceSettingValues> InstanceSettings::current() const {
  std::lock_guard lock(mu_);
  return current_;
}

util::Status InstanceSettings::load(store::Store& store) {
  std::lock_guard load_lock(load_mu_);
  std::vector<std::pair<std::string, std::string>> rows;
  auto st = store.read([&](store::Tx& tx) -> util::Status {
    auto r = tx.instance_settings().list();
    if (!r) return fail(r.error());
    rows = std::move(*r);
    return {};
  });
  if (!st) return st;
  auto next = std::make_shared<InstanceSettingValues>(apply_stored_settings(defaults_, std::move(rows)));
  {
    std::lock_guard lock(mu_);
    current_ = std::move(next);
  }
  version_.fetch_add(1, std::memory_order_acq_rel);
  return {};
}

std::shared_ptr<const InstanceSettingValues> instance_settings(const Deps& deps) {
  if (deps.instance_settings != nullptr) return deps.instance_settings->current();
  auto v = std::make_shared<InstanceSettingValues>();
  v->registrations = deps.settings.registrations;
  derive_languages(*v);
  return v;
}

util::Result<std::shared_ptr<const InstanceSettingValues>> update_instance_settings(const Deps& deps, Actor actor,
                                                                                    const Changes& changes) {
  if (changes.empty()) return fail(ErrorCode::unprocessable, "Validation failed: no setting given");
  Changes trimmed;
  trimmed.reserve(changes.size());
  for (const auto& [key, value] : changes) trimmed.emplace_back(key, std::string(util::trim(value)));
  const auto defaults = deps.instance_settings ? deps.instance_settings->defaults() : *instance_settings(deps);
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    for (const auto& [key, value] : trimmed)
      if (auto v = validate(tx, key, value); !v) return v;
    // why: compared with what is stored now, not this process's memory, which may not yet have
    // seen another process's change.
    auto rows = tx.instance_settings().list();
    if (!rows) return fail(rows.error());
    const InstanceSettingValues before = apply_stored_settings(defaults, std::move(*rows));
    const std::int64_t now = util::now_ms();
    bool any = false;
    for (const auto& [key, value] : trimmed) {
      // why: an unchanged value is not stored, so a form sending every field does not pin the
      // configuration's other values (a later change of the file still shows).
      const std::string* old = before.get(key);
      if (old != nullptr && *old == value) continue;
      if (auto s = tx.instance_settings().put(key, value, now); !s) return s;
      any = true;
      if (auto s = log_action(tx, deps, actor, "update_setting", "Setting", 0, audit_detail(key, value)); !s) return s;
    }
    return any ? note_changed(tx) : util::Status{};
  });
  if (!st) return fail(st.error());
  return reload(deps);
}

util::Result<std::shared_ptr<const InstanceSettingValues>> reset_instance_setting(const Deps& deps, Actor actor,
                                                                                  const std::string& key) {
  if (InstanceSettingValues{}.get(key) == nullptr) return fail(ErrorCode::unprocessable, "Unknown setting: " + key);
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    if (auto s = tx.instance_settings().remove(key); !s) return s;
    if (auto s = log_action(tx, deps, actor, "reset_setting", "Setting", 0, key); !s) return s;
    return note_changed(tx);
  });
  if (!st) return fail(st.error());
  return reload(deps);
}

}  // namespace parloir::services
