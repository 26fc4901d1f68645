#include "api/routes.h"

#include "api/rate_limit.h"
#include "api/web/app.h"

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
  register_grouped_notification_routes(router, env);
  register_notification_request_routes(router, env);
  register_account_relation_routes(router, env);
  register_list_routes(router, env);
  register_marker_routes(router, env);
  register_search_routes(router, env);
  register_conversation_routes(router, env);
  register_poll_routes(router, env);
  register_filter_routes(router, env);
  register_scheduled_status_routes(router, env);
  register_admin_routes(router, env);
  register_admin_domain_routes(router, env);
  register_admin_rule_routes(router, env);
  register_admin_setting_routes(router, env);
  register_account_settings_page_routes(router, env);
  register_announcement_routes(router, env);
  register_report_routes(router, env);
  register_sign_up_page_routes(router, env);
  register_media_routes(router, env);
  register_web_app_routes(router, env);  // GET /, /assets/:file and the router's fallback
  apply_rate_limits(router, env.rate_limits);  // wraps every route registered above
  // The private-instance check (apply_private_instance) is applied by the caller once every
  // route, federation's included, is registered.
}

}  // namespace parloir::api
