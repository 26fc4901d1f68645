#include "api/routes.h"

#include "api/rate_limit.h"

namespace parloir::api {

std::string parloir_version() { return PARLOIR_VERSION; }

std::string mastodon_version_string() { return std::string("4.3.0+parloir-") + PARLOIR_VERSION; }

void register_routes(http::Router& router, const Env& env) {
  register_instance_routes(router, env);
  register_oauth_routes(router, env);
  register_oauth_page_routes(router, env);
  register_account_routes(router, env);
  register_static_routes(router, env);
  register_status_routes(router, env);
  register_timeline_routes(router, env);
  register_notification_routes(router, env);
  register_account_relation_routes(router, env);
  register_list_routes(router, env);
  register_marker_routes(router, env);
  register_search_routes(router, env);
  register_conversation_routes(router, env);
  register_poll_routes(router, env);
  register_filter_routes(router, env);
  register_scheduled_status_routes(router, env);
  apply_rate_limits(router, env.rate_limits);  // last: wraps every route registered above
}

}  // namespace parloir::api
