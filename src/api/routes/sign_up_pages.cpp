// The web sign-up page: GET /auth/sign_up (?invite_code=), GET /invite/:code (the link
// `parloir admin invite create` prints; redirected to the web app's /signup?invite=CODE when
// the app is served) and POST /auth/sign_up. Same rules as POST
// /api/v1/accounts (services::register_account); on success it says how to sign in.
#include "api/errors.h"
#include "api/html_page.h"
#include "api/routes.h"
#include "api/web/assets.h"
#include "services/instance_settings.h"
#include "services/registrations.h"
#include "util/strings.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;
using util::html_escape;

namespace {

Response form(const Env& env, const services::SignUp& in, std::string_view error, unsigned status) {
  const auto settings = services::instance_settings(env.deps);
  const std::string& mode = settings->registrations;
  std::string body = "<h1>Join " + html_escape(instance_title(env)) + "</h1>";
  if (mode == "closed") return page(env, "Sign up", body + "<p class=\"error\">Registrations are currently closed.</p>", 403);
  if (mode == "invite" && in.invite_code.empty())
    body += "<p>Joining this server needs an invite: open the invite link you were given.</p>";
  if (mode == "approval" && in.invite_code.empty())
    body += "<p>A moderator reviews every sign-up: tell them why you want to join.</p>";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  body += "<form method=\"post\" action=\"/auth/sign_up\">";
  body += "<input type=\"hidden\" name=\"invite_code\" value=\"" + html_escape(in.invite_code) + "\">";
  body += "<label for=\"username\">Username</label><input type=\"text\" id=\"username\" name=\"username\" required "
          "autocomplete=\"username\" value=\"" + html_escape(in.username) + "\">";
  body += "<label for=\"email\">Email</label><input type=\"email\" id=\"email\" name=\"email\" required "
          "autocomplete=\"email\" value=\"" + html_escape(in.email) + "\">";
  body += "<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" "
          "required autocomplete=\"new-password\">";
  if (mode == "approval" && in.invite_code.empty())
    body += "<label for=\"reason\">Why do you want to join?</label><input type=\"text\" id=\"reason\" name=\"reason\" "
            "value=\"" + html_escape(in.reason) + "\">";
  body += "<label><input type=\"checkbox\" name=\"agreement\" value=\"1\" required> I agree to the server rules</label>";
  body += "<button type=\"submit\">Sign up</button></form>";
  return page(env, "Sign up", body, status);
}

awaitable<Response> show_form(const Env& env, Request& req) {
  // Mastodon's invite links are /invite/CODE: with the web app served, they open its sign-up
  // screen with the code (the app's /signup route); without it, this page.
  if (auto code = req.path_param("code"); !code.empty() && env.web_assets && env.web_assets->index()) {
    Response r = Response::redirect("/signup?invite=" + util::url_encode(code), 302);
    r.with_header("Cache-Control", "no-store");
    co_return r;
  }
  services::SignUp in;
  in.invite_code = std::string(req.path_param("code"));
  if (in.invite_code.empty()) in.invite_code = std::string(req.param("invite_code").value_or(""));
  co_return form(env, in, "", 200);
}

awaitable<Response> submit(const Env& env, Request& req) {
  services::SignUp in;
  in.username = std::string(req.param("username").value_or(""));
  in.email = std::string(req.param("email").value_or(""));
  in.password = std::string(req.param("password").value_or(""));
  in.reason = std::string(req.param("reason").value_or(""));
  in.invite_code = std::string(req.param("invite_code").value_or(""));
  in.agreement = !req.param("agreement").value_or("").empty();
  in.locale = "en";
  auto done = co_await env.pool.run([&] { return services::register_account(env.deps, in); });
  if (!done) {
    if (done.error().code == util::ErrorCode::internal) co_return error_response(done.error());
    co_return form(env, in, done.error().public_message, http_status(done.error().code));
  }
  std::string body = "<h1>Welcome, " + html_escape(done->account.username) + "</h1>";
  body += done->pending ? "<p>Your account waits for a moderator's approval. You can sign in once it is approved.</p>"
                        : "<p>Your account is ready. Sign in from any Mastodon app with your email and password; "
                          "the server address is <strong>" + html_escape(env.domain) + "</strong>.</p>";
  co_return page(env, "Welcome", body);
}

}  // namespace

void register_sign_up_page_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/auth/sign_up", [e](Request& r) { return show_form(*e, r); });
  router.add(bh::verb::post, "/auth/sign_up", [e](Request& r) { return submit(*e, r); });
  router.add(bh::verb::get, "/invite/:code", [e](Request& r) { return show_form(*e, r); });
}

}  // namespace parloir::api
