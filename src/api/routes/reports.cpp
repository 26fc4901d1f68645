// POST /api/v1/reports: a user reports an account (and some of its statuses) to the moderators.
#include "api/auth.h"
#include "api/errors.h"
#include "api/json.h"
#include "api/routes.h"
#include "api/serializers/admin.h"
#include "services/accounts.h"
#include "services/moderation.h"
#include "services/rules.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

// Ids given as key[], key[N] or repeated key (form, JSON and query alike). False on a non-numeric id.
bool read_ids(const Request& req, const char* key, std::vector<core::Id>& out) {
  for (auto v : req.param_all(key)) {
    auto id = core::parse_id(v);
    if (!id) return false;
    out.push_back(*id);
  }
  return true;
}

awaitable<Response> create_report(const Env& env, Request& req) {
  auto ctx = co_await authenticate(env, req, "write:reports", Need::user);
  if (!ctx) co_return error_response(ctx.error());
  services::NewReport in;
  auto target = core::parse_id(req.param("account_id").value_or(""));
  if (!target) co_return not_found();
  in.target_account_id = *target;
  if (!read_ids(req, "status_ids", in.status_ids)) co_return not_found();
  if (!read_ids(req, "rule_ids", in.rule_ids))
    co_return Response::error(422, "Validation failed: Rule ids must be numbers");
  if (in.status_ids.size() > 100) co_return Response::error(422, "Validation failed: Too many statuses");
  in.comment = std::string(req.param("comment").value_or(""));
  in.category = std::string(req.param("category").value_or(""));
  // why: as Mastodon, citing rules makes a report a rule violation unless a category is given.
  if (in.category.empty()) in.category = in.rule_ids.empty() ? "other" : "violation";
  bool invalid = false;
  in.forward = req.param_bool("forward", &invalid).value_or(false);
  const auto& me = *ctx->user;
  std::string body;
  auto st = co_await env.pool.run([&]() -> util::Status {
    auto report = services::file_report(env.deps, me, in);
    if (!report) return util::fail(report.error());
    auto target_account = services::find_account(env.deps, report->target_account_id);
    if (!target_account) return util::fail(target_account.error());
    if (!*target_account) return util::fail(util::ErrorCode::not_found, "Record not found");
    auto rules = services::rules_by_ids(env.deps, report->rule_ids);
    if (!rules) return util::fail(rules.error());
    JsonOut o;
    write_report(o, env, *report, **target_account, *rules);
    body = o.take();
    return {};
  });
  if (!st) co_return error_response(st.error());
  co_return Response::json(std::move(body));
}

}  // namespace

void register_report_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  router.add(bh::verb::post, "/api/v1/reports", [e](Request& r) { return create_report(*e, r); });
}

}  // namespace parloir::api
