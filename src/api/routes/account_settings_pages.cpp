// A member's security pages at Mastodon's paths, server-rendered like the OAuth page (Mastodon
// apps open them in a browser; the web app's settings link to them), in English or French
// (Accept-Language):
//   GET/POST /auth/edit                         change the password (username or email, current
//                                               password, new password twice); every token of
//                                               the account is then revoked and its streams close
//   GET/POST /oauth/authorized_applications     sign in, then the applications holding live
//                                               tokens of the account, each with a Revoke button
//   POST /oauth/authorized_applications/:id     revoke that application's tokens of the account
// No session: the revoke form carries a short-lived HMAC token bound to the account
// (services::make_form_token). Every POST needs the password or that token, so a cross-site
// form cannot act; pages are never framed or cached (api/html_page.h). Failed sign-ins count
// against the login rate limit (api/rate_limit.h).
#include "api/errors.h"
#include "api/html_page.h"
#include "api/routes.h"
#include "services/account_security.h"
#include "util/strings.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;
using util::html_escape;

namespace {

// The pages' strings: English and French.
struct Text {
  const char* lang;
  const char* change_title;
  const char* login;
  const char* current;
  const char* new_password;
  const char* confirm;
  const char* change_button;
  const char* rules;
  const char* changed_title;
  const char* changed;
  const char* apps_title;
  const char* apps_intro;
  const char* password;
  const char* sign_in;
  const char* none;
  const char* scopes;
  const char* authorized;
  const char* website;
  const char* revoke;
  const char* revoked;
  const char* mismatch;
};

constexpr Text kEn{"en",
                   "Change your password",
                   "Username or email",
                   "Current password",
                   "New password",
                   "Confirm the new password",
                   "Change password",
                   "8 to 72 characters.",
                   "Password changed",
                   "Your password was changed. Every app and browser signed in with this account was signed "
                   "out: sign in again with the new password.",
                   "Authorised applications",
                   "Sign in to see the applications that can use your account.",
                   "Password",
                   "Sign in",
                   "No application can use your account.",
                   "Permissions",
                   "Authorised",
                   "Website",
                   "Revoke",
                   "Access revoked: %s was signed out.",
                   "Password confirmation doesn't match Password"};

constexpr Text kFr{"fr",
                   "Changer de mot de passe",
                   "Nom d’utilisateur ou courriel",
                   "Mot de passe actuel",
                   "Nouveau mot de passe",
                   "Confirmer le nouveau mot de passe",
                   "Changer le mot de passe",
                   "8 à 72 caractères.",
                   "Mot de passe changé",
                   "Votre mot de passe a été changé. Toutes les applications et navigateurs connectés à ce compte "
                   "ont été déconnectés : reconnectez-vous avec le nouveau mot de passe.",
                   "Applications autorisées",
                   "Connectez-vous pour voir les applications qui peuvent utiliser votre compte.",
                   "Mot de passe",
                   "Se connecter",
                   "Aucune application ne peut utiliser votre compte.",
                   "Autorisations",
                   "Autorisée le",
                   "Site web",
                   "Révoquer",
                   "Accès révoqué : %s a été déconnectée.",
                   "La confirmation ne correspond pas au mot de passe"};

const Text& text_for(const Request& req) { return prefers_french(req) ? kFr : kEn; }

// The error shown to the user: French for the few messages the services produce that a member
// can cause here, else the service's message.
std::string message(const Text& t, const util::Error& e) {
  const std::string& m = e.public_message;
  if (std::string_view(t.lang) != "fr") return m;
  if (m == "Invalid username or password") return "Nom d’utilisateur ou mot de passe incorrect";
  if (m.find("too short") != std::string::npos) return "Le mot de passe est trop court (8 caractères au minimum)";
  if (m.find("too long") != std::string::npos) return "Le mot de passe est trop long (72 caractères au maximum)";
  if (m.find("confirmation") != std::string::npos) return t.mismatch;
  if (m.find("expired") != std::string::npos) return "Ce formulaire a expiré : reconnectez-vous.";
  if (m.find("disabled") != std::string::npos) return "Votre compte est désactivé";
  if (m.find("pending") != std::string::npos) return "Votre compte attend l’approbation d’un modérateur";
  return m;
}

std::string field(const char* id, const char* label, const char* type, const char* autocomplete,
                  std::string_view value = {}) {
  std::string out = std::string("<label for=\"") + id + "\">" + html_escape(label) + "</label><input type=\"" + type +
                    "\" id=\"" + id + "\" name=\"" + id + "\" required autocomplete=\"" + autocomplete + "\"";
  if (!value.empty()) out += " value=\"" + html_escape(value) + "\"";
  return out + ">";
}

std::string error_block(std::string_view error) {
  if (error.empty()) return "";
  return "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
}

// ---- /auth/edit ---------------------------------------------------------------------------

Response password_form(const Env& env, const Text& t, std::string_view login, std::string_view error,
                       unsigned status) {
  std::string body = "<h1>" + html_escape(t.change_title) + "</h1>" + error_block(error);
  body += "<form method=\"post\" action=\"/auth/edit\">";
  body += field("login", t.login, "text", "username", login);
  body += field("current_password", t.current, "password", "current-password");
  body += field("password", t.new_password, "password", "new-password");
  body += field("password_confirmation", t.confirm, "password", "new-password");
  body += "<p>" + html_escape(t.rules) + "</p>";
  body += "<button type=\"submit\">" + html_escape(t.change_button) + "</button></form>";
  return page(env, t.change_title, body, status, t.lang);
}

awaitable<Response> show_password(const Env& env, Request& req) {
  co_return password_form(env, text_for(req), req.param("login").value_or(""), "", 200);
}

awaitable<Response> submit_password(const Env& env, Request& req) {
  const Text& t = text_for(req);
  services::PasswordChange change;
  change.login = std::string(req.param("login").value_or(req.param("username").value_or("")));
  change.current_password = std::string(req.param("current_password").value_or(""));
  change.password = std::string(req.param("password").value_or(""));
  change.confirmation = std::string(req.param("password_confirmation").value_or(""));
  auto done = co_await env.pool.run([&] { return services::change_password(env.deps, change); });
  if (!done) {
    if (done.error().code == util::ErrorCode::internal) co_return error_response(done.error());
    co_return password_form(env, t, change.login, message(t, done.error()), http_status(done.error().code));
  }
  std::string body = "<h1>" + html_escape(t.changed_title) + "</h1><p id=\"done\">" + html_escape(t.changed) + "</p>";
  co_return page(env, t.changed_title, body, 200, t.lang);
}

// ---- /oauth/authorized_applications -------------------------------------------------------

Response apps_sign_in(const Env& env, const Text& t, std::string_view login, std::string_view error,
                      unsigned status) {
  std::string body = "<h1>" + html_escape(t.apps_title) + "</h1><p>" + html_escape(t.apps_intro) + "</p>" +
                     error_block(error);
  body += "<form method=\"post\" action=\"/oauth/authorized_applications\">";
  body += field("login", t.login, "text", "username", login);
  body += field("password", t.password, "password", "current-password");
  body += "<button type=\"submit\">" + html_escape(t.sign_in) + "</button></form>";
  return page(env, t.apps_title, body, status, t.lang);
}

// The list for a signed-in account, each app with a revoke form carrying a fresh form token.
awaitable<Response> apps_list(const Env& env, const Text& t, const services::LocalLogin& login,
                              std::string_view notice) {
  std::vector<services::AuthorizedApp> apps;
  std::string token;
  auto st = co_await env.pool.run([&]() -> util::Status {
    auto l = services::authorized_apps(env.deps, login.account.id);
    if (!l) return util::fail(l.error());
    apps = std::move(*l);
    auto tk = services::make_form_token(env.deps, login);
    if (!tk) return util::fail(tk.error());
    token = std::move(*tk);
    return {};
  });
  if (!st) co_return error_response(st.error());
  std::string body = "<h1>" + html_escape(t.apps_title) + "</h1><p>@" + html_escape(login.account.username) + "</p>";
  if (!notice.empty()) body += "<p role=\"status\" id=\"notice\">" + html_escape(notice) + "</p>";
  if (apps.empty()) body += "<p id=\"no-apps\">" + html_escape(t.none) + "</p>";
  body += "<ul class=\"apps\">";
  for (const auto& a : apps) {
    const std::string id = std::to_string(a.app.id);
    body += "<li class=\"app\" data-app-id=\"" + id + "\"><strong class=\"app-name\">" + html_escape(a.app.name) +
            "</strong>";
    if (!a.app.website.empty() &&
        (a.app.website.rfind("https://", 0) == 0 || a.app.website.rfind("http://", 0) == 0))
      body += "<br>" + html_escape(t.website) + ": <a rel=\"noopener noreferrer nofollow\" href=\"" +
              html_escape(a.app.website) + "\">" + html_escape(a.app.website) + "</a>";
    body += "<br>" + html_escape(t.scopes) + ": <span class=\"scopes\">" + html_escape(a.scopes.to_string()) +
            "</span><br>" + html_escape(t.authorized) + ": <time>" +
            html_escape(util::format_datetime(a.authorized_at)) + "</time>";
    body += "<form method=\"post\" action=\"/oauth/authorized_applications/" + id + "\">";
    body += "<input type=\"hidden\" name=\"form_token\" value=\"" + html_escape(token) + "\">";
    body += "<button type=\"submit\">" + html_escape(t.revoke) + "</button></form></li>";
  }
  body += "</ul>";
  co_return page(env, t.apps_title, body, 200, t.lang);
}

awaitable<Response> show_apps(const Env& env, Request& req) {
  co_return apps_sign_in(env, text_for(req), "", "", 200);
}

awaitable<Response> sign_in_apps(const Env& env, Request& req) {
  const Text& t = text_for(req);
  std::string who(req.param("login").value_or(req.param("username").value_or("")));
  std::string password(req.param("password").value_or(""));
  auto login = co_await env.pool.run([&] { return services::authenticate_login(env.deps, who, password); });
  if (!login) {
    if (login.error().code == util::ErrorCode::internal) co_return error_response(login.error());
    co_return apps_sign_in(env, t, who, message(t, login.error()), http_status(login.error().code));
  }
  co_return co_await apps_list(env, t, *login, "");
}

awaitable<Response> revoke_app(const Env& env, Request& req) {
  const Text& t = text_for(req);
  auto app_id = path_id(req);
  if (!app_id) co_return not_found();
  std::string token(req.param("form_token").value_or(""));
  std::string app_name;
  auto login = co_await env.pool.run([&]() -> util::Result<services::LocalLogin> {
    auto l = services::check_form_token(env.deps, token);
    if (!l) return l;
    auto apps = services::authorized_apps(env.deps, l->account.id);
    if (!apps) return util::fail(apps.error());
    for (const auto& a : *apps)
      if (a.app.id == *app_id) app_name = a.app.name;
    if (app_name.empty()) return l;  // nothing of this app to revoke (already revoked)
    auto n = services::revoke_app_tokens(env.deps, l->account.id, *app_id);
    if (!n) return util::fail(n.error());
    return l;
  });
  if (!login) {
    if (login.error().code == util::ErrorCode::internal) co_return error_response(login.error());
    co_return apps_sign_in(env, t, "", message(t, login.error()), 401);
  }
  std::string notice;
  if (!app_name.empty()) {
    notice = t.revoked;
    notice.replace(notice.find("%s"), 2, app_name);
  }
  co_return co_await apps_list(env, t, *login, notice);
}

}  // namespace

void register_account_settings_page_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/auth/edit", [e](Request& r) { return show_password(*e, r); });
  router.add(bh::verb::post, "/auth/edit", [e](Request& r) { return submit_password(*e, r); });
  router.add(bh::verb::get, "/oauth/authorized_applications", [e](Request& r) { return show_apps(*e, r); });
  router.add(bh::verb::post, "/oauth/authorized_applications", [e](Request& r) { return sign_in_apps(*e, r); });
  router.add(bh::verb::post, "/oauth/authorized_applications/:id", [e](Request& r) { return revoke_app(*e, r); });
}

}  // namespace parloir::api
