// The OAuth authorization page (GET/POST /oauth/authorize, also with a trailing slash):
// server-rendered sign-in and consent. On approval it redirects to the app's registered
// redirect URI with ?code=…&state=…, or shows the code for urn:ietf:wg:oauth:2.0:oob.
// Nothing is redirected before the client and redirect URI are verified.
#include "api/errors.h"
#include "api/html_page.h"
#include "api/routes.h"
#include "services/oauth.h"
#include "util/strings.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;
using util::html_escape;

namespace {

services::AuthorizationRequest read_request(const Request& req) {
  services::AuthorizationRequest a;
  a.client_id = std::string(req.param("client_id").value_or(""));
  a.redirect_uri = std::string(req.param("redirect_uri").value_or(""));
  a.response_type = std::string(req.param("response_type").value_or(""));
  a.scope = std::string(req.param("scope").value_or(req.param("scopes").value_or("")));
  a.code_challenge = std::string(req.param("code_challenge").value_or(""));
  a.code_challenge_method = std::string(req.param("code_challenge_method").value_or(""));
  return a;
}

std::string hidden(const char* name, std::string_view value) {
  return std::string("<input type=\"hidden\" name=\"") + name + "\" value=\"" + html_escape(value) + "\">";
}

Response sign_in_form(const Env& env, const services::CheckedAuthorization& checked,
                      const services::AuthorizationRequest& a, std::string_view state, std::string_view email,
                      std::string_view error) {
  std::string body = "<h1>Sign in to " + html_escape(instance_title(env)) + "</h1><p><strong>" +
                     html_escape(checked.app.name) +
                     "</strong> would like to use your account. It asks for these permissions:</p><ul>";
  for (const auto& s : checked.scopes.items()) body += "<li>" + html_escape(s) + "</li>";
  body += "</ul>";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  body += "<form method=\"post\" action=\"/oauth/authorize\">";
  body += hidden("client_id", a.client_id) + hidden("redirect_uri", a.redirect_uri) +
          hidden("response_type", a.response_type) + hidden("scope", checked.scopes.to_string()) +
          hidden("state", state) + hidden("code_challenge", a.code_challenge) +
          hidden("code_challenge_method", a.code_challenge_method);
  body += "<label for=\"email\">Email</label><input type=\"email\" id=\"email\" name=\"email\" autocomplete=\"username\" "
          "required value=\"" + html_escape(email) + "\">";
  body += "<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" "
          "autocomplete=\"current-password\" required>";
  body += "<button type=\"submit\">Authorize</button></form>";
  return page(env, "Authorize", body, error.empty() ? 200 : 401);
}

Response invalid_request(const Env& env, const services::OAuthFailure& f) {
  return page(env, "Authorization error",
              "<h1>Authorization error</h1><p class=\"error\">" + html_escape(f.description) + "</p><p>(" +
                  html_escape(f.error) + ")</p>",
              400);
}

awaitable<Response> show_authorize(const Env& env, Request& req) {
  auto a = read_request(req);
  auto checked = co_await env.pool.run([&] { return services::check_authorization_request(env.deps, a); });
  if (!checked) co_return invalid_request(env, checked.error());
  co_return sign_in_form(env, *checked, a, req.param("state").value_or(""), "", "");
}

awaitable<Response> submit_authorize(const Env& env, Request& req) {
  auto a = read_request(req);
  std::string state(req.param("state").value_or(""));
  std::string email(req.param("email").value_or(""));
  std::string password(req.param("password").value_or(""));
  auto checked = co_await env.pool.run([&] { return services::check_authorization_request(env.deps, a); });
  if (!checked) co_return invalid_request(env, checked.error());
  auto login = co_await env.pool.run(
      [&] { return services::authenticate_password(env.deps, email, password); });
  if (!login) {
    if (login.error().code == util::ErrorCode::internal) co_return error_response(login.error());
    co_return sign_in_form(env, *checked, a, state, email, login.error().public_message);
  }
  core::Id account_id = login->account.id;
  auto code = co_await env.pool.run(
      [&] { return services::issue_authorization_code(env.deps, a, account_id); });
  if (!code) co_return invalid_request(env, code.error());
  if (a.redirect_uri == core::kOobRedirectUri) {
    co_return page(env, "Authorization code",
                   "<h1>Authorization code</h1><p>Copy this code and paste it into " + html_escape(checked->app.name) +
                       ":</p><code id=\"code\">" + html_escape(*code) + "</code>");
  }
  std::string location = a.redirect_uri;
  location += location.find('?') == std::string::npos ? '?' : '&';
  location += "code=" + util::url_encode(*code);
  if (!state.empty()) location += "&state=" + util::url_encode(state);
  Response r = Response::redirect(location, 302);
  r.with_header("Cache-Control", "no-store");
  co_return r;
}

}  // namespace

void register_oauth_page_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/oauth/authorize", [e](Request& r) { return show_authorize(*e, r); });
  router.add(bh::verb::post, "/oauth/authorize", [e](Request& r) { return submit_authorize(*e, r); });
}

}  // namespace parloir::api
