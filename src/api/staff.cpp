#include "api/staff.h"

namespace parloir::api {

boost::asio::awaitable<util::Result<StaffCaller>> staff_caller(const Env& env, const http::Request& req,
                                                               const StaffRoute& route) {
  auto ctx = co_await authenticate_staff(env, req, route.scope, route.permission);
  if (!ctx) co_return util::fail(std::move(ctx.error()));
  StaffCaller caller;
  caller.account_id = ctx->user->account.id;
  caller.ctx = std::move(*ctx);
  if (route.path_id) {
    auto id = path_id(req);
    if (!id) co_return util::fail(util::ErrorCode::not_found, "Record not found");
    caller.id = *id;
  }
  co_return caller;
}

http::Response empty_object(const util::Status&) { return http::Response::json("{}"); }

}  // namespace parloir::api
