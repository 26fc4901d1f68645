#include "services/profile.h"

#include "services/compose.h"
#include "services/federation.h"
#include "services/media.h"
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
  // Images first (slow, outside the transaction); their files are removed again if the
  // profile cannot be saved, and the replaced ones once it is.
  std::string avatar_key, header_key;
  if (!u.avatar.empty()) {
    auto k = store_profile_image(deps, u.avatar, ProfileImage::avatar);
    if (!k) return fail(k.error());
    avatar_key = std::move(*k);
  }
  if (!u.header.empty()) {
    auto k = store_profile_image(deps, u.header, ProfileImage::header);
    if (!k) {
      remove_media_file(deps, avatar_key);
      return fail(k.error());
    }
    header_key = std::move(*k);
  }
  std::string old_avatar, old_header;
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
    if (!avatar_key.empty()) {
      old_avatar = a.avatar_path;
      a.avatar_path = avatar_key;
    }
    if (!header_key.empty()) {
      old_header = a.header_path;
      a.header_path = header_key;
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
  if (!st) {
    remove_media_file(deps, avatar_key);
    remove_media_file(deps, header_key);
    return fail(st.error());
  }
  remove_media_file(deps, old_avatar);
  remove_media_file(deps, old_header);
  deps.tokens.erase_account(me.account.id);
  deps.views.invalidate_account(me.account.id);
  return std::move(*out);
}

}  // namespace parloir::services
