#include "services/profile.h"

#include "services/compose.h"
#include "services/federation.h"
#include "services/token_cache.h"
#include "services/view_cache.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {
util::Status check_length(const std::string& text, std::size_t max, const char* what) {
  if (!util::is_valid_utf8(text)) return fail(ErrorCode::unprocessable, std::string("Validation failed: ") + what + " is invalid");
  if (util::utf8_length(text) > max)
    return fail(ErrorCode::unprocessable, std::string("Validation failed: ") + what + " is too long (maximum is " +
                                              std::to_string(max) + " characters)");
  return {};
}
}  // namespace

util::Result<LocalLogin> update_profile(const Deps& deps, const LocalLogin& me, const ProfileUpdate& u) {
  if (u.display_name)
    if (auto s = check_length(*u.display_name, 30, "Display name"); !s) return fail(s.error());
  if (u.note)
    if (auto s = check_length(*u.note, 500, "Note"); !s) return fail(s.error());
  if (u.fields) {
    if (u.fields->size() > 4) return fail(ErrorCode::unprocessable, "Validation failed: Fields is too long (maximum is 4)");
    for (const auto& [name, value] : *u.fields) {
      if (auto s = check_length(name, 255, "Field name"); !s) return fail(s.error());
      if (auto s = check_length(value, 255, "Field value"); !s) return fail(s.error());
    }
  }
  if (u.language && u.language->size() > 8) return fail(ErrorCode::unprocessable, "Validation failed: Language is invalid");
  std::optional<LocalLogin> out;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto account = tx.accounts().find_by_id(me.account.id);
    if (!account) return fail(account.error());
    auto user = tx.accounts().find_user_by_account(me.account.id);
    if (!user) return fail(user.error());
    if (!*account || !*user) return fail(ErrorCode::not_found, "Record not found");
    core::Account a = **account;
    core::User usr = **user;
    if (u.display_name) a.display_name = *u.display_name;
    if (u.note) {
      a.note_source = *u.note;
      a.note = u.note->empty() ? "" : compose_text(tx, deps, *u.note).html;
    }
    if (u.locked) a.locked = *u.locked;
    if (u.bot) a.bot = *u.bot;
    if (u.discoverable) a.discoverable = *u.discoverable;
    if (u.hide_collections) a.hide_collections = *u.hide_collections;
    if (u.indexable) a.indexable = *u.indexable;
    if (u.fields) {
      a.fields.clear();
      for (const auto& [name, value] : *u.fields) {
        if (name.empty() && value.empty()) continue;
        // why: the raw text is stored (source.fields shows it back); HTML is rendered on output.
        a.fields.push_back(core::ProfileField{name, value, std::nullopt});
      }
    }
    a.updated_at = util::now_ms();
    if (auto s = tx.accounts().update_profile(a); !s) return s;
    if (deps.federation)
      if (auto s = deps.federation->on_profile_updated(tx, a); !s) return s;
    if (u.privacy) usr.default_privacy = *u.privacy;
    if (u.sensitive) usr.default_sensitive = *u.sensitive;
    if (u.language) usr.default_language = *u.language;
    if (u.privacy || u.sensitive || u.language)
      if (auto s = tx.accounts().update_user_preferences(usr); !s) return s;
    out = LocalLogin{a, usr};
    return {};
  });
  if (!st) return fail(st.error());
  deps.tokens.erase_account(me.account.id);
  deps.views.invalidate_account(me.account.id);
  return std::move(*out);
}

}  // namespace parloir::services
