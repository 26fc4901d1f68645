#include "services/oauth.h"

#include <algorithm>

#include "crypto/random.h"
#include "services/event_hub.h"
#include "services/token_cache.h"
#include "services/view_cache.h"
#include "util/time.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

namespace {

constexpr std::int64_t kCodeLifetimeMs = 10 * 60 * 1000;

tl::unexpected<OAuthFailure> oauth_fail(std::string error, std::string description) {
  return tl::unexpected<OAuthFailure>(OAuthFailure{std::move(error), std::move(description)});
}

tl::unexpected<OAuthFailure> server_error(const util::Error& e) {
  return oauth_fail("server_error", e.public_message.empty() ? "Internal error" : e.public_message);
}

// Finds the application and checks its secret in constant time (skipped when `allow_public`
// and no secret was sent — a PKCE exchange).
OAuthResult<core::Application> authenticate_client(const Deps& deps, const std::string& client_id,
                                                   const std::string& client_secret, bool allow_public) {
  const char* msg =
      "Client authentication failed due to unknown client, no client authentication included, or unsupported "
      "authentication method.";
  if (client_id.empty()) return oauth_fail("invalid_client", msg);
  auto app = find_application(deps, client_id);
  if (!app) return server_error(app.error());
  if (!*app) return oauth_fail("invalid_client", msg);
  if (client_secret.empty() && allow_public) return **app;
  if (!crypto::constant_time_equal(client_secret, (*app)->client_secret)) return oauth_fail("invalid_client", msg);
  return **app;
}

OAuthResult<core::Scopes> effective_scopes(const core::Application& app, const std::string& requested) {
  core::Scopes scopes = core::Scopes::parse(requested);
  if (scopes.empty()) scopes = core::Scopes::parse("read");
  if (!scopes.all_known() || !app.scopes.covers_all(scopes))
    return oauth_fail("invalid_scope",
                      "The requested scope is invalid, unknown, or malformed.");
  return scopes;
}

OAuthResult<IssuedToken> grant_authorization_code(const Deps& deps, const TokenRequest& req) {
  if (req.code.empty()) return oauth_fail("invalid_request", "Missing required parameter: code.");
  auto app = authenticate_client(deps, req.client_id, req.client_secret, !req.code_verifier.empty());
  if (!app) return tl::unexpected(app.error());
  std::optional<core::AuthorizationCode> code;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto c = tx.oauth().take_code(crypto::sha256_hex(req.code));
    if (!c) return fail(c.error());
    code = std::move(*c);
    return {};
  });
  if (!st) return server_error(st.error());
  const char* invalid =
      "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in "
      "the authorization request, or was issued to another client.";
  if (!code || code->application_id != app->id || code->expires_at < util::now_ms())
    return oauth_fail("invalid_grant", invalid);
  if (!req.redirect_uri.empty() && req.redirect_uri != code->redirect_uri) return oauth_fail("invalid_grant", invalid);
  if (!code->code_challenge.empty()) {
    if (!crypto::pkce_s256_matches(req.code_verifier, code->code_challenge)) return oauth_fail("invalid_grant", invalid);
  } else if (req.client_secret.empty()) {
    return oauth_fail("invalid_client", "Client authentication failed.");
  }
  auto login = find_local_login(deps, code->account_id);
  if (!login) return server_error(login.error());
  if (!*login || (*login)->account.suspended() || (*login)->user.disabled) return oauth_fail("invalid_grant", invalid);
  return issue_token(deps, *app, code->account_id, code->scopes);
}

OAuthResult<IssuedToken> grant_password(const Deps& deps, const TokenRequest& req) {
  auto app = authenticate_client(deps, req.client_id, req.client_secret, false);
  if (!app) return tl::unexpected(app.error());
  auto scopes = effective_scopes(*app, req.scope);
  if (!scopes) return tl::unexpected(scopes.error());
  auto login = authenticate_password(deps, req.username, req.password);
  if (!login) {
    if (login.error().code == ErrorCode::internal) return server_error(login.error());
    return oauth_fail("invalid_grant", login.error().public_message);
  }
  return issue_token(deps, *app, login->account.id, *scopes);
}

OAuthResult<IssuedToken> grant_client_credentials(const Deps& deps, const TokenRequest& req) {
  auto app = authenticate_client(deps, req.client_id, req.client_secret, false);
  if (!app) return tl::unexpected(app.error());
  auto scopes = effective_scopes(*app, req.scope);
  if (!scopes) return tl::unexpected(scopes.error());
  return issue_token(deps, *app, std::nullopt, *scopes);
}

}  // namespace

OAuthResult<IssuedToken> issue_token(const Deps& deps, const core::Application& app, std::optional<core::Id> account_id,
                                     const core::Scopes& scopes) {
  IssuedToken out;
  out.access_token = crypto::random_token(32);
  out.scopes = scopes;
  out.created_at = util::now_ms();
  core::AccessToken token;
  token.id = deps.ids.next(out.created_at);
  token.token_hash = crypto::sha256_hex(out.access_token);
  token.application_id = app.id;
  token.account_id = account_id;
  token.scopes = scopes;
  token.created_at = out.created_at;
  auto st = deps.store.write([&](store::Tx& tx) { return tx.oauth().insert_token(token); });
  if (!st) return server_error(st.error());
  return out;
}

util::Result<core::Application> register_application(const Deps& deps, const NewApplication& in) {
  if (in.name.empty()) return fail(ErrorCode::unprocessable, "Validation failed: Application name can't be blank");
  if (in.name.size() > 200) return fail(ErrorCode::unprocessable, "Validation failed: Application name is too long");
  if (in.redirect_uris.empty())
    return fail(ErrorCode::unprocessable, "Validation failed: Redirect URI can't be blank");
  for (const auto& uri : in.redirect_uris)
    if (!core::is_acceptable_redirect_uri(uri))
      return fail(ErrorCode::unprocessable, "Validation failed: Redirect URI must be an absolute URI.");
  if (in.website.size() > 2000) return fail(ErrorCode::unprocessable, "Validation failed: Website is too long");
  core::Scopes scopes = core::Scopes::parse(in.scopes);
  if (scopes.empty()) scopes = core::Scopes::parse("read");
  if (!scopes.all_known()) return fail(ErrorCode::unprocessable, "Validation failed: Scopes are invalid");
  core::Application app;
  app.created_at = util::now_ms();
  app.id = deps.ids.next(app.created_at);
  app.name = in.name;
  app.website = in.website;
  app.redirect_uris = in.redirect_uris;
  app.scopes = scopes;
  app.client_id = crypto::random_token(32);
  app.client_secret = crypto::random_token(32);
  auto st = deps.store.write([&](store::Tx& tx) { return tx.oauth().insert_application(app); });
  if (!st) return fail(st.error());
  return app;
}

util::Result<std::optional<core::Application>> find_application(const Deps& deps, const std::string& client_id) {
  std::optional<core::Application> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto a = tx.oauth().find_application_by_client_id(client_id);
    if (!a) return fail(a.error());
    out = std::move(*a);
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

OAuthResult<CheckedAuthorization> check_authorization_request(const Deps& deps, const AuthorizationRequest& req) {
  auto app = find_application(deps, req.client_id);
  if (!app) return server_error(app.error());
  if (!*app) return oauth_fail("invalid_client", "Client authentication failed due to unknown client.");
  const auto& uris = (*app)->redirect_uris;
  if (req.redirect_uri.empty() || std::find(uris.begin(), uris.end(), req.redirect_uri) == uris.end())
    return oauth_fail("invalid_redirect_uri", "The redirect uri included is not valid.");
  if (req.response_type != "code")
    return oauth_fail("unsupported_response_type", "The authorization server does not support this response type.");
  if (!req.code_challenge.empty() && req.code_challenge_method != "S256")
    return oauth_fail("invalid_request", "Code challenge method must be S256.");
  if (req.code_challenge.empty() && !req.code_challenge_method.empty())
    return oauth_fail("invalid_request", "Missing required parameter: code_challenge.");
  auto scopes = effective_scopes(**app, req.scope);
  if (!scopes) return tl::unexpected(scopes.error());
  return CheckedAuthorization{**app, *scopes};
}

OAuthResult<std::string> issue_authorization_code(const Deps& deps, const AuthorizationRequest& req, core::Id account_id) {
  auto checked = check_authorization_request(deps, req);
  if (!checked) return tl::unexpected(checked.error());
  std::string code = crypto::random_token(32);
  core::AuthorizationCode record;
  record.code_hash = crypto::sha256_hex(code);
  record.application_id = checked->app.id;
  record.account_id = account_id;
  record.redirect_uri = req.redirect_uri;
  record.scopes = checked->scopes;
  record.code_challenge = req.code_challenge;
  record.expires_at = util::now_ms() + kCodeLifetimeMs;
  auto st = deps.store.write([&](store::Tx& tx) { return tx.oauth().insert_code(record); });
  if (!st) return server_error(st.error());
  return code;
}

OAuthResult<IssuedToken> grant_token(const Deps& deps, const TokenRequest& req) {
  if (req.grant_type == "authorization_code") return grant_authorization_code(deps, req);
  if (req.grant_type == "password") return grant_password(deps, req);
  if (req.grant_type == "client_credentials") return grant_client_credentials(deps, req);
  if (req.grant_type.empty()) return oauth_fail("invalid_request", "Missing required parameter: grant_type.");
  return oauth_fail("unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
}

OAuthResult<void> revoke_token(const Deps& deps, const std::string& client_id, const std::string& client_secret,
                               const std::string& token) {
  auto app = authenticate_client(deps, client_id, client_secret, false);
  if (!app) return tl::unexpected(app.error());
  if (token.empty()) return {};
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto r = tx.oauth().revoke_token(crypto::sha256_hex(token), app->id, util::now_ms());
    if (!r) return fail(r.error());
    return {};
  });
  if (!st) return server_error(st.error());
  deps.tokens.erase(crypto::sha256_hex(token));
  deps.events.publish(AccessRevokedEvent{crypto::sha256_hex(token), std::nullopt});
  return {};
}

std::optional<TokenContext> cached_bearer(const Deps& deps, const std::string& bearer) {
  if (bearer.empty() || bearer.size() > 512) return std::nullopt;
  return deps.tokens.get(crypto::sha256_hex(bearer));
}

util::Result<TokenContext> authenticate_bearer(const Deps& deps, const std::string& bearer) {
  if (bearer.empty() || bearer.size() > 512) return fail(ErrorCode::unauthorized, "The access token is invalid");
  std::string hash = crypto::sha256_hex(bearer);
  std::optional<TokenContext> ctx;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto token = tx.oauth().find_token(hash);
    if (!token) return fail(token.error());
    if (!*token || (*token)->revoked_at) return {};
    auto app = tx.oauth().find_application((*token)->application_id);
    if (!app) return fail(app.error());
    if (!*app) return {};
    TokenContext c{**token, **app, std::nullopt};
    if ((*token)->account_id) {
      auto account = tx.accounts().find_by_id(*(*token)->account_id);
      if (!account) return fail(account.error());
      auto user = tx.accounts().find_user_by_account(*(*token)->account_id);
      if (!user) return fail(user.error());
      if (!*account || !*user) return {};
      c.user = LocalLogin{**account, **user};
    }
    ctx = std::move(c);
    return {};
  });
  if (!st) return fail(st.error());
  if (!ctx) return fail(ErrorCode::unauthorized, "The access token is invalid");
  if (ctx->user && (ctx->user->account.suspended() || ctx->user->user.disabled))
    return fail(ErrorCode::unauthorized, "The access token is invalid");
  if (ctx->user && !ctx->user->user.approved)
    return fail(ErrorCode::forbidden, "Your login is currently pending approval");
  // why: the token's entry shares the ViewCache's copy of the account (the same, just loaded:
  // put_account keeps an unchanged entry) instead of holding its own (issue 4, RSS).
  std::shared_ptr<const core::Account> shared;
  if (ctx->user) shared = deps.views.put_account(ctx->user->account).value;
  deps.tokens.put(hash, *ctx, std::move(shared));
  return *ctx;
}

}  // namespace parloir::services
