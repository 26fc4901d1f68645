// Conversations (direct messages): GET /api/v1/conversations (paged by last status, Link),
// DELETE /api/v1/conversations/:id → {}, POST /api/v1/conversations/:id/read → Conversation.
#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/respond.h"
#include "api/routes.h"
#include "api/serializers/account.h"
#include "services/conversations.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

void write_conversation(JsonOut& o, const Env& env, const services::ConversationView& c,
                        const StatusJsonOptions& options) {
  o.begin_object();
  o.field("id", core::id_string(c.id));
  o.field("unread", c.unread);
  o.key("accounts").begin_array();
  for (const auto& a : c.accounts) write_account(o, env, a);
  o.end_array();
  o.key("last_status");
  if (c.last_status) {
    write_status(o, env, *c.last_status, options);
  } else {
    o.null();
  }
  o.end_object();
}

namespace {

awaitable<Response> index(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:statuses", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto page = parse_page(req, 20, 40);
  core::Id me = caller->user->account.id;
  auto list = co_await env.pool.run([&] { return services::list_conversations(env.deps, me, page); });
  if (!list) co_return error_response(list.error());
  auto options = json_options(*caller);
  JsonOut o;
  o.begin_array();
  for (const auto& c : *list) write_conversation(o, env, c, options);
  o.end_array();
  Response r = Response::json(o.take());
  if (!list->empty())
    add_link(r, link_header(env, req, page, list->size(), list->front().cursor, list->back().cursor));
  co_return r;
}

awaitable<Response> mark_read(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:conversations", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  core::Id me = caller->user->account.id;
  auto c = co_await env.pool.run([&] { return services::read_conversation(env.deps, me, *id); });
  if (!c) co_return error_response(c.error());
  JsonOut o;
  write_conversation(o, env, *c, json_options(*caller));
  co_return Response::json(o.take());
}

awaitable<Response> destroy(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:conversations", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  core::Id me = caller->user->account.id;
  auto done = co_await env.pool.run([&] { return services::remove_conversation(env.deps, me, *id); });
  if (!done) co_return error_response(done.error());
  co_return Response::json("{}");
}

}  // namespace

void register_conversation_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::get, "/api/v1/conversations", [e](Request& r) { return index(*e, r); });
  router.add(bh::verb::delete_, "/api/v1/conversations/:id", [e](Request& r) { return destroy(*e, r); });
  router.add(bh::verb::post, "/api/v1/conversations/:id/read", [e](Request& r) { return mark_read(*e, r); });
}

}  // namespace parloir::api
