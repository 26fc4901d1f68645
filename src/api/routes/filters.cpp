// Filters v2 (/api/v2/filters, its keywords and statuses) and v1 (/api/v1/filters, one keyword
// per filter, the v1 id being the keyword's id), on the same tables.
#include <map>

#include "api/auth.h"
#include "api/errors.h"
#include "api/routes.h"
#include "api/serializers/filter.h"
#include "services/filters.h"
#include "util/strings.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

Response invalid_bool(std::string_view name) {
  return Response::error(422, "Validation failed: " + std::string(name) + " is not a boolean");
}

// keywords_attributes in all their spellings: `keywords_attributes[][keyword]` (a new entry
// starts when a field repeats, as Rails does), `keywords_attributes[N][keyword]` (form, multipart,
// and JSON arrays or objects once flattened). Body first, then query.
std::vector<services::KeywordAttributes> keyword_attributes(const Request& req, bool* bad) {
  struct Raw {
    std::map<std::string, std::string, std::less<>> fields;
  };
  std::vector<Raw> list;
  std::map<std::string, std::size_t, std::less<>> by_index;
  constexpr std::string_view prefix = "keywords_attributes[";
  auto scan = [&](const http::Params& params) {
    for (const auto& [key, value] : params.items()) {
      if (key.rfind(prefix, 0) != 0) continue;
      std::string_view rest = std::string_view(key).substr(prefix.size());
      auto close = rest.find(']');
      if (close == std::string_view::npos) continue;
      std::string_view index = rest.substr(0, close);
      rest.remove_prefix(close + 1);
      if (rest.size() < 3 || rest.front() != '[' || rest.back() != ']') continue;
      std::string field(rest.substr(1, rest.size() - 2));
      Raw* target = nullptr;
      if (index.empty()) {
        if (list.empty() || list.back().fields.count(field)) list.emplace_back();
        target = &list.back();
      } else {
        auto it = by_index.find(index);
        if (it == by_index.end()) {
          list.emplace_back();
          it = by_index.emplace(std::string(index), list.size() - 1).first;
        }
        target = &list[it->second];
      }
      target->fields.emplace(std::move(field), value);
    }
  };
  scan(req.body);
  if (list.empty()) scan(req.query);
  std::vector<services::KeywordAttributes> out;
  for (const auto& raw : list) {
    services::KeywordAttributes k;
    auto get = [&](std::string_view f) -> const std::string* {
      auto it = raw.fields.find(f);
      return it == raw.fields.end() ? nullptr : &it->second;
    };
    if (auto v = get("id"); v && !v->empty()) {
      k.id = core::parse_id(*v);
      if (!k.id) k.id = 0;  // why: an unknown id must not become a new keyword
    }
    if (auto v = get("keyword")) k.keyword = *v;
    if (auto v = get("whole_word"); v && !v->empty()) {
      int b = util::parse_bool(*v);
      if (b < 0) *bad = true;
      k.whole_word = b > 0;
    }
    if (auto v = get("_destroy"); v && !v->empty()) k.destroy = util::parse_bool(*v) > 0;
    out.push_back(std::move(k));
  }
  return out;
}

// The context[] values, or nullopt when the parameter is absent.
std::optional<std::vector<std::string>> context_param(const Request& req) {
  auto values = req.param_all("context");
  if (values.empty()) {
    if (req.param("context")) return std::vector<std::string>{};
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (auto v : values) out.emplace_back(v);
  return out;
}

// expires_in: absent -> nullopt; empty -> never (inner nullopt); seconds otherwise.
std::optional<std::optional<std::int64_t>> expires_in_param(const Request& req, bool* bad) {
  auto v = req.param("expires_in");
  if (!v) return std::nullopt;
  if (v->empty()) return std::optional<std::int64_t>{};
  if (!util::is_digits(*v) || v->size() > 12) {
    *bad = true;
    return std::nullopt;
  }
  return std::optional<std::int64_t>(std::stoll(std::string(*v)));
}

Response filter_response(const Env& env, const core::Filter& f) {
  JsonOut o;
  write_filter(o, env, f);
  return Response::json(o.take());
}

// ---- v2 ---------------------------------------------------------------------------------------

awaitable<Response> list_v2(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  const core::Id me = caller->user->account.id;
  auto filters = co_await env.pool.run([&] { return services::list_filters(env.deps, me); });
  if (!filters) co_return error_response(filters.error());
  JsonOut o;
  o.begin_array();
  for (const auto& f : *filters) write_filter(o, env, f);
  o.end_array();
  co_return Response::json(o.take());
}

awaitable<Response> show_v2(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const core::Id me = caller->user->account.id;
  auto f = co_await env.pool.run([&] { return services::get_filter(env.deps, me, *id); });
  if (!f) co_return error_response(f.error());
  co_return filter_response(env, *f);
}

awaitable<Response> save_v2(const Env& env, Request& req, bool create) {
  auto caller = co_await authenticate(env, req, "write:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  std::optional<core::Id> id;
  if (!create) {
    id = path_id(req);
    if (!id) co_return not_found();
  }
  services::FilterInput in;
  if (auto t = req.param("title")) in.title = std::string(*t);
  in.context = context_param(req);
  if (auto a = req.param("filter_action"); a && !a->empty()) in.filter_action = std::string(*a);
  bool bad = false;
  in.expires_in = expires_in_param(req, &bad);
  if (bad) co_return Response::error(422, "Validation failed: Expires in is not a number");
  in.keywords = keyword_attributes(req, &bad);
  if (bad) co_return invalid_bool("Whole word");
  const core::Id me = caller->user->account.id;
  auto f = co_await env.pool.run([&] {
    return create ? services::create_filter(env.deps, me, in) : services::update_filter(env.deps, me, *id, in);
  });
  if (!f) co_return error_response(f.error());
  co_return filter_response(env, *f);
}

awaitable<Response> delete_v2(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const core::Id me = caller->user->account.id;
  auto st = co_await env.pool.run([&] { return services::delete_filter(env.deps, me, *id); });
  if (!st) co_return error_response(st.error());
  co_return Response::json("{}");
}

awaitable<Response> list_keywords(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const core::Id me = caller->user->account.id;
  auto f = co_await env.pool.run([&] { return services::get_filter(env.deps, me, *id); });
  if (!f) co_return error_response(f.error());
  JsonOut o;
  o.begin_array();
  for (const auto& k : f->keywords) write_filter_keyword(o, k);
  o.end_array();
  co_return Response::json(o.take());
}

awaitable<Response> add_keyword(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  std::string keyword(req.param("keyword").value_or(""));
  bool bad = false;
  bool whole_word = req.param_bool("whole_word", &bad).value_or(true);
  if (bad) co_return invalid_bool("Whole word");
  const core::Id me = caller->user->account.id;
  auto k = co_await env.pool.run([&] { return services::add_filter_keyword(env.deps, me, *id, keyword, whole_word); });
  if (!k) co_return error_response(k.error());
  JsonOut o;
  write_filter_keyword(o, *k);
  co_return Response::json(o.take());
}

awaitable<Response> keyword_op(const Env& env, Request& req, bh::verb method) {
  auto caller = co_await authenticate(env, req, method == bh::verb::get ? "read:filters" : "write:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const core::Id me = caller->user->account.id;
  if (method == bh::verb::delete_) {
    auto st = co_await env.pool.run([&] { return services::delete_filter_keyword(env.deps, me, *id); });
    if (!st) co_return error_response(st.error());
    co_return Response::json("{}");
  }
  std::optional<std::string> keyword;
  std::optional<bool> whole_word;
  if (method == bh::verb::put) {
    if (auto v = req.param("keyword")) keyword = std::string(*v);
    bool bad = false;
    whole_word = req.param_bool("whole_word", &bad);
    if (bad) co_return invalid_bool("Whole word");
  }
  auto k = co_await env.pool.run([&] {
    return method == bh::verb::put ? services::update_filter_keyword(env.deps, me, *id, keyword, whole_word)
                                   : services::get_filter_keyword(env.deps, me, *id);
  });
  if (!k) co_return error_response(k.error());
  JsonOut o;
  write_filter_keyword(o, *k);
  co_return Response::json(o.take());
}

awaitable<Response> list_statuses(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const core::Id me = caller->user->account.id;
  auto f = co_await env.pool.run([&] { return services::get_filter(env.deps, me, *id); });
  if (!f) co_return error_response(f.error());
  JsonOut o;
  o.begin_array();
  for (const auto& s : f->statuses) write_filter_status(o, s);
  o.end_array();
  co_return Response::json(o.take());
}

awaitable<Response> add_status(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  auto status_id = core::parse_id(req.param("status_id").value_or(""));
  if (!status_id) co_return not_found();
  const core::Id me = caller->user->account.id;
  auto s = co_await env.pool.run([&] { return services::add_filter_status(env.deps, me, *id, *status_id); });
  if (!s) co_return error_response(s.error());
  JsonOut o;
  write_filter_status(o, *s);
  co_return Response::json(o.take());
}

awaitable<Response> status_op(const Env& env, Request& req, bool remove) {
  auto caller = co_await authenticate(env, req, remove ? "write:filters" : "read:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const core::Id me = caller->user->account.id;
  if (remove) {
    auto st = co_await env.pool.run([&] { return services::delete_filter_status(env.deps, me, *id); });
    if (!st) co_return error_response(st.error());
    co_return Response::json("{}");
  }
  auto s = co_await env.pool.run([&] { return services::get_filter_status(env.deps, me, *id); });
  if (!s) co_return error_response(s.error());
  JsonOut o;
  write_filter_status(o, *s);
  co_return Response::json(o.take());
}

// ---- v1 ---------------------------------------------------------------------------------------

Response v1_response(const services::V1Filter& f) {
  JsonOut o;
  write_v1_filter(o, f);
  return Response::json(o.take());
}

awaitable<Response> list_v1(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "read:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  const core::Id me = caller->user->account.id;
  auto filters = co_await env.pool.run([&] { return services::list_v1_filters(env.deps, me); });
  if (!filters) co_return error_response(filters.error());
  JsonOut o;
  o.begin_array();
  for (const auto& f : *filters) write_v1_filter(o, f);
  o.end_array();
  co_return Response::json(o.take());
}

awaitable<Response> v1_op(const Env& env, Request& req, bh::verb method) {
  const bool write = method != bh::verb::get;
  auto caller = co_await authenticate(env, req, write ? "write:filters" : "read:filters", Need::user);
  if (!caller) co_return error_response(caller.error());
  const core::Id me = caller->user->account.id;
  std::optional<core::Id> id;
  if (method != bh::verb::post) {
    id = path_id(req);
    if (!id) co_return not_found();
  }
  if (method == bh::verb::delete_) {
    auto st = co_await env.pool.run([&] { return services::delete_v1_filter(env.deps, me, *id); });
    if (!st) co_return error_response(st.error());
    co_return Response::json("{}");
  }
  if (method == bh::verb::get) {
    auto f = co_await env.pool.run([&] { return services::get_v1_filter(env.deps, me, *id); });
    if (!f) co_return error_response(f.error());
    co_return v1_response(*f);
  }
  services::V1FilterInput in;
  if (auto p = req.param("phrase")) in.phrase = std::string(*p);
  in.context = context_param(req);
  bool bad = false;
  in.irreversible = req.param_bool("irreversible", &bad);
  if (bad) co_return invalid_bool("Irreversible");
  in.whole_word = req.param_bool("whole_word", &bad);
  if (bad) co_return invalid_bool("Whole word");
  in.expires_in = expires_in_param(req, &bad);
  if (bad) co_return Response::error(422, "Validation failed: Expires in is not a number");
  const bool create = method == bh::verb::post;
  auto f = co_await env.pool.run([&] {
    return create ? services::create_v1_filter(env.deps, me, in) : services::update_v1_filter(env.deps, me, *id, in);
  });
  if (!f) co_return error_response(f.error());
  co_return v1_response(*f);
}

}  // namespace

void register_filter_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  using V = bh::verb;
  router.add(V::get, "/api/v2/filters", [e](Request& r) { return list_v2(*e, r); });
  router.add(V::post, "/api/v2/filters", [e](Request& r) { return save_v2(*e, r, true); });
  router.add(V::get, "/api/v2/filters/:id", [e](Request& r) { return show_v2(*e, r); });
  router.add(V::put, "/api/v2/filters/:id", [e](Request& r) { return save_v2(*e, r, false); });
  router.add(V::delete_, "/api/v2/filters/:id", [e](Request& r) { return delete_v2(*e, r); });
  // why: the router allows one parameter name per position, so :filter_id is spelled :id here.
  router.add(V::get, "/api/v2/filters/:id/keywords", [e](Request& r) { return list_keywords(*e, r); });
  router.add(V::post, "/api/v2/filters/:id/keywords", [e](Request& r) { return add_keyword(*e, r); });
  router.add(V::get, "/api/v2/filters/keywords/:id", [e](Request& r) { return keyword_op(*e, r, V::get); });
  router.add(V::put, "/api/v2/filters/keywords/:id", [e](Request& r) { return keyword_op(*e, r, V::put); });
  router.add(V::delete_, "/api/v2/filters/keywords/:id", [e](Request& r) { return keyword_op(*e, r, V::delete_); });
  router.add(V::get, "/api/v2/filters/:id/statuses", [e](Request& r) { return list_statuses(*e, r); });
  router.add(V::post, "/api/v2/filters/:id/statuses", [e](Request& r) { return add_status(*e, r); });
  router.add(V::get, "/api/v2/filters/statuses/:id", [e](Request& r) { return status_op(*e, r, false); });
  router.add(V::delete_, "/api/v2/filters/statuses/:id", [e](Request& r) { return status_op(*e, r, true); });

  router.add(V::get, "/api/v1/filters", [e](Request& r) { return list_v1(*e, r); });
  router.add(V::post, "/api/v1/filters", [e](Request& r) { return v1_op(*e, r, V::post); });
  router.add(V::get, "/api/v1/filters/:id", [e](Request& r) { return v1_op(*e, r, V::get); });
  router.add(V::put, "/api/v1/filters/:id", [e](Request& r) { return v1_op(*e, r, V::put); });
  router.add(V::delete_, "/api/v1/filters/:id", [e](Request& r) { return v1_op(*e, r, V::delete_); });
}

}  // namespace parloir::api
