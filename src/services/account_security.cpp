#include "services/account_security.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>

#include "crypto/hmac.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "services/event_hub.h"
#include "services/token_cache.h"
#include "services/view_cache.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

constexpr const char* kFormSecretKey = "forms.secret";

util::Error bad_login() { return util::Error{ErrorCode::unauthorized, "Invalid username or password", {}}; }

// The instance's form secret, read (or created) once per process.
util::Result<std::string> form_secret(const Deps& deps) {
  static std::mutex mu;
  static std::string cached;
  std::lock_guard lock(mu);
  if (!cached.empty()) return cached;
  std::string secret;
  // why: a write transaction, so two processes starting at once agree on one secret.
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto existing = tx.meta().get(kFormSecretKey);
    if (!existing) return fail(existing.error());
    if (*existing && !(*existing)->empty()) {
      secret = **existing;
      return {};
    }
    secret = crypto::random_token(32);
    return tx.meta().put(kFormSecretKey, secret);
  });
  if (!st) return fail(st.error());
  cached = secret;
  return secret;
}

std::string form_mac(const std::string& secret, core::Id account_id, std::int64_t expires_s,
                     std::int64_t password_changed_at) {
  std::string data = "authorized-apps:" + std::to_string(account_id) + ":" + std::to_string(expires_s) + ":" +
                     std::to_string(password_changed_at);
  std::string mac = crypto::hmac_sha256(secret, data);
  return crypto::base64url(mac);
}

std::optional<std::int64_t> number(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

util::Result<LocalLogin> authenticate_login(const Deps& deps, const std::string& login, const std::string& password) {
  std::string who(util::trim(login));
  std::string email = who;
  if (who.find('@') == std::string::npos) {
    std::optional<LocalLogin> found;
    auto account = find_local_account_by_username(deps, who);
    if (!account) return fail(account.error());
    if (*account) {
      auto l = find_local_login(deps, (*account)->id);
      if (!l) return fail(l.error());
      found = std::move(*l);
    }
    // why: an unknown username still costs a password verification (against nothing), so
    // timing does not tell which usernames exist.
    email = found ? found->user.email : std::string("unknown@invalid.invalid");
  }
  auto r = authenticate_password(deps, email, password);
  if (!r && r.error().code == ErrorCode::unauthorized) return fail(bad_login());
  return r;
}

util::Result<LocalLogin> change_password(const Deps& deps, const PasswordChange& in) {
  auto login = authenticate_login(deps, in.login, in.current_password);
  if (!login) return login;
  const std::size_t chars = util::utf8_length(in.password);
  if (chars < deps.settings.min_password_length)
    return fail(ErrorCode::unprocessable, "Validation failed: Password is too short (minimum is " +
                                              std::to_string(deps.settings.min_password_length) + " characters)");
  if (chars > kMaxPasswordChars || !util::is_valid_utf8(in.password))
    return fail(ErrorCode::unprocessable, "Validation failed: Password is too long (maximum is 72 characters)");
  if (in.password != in.confirmation)
    return fail(ErrorCode::unprocessable, "Validation failed: Password confirmation doesn't match Password");
  auto hash = crypto::hash_password(in.password);
  if (!hash) return fail(hash.error());
  const core::Id id = login->account.id;
  const std::int64_t now = util::now_ms();
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    if (auto s = tx.accounts().set_password_hash(id, *hash, now); !s) return s;
    auto n = tx.oauth().revoke_tokens_of_account(id, now);
    if (!n) return fail(n.error());
    return {};
  });
  if (!st) return fail(st.error());
  // The same after-commit path as reset_password: caches drop the account, streams close.
  deps.tokens.erase_account(id);
  deps.events.publish(AccessRevokedEvent{{}, id});
  deps.views.invalidate_account(id);
  login->user.password_changed_at = now;
  return login;
}

util::Result<std::vector<AuthorizedApp>> authorized_apps(const Deps& deps, core::Id account_id) {
  std::vector<AuthorizedApp> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto tokens = tx.oauth().live_tokens_of_account(account_id);
    if (!tokens) return fail(tokens.error());
    std::map<core::Id, std::size_t> index;  // application id -> position in out
    for (const auto& t : *tokens) {
      auto it = index.find(t.application_id);
      if (it == index.end()) {
        auto app = tx.oauth().find_application(t.application_id);
        if (!app) return fail(app.error());
        if (!*app) continue;
        index.emplace(t.application_id, out.size());
        out.push_back(AuthorizedApp{std::move(**app), t.scopes, t.created_at, 1});
        continue;
      }
      auto& a = out[it->second];
      a.scopes = core::Scopes::parse(a.scopes.to_string() + " " + t.scopes.to_string());
      a.authorized_at = std::min(a.authorized_at, t.created_at);
      a.tokens += 1;
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

util::Result<std::int64_t> revoke_app_tokens(const Deps& deps, core::Id account_id, core::Id application_id) {
  std::vector<std::string> revoked;
  const std::int64_t now = util::now_ms();
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto tokens = tx.oauth().live_tokens_of_account(account_id);
    if (!tokens) return fail(tokens.error());
    for (const auto& t : *tokens) {
      if (t.application_id != application_id) continue;
      auto done = tx.oauth().revoke_token(t.token_hash, application_id, now);
      if (!done) return fail(done.error());
      if (*done) revoked.push_back(t.token_hash);
    }
    return {};
  });
  if (!st) return fail(st.error());
  for (auto& hash : revoked) {
    deps.tokens.erase(hash);
    deps.events.publish(AccessRevokedEvent{hash, std::nullopt});
  }
  return static_cast<std::int64_t>(revoked.size());
}

util::Result<std::string> make_form_token(const Deps& deps, const LocalLogin& login, std::int64_t ttl_s) {
  auto secret = form_secret(deps);
  if (!secret) return fail(secret.error());
  const std::int64_t expires = util::now_ms() / 1000 + ttl_s;
  return std::to_string(login.account.id) + "." + std::to_string(expires) + "." +
         form_mac(*secret, login.account.id, expires, login.user.password_changed_at);
}

util::Result<LocalLogin> check_form_token(const Deps& deps, const std::string& token) {
  const util::Error refused{ErrorCode::unauthorized, "This form has expired: sign in again", {}};
  auto parts = util::split(token, '.', false);
  if (parts.size() != 3) return fail(refused);
  auto account_id = number(parts[0]);
  auto expires = number(parts[1]);
  if (!account_id || !expires || *expires < util::now_ms() / 1000) return fail(refused);
  auto secret = form_secret(deps);
  if (!secret) return fail(secret.error());
  auto login = find_local_login(deps, *account_id);
  if (!login) return fail(login.error());
  if (!*login) return fail(refused);
  std::string expected = form_mac(*secret, *account_id, *expires, (*login)->user.password_changed_at);
  if (!crypto::constant_time_equal(expected, parts[2])) return fail(refused);
  if ((*login)->account.suspended() || (*login)->user.disabled) return fail(refused);
  return std::move(**login);
}

}  // namespace parloir::services
