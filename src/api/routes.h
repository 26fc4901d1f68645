// Registers every Mastodon-compatible route on the router. Route handlers live in
// api/routes/*.cpp, one file per resource; each is a free coroutine taking (const Env&, Request&).
#pragma once

#include <utility>  // why: boost/asio/awaitable.hpp uses std::exchange without it (g++ 12)

#include "api/env.h"
#include "http/router.h"

namespace parloir::api {

// `env` must outlive the router.
void register_routes(http::Router& router, const Env& env);

// Per-resource registration (called by register_routes).
void register_instance_routes(http::Router& router, const Env& env);
void register_oauth_routes(http::Router& router, const Env& env);
void register_oauth_page_routes(http::Router& router, const Env& env);
void register_account_routes(http::Router& router, const Env& env);
void register_static_routes(http::Router& router, const Env& env);
void register_status_routes(http::Router& router, const Env& env);
void register_timeline_routes(http::Router& router, const Env& env);
void register_notification_routes(http::Router& router, const Env& env);
// Mastodon 4.3: grouped notifications (notifications_v2.cpp), policy and requests (notification_requests.cpp).
void register_grouped_notification_routes(http::Router& router, const Env& env);
void register_notification_request_routes(http::Router& router, const Env& env);
void register_account_relation_routes(http::Router& router, const Env& env);
void register_filter_routes(http::Router& router, const Env& env);
void register_scheduled_status_routes(http::Router& router, const Env& env);
void register_list_routes(http::Router& router, const Env& env);
void register_marker_routes(http::Router& router, const Env& env);
void register_search_routes(http::Router& router, const Env& env);
void register_conversation_routes(http::Router& router, const Env& env);
void register_poll_routes(http::Router& router, const Env& env);
void register_admin_routes(http::Router& router, const Env& env);
void register_admin_domain_routes(http::Router& router, const Env& env);
void register_admin_rule_routes(http::Router& router, const Env& env);
void register_admin_setting_routes(http::Router& router, const Env& env);
void register_account_settings_page_routes(http::Router& router, const Env& env);
void register_announcement_routes(http::Router& router, const Env& env);
void register_report_routes(http::Router& router, const Env& env);
void register_sign_up_page_routes(http::Router& router, const Env& env);
void register_media_routes(http::Router& router, const Env& env);

}  // namespace parloir::api
