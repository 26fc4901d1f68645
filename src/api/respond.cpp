#include "api/respond.h"

#include "api/serializers/account.h"

namespace parloir::api {

StatusJsonOptions json_options(const std::optional<services::TokenContext>& caller) {
  StatusJsonOptions o;
  if (caller && caller->user) {
    o.authenticated = true;
    o.viewer_id = caller->user->account.id;
  }
  return o;
}

StatusJsonOptions json_options(const services::TokenContext& caller) {
  return json_options(std::optional<services::TokenContext>(caller));
}

std::vector<core::Filter> viewer_filters(const Env& env, const std::optional<services::TokenContext>& caller) {
  if (!caller || !caller->user) return {};
  return viewer_filters(env, caller->user->account.id);
}

std::vector<core::Filter> viewer_filters(const Env& env, core::Id account_id) {
  auto f = services::load_active_filters(env.deps, account_id);
  return f ? std::move(*f) : std::vector<core::Filter>{};
}

http::Response status_list(const Env& env, const http::Request& req, const core::PageRequest& page,
                           const std::vector<services::StatusView>& views, const StatusJsonOptions& options,
                           const std::vector<core::Id>* cursors) {
  std::string body = "[";
  body.reserve(views.size() * 4096);  // a status with its account is ~2-4 KB of JSON
  for (const auto& v : views) {
    if (hidden_by_filters(v, options)) continue;
    if (body.size() > 1) body += ',';
    append_status_json(body, env, v, options);
  }
  body += ']';
  http::Response r = http::Response::json(std::move(body));
  if (!views.empty()) {
    core::Id newest = cursors ? cursors->front() : views.front().status.id;
    core::Id oldest = cursors ? cursors->back() : views.back().status.id;
    add_link(r, link_header(env, req, page, views.size(), newest, oldest));
  }
  return r;
}

http::Response account_list(const Env& env, const http::Request& req, const core::PageRequest& page,
                            const services::AccountPage& accounts) {
  JsonOut o;
  o.begin_array();
  bool muted = accounts.mute_expires_at.size() == accounts.accounts.size() && !accounts.accounts.empty();
  for (std::size_t i = 0; i < accounts.accounts.size(); ++i) {
    if (muted)
      write_muted_account(o, env, accounts.accounts[i], accounts.mute_expires_at[i]);
    else
      write_account(o, env, accounts.accounts[i]);
  }
  o.end_array();
  http::Response r = http::Response::json(o.take());
  if (!accounts.cursors.empty())
    add_link(r, link_header(env, req, page, accounts.cursors.size(), accounts.cursors.front(), accounts.cursors.back()));
  return r;
}

http::Response token_response(const services::IssuedToken& token) {
  JsonOut o;
  o.begin_object();
  o.field("access_token", token.access_token);
  o.field("token_type", "Bearer");
  o.field("scope", token.scopes.to_string());
  o.field("created_at", token.created_at / 1000);
  o.end_object();
  http::Response r = http::Response::json(o.take());
  r.with_header("Cache-Control", "no-store").with_header("Pragma", "no-cache");
  return r;
}

http::Response status_response(const Env& env, const services::StatusView& view, const StatusJsonOptions& options) {
  return http::Response::json(status_json(env, view, options));
}

}  // namespace parloir::api
