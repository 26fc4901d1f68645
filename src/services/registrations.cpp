#include "services/registrations.h"

namespace parloir::services {

using util::ErrorCode;
using util::fail;

util::Result<IssuedToken> sign_up(const Deps& deps, const TokenContext& caller, const SignUp& in) {
  const auto& mode = deps.settings.registrations;
  if (mode == "closed") return fail(ErrorCode::forbidden, "Registrations are currently closed");
  if (!in.agreement) return fail(ErrorCode::unprocessable, "Validation failed: Agreement must be accepted");
  if (mode == "approval" && in.reason.empty())
    return fail(ErrorCode::unprocessable, "Validation failed: Reason can't be blank");
  NewLocalAccount account{in.username, in.email, in.password, core::Role::user, in.locale, in.reason,
                          /*approved=*/mode != "approval"};
  auto created = create_local_account(deps, account);
  if (!created) return fail(created.error());
  auto token = issue_token(deps, caller.app, created->id, caller.token.scopes);
  if (!token) return fail(ErrorCode::internal, "Internal error", token.error().description);
  return *token;
}

}  // namespace parloir::services
