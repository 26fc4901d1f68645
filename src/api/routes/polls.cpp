// Polls: GET /api/v1/polls/:id and POST /api/v1/polls/:id/votes (choices[]).
#include <charconv>

#include "api/auth.h"
#include "api/errors.h"
#include "api/routes.h"
#include "api/serializers/poll.h"
#include "services/polls.h"
#include "util/time.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

Response poll_response(const services::StatusView& view, std::optional<core::Id> viewer_id) {
  JsonOut o;
  write_poll(o, *view.status.poll, view.flags, viewer_id, util::now_ms());
  return Response::json(o.take());
}

awaitable<Response> show_poll(const Env& env, Request& req) {
  auto caller = co_await authenticate_optional(env, req);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  std::optional<core::Id> me;
  if (*caller && (*caller)->user) me = (*caller)->user->account.id;
  services::Viewer viewer{me};
  auto view = co_await env.pool.run([&] { return services::get_poll(env.deps, viewer, *id); });
  if (!view) co_return error_response(view.error());
  co_return poll_response(*view, me);
}

awaitable<Response> vote(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  std::vector<int> choices;
  auto raw = req.param_all("choices");
  if (raw.empty()) raw = req.param_all("choices[]");
  for (auto c : raw) {
    int n = -1;
    auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), n);
    if (ec != std::errc() || end != c.data() + c.size() || n < 0)
      co_return Response::error(422, "Validation failed: The chosen vote option does not exist");
    choices.push_back(n);
  }
  const auto& voter = *caller->user;
  auto view = co_await env.pool.run([&] { return services::vote_in_poll(env.deps, voter, *id, choices); });
  if (!view) co_return error_response(view.error());
  co_return poll_response(*view, voter.account.id);
}

}  // namespace

void register_poll_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/polls/:id", [e](Request& r) { return show_poll(*e, r); });
  router.add(bh::verb::post, "/api/v1/polls/:id/votes", [e](Request& r) { return vote(*e, r); });
}

}  // namespace parloir::api
