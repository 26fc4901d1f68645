// Media: uploads (POST /api/v1/media, /api/v2/media), one's own attachments (GET, PUT, DELETE
// /api/v1/media/:id), and the stored files themselves (GET /system/<key>), served with their
// type, nosniff, a sandboxing CSP and long-lived caching, streamed from disk with byte ranges.
#include "api/auth.h"
#include "api/errors.h"
#include "api/routes.h"
#include "api/serializers/media.h"
#include "http/file_response.h"
#include "media/storage.h"
#include "services/media.h"
#include "services/media_urls.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

Response media_response(const Env& env, const core::MediaAttachment& m, unsigned status = 200) {
  JsonOut o;
  write_media_attachment(o, env, m);
  return Response::json(o.take(), status);
}

const http::UploadedFile* file_part(const Request& req, std::string_view field) {
  for (const auto& f : req.files)
    if (f.field == field) return &f;
  return nullptr;
}

awaitable<Response> upload(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:media", Need::user);
  if (!caller) co_return error_response(caller.error());
  const http::UploadedFile* file = file_part(req, "file");
  if (!file) co_return Response::error(422, "Validation failed: File can't be blank");
  services::UploadInput in;
  in.data = file->data;
  if (auto d = req.param("description")) in.description = std::string(*d);
  if (auto f = req.param("focus")) in.focus = std::string(*f);
  if (const http::UploadedFile* thumb = file_part(req, "thumbnail")) in.thumbnail = std::string_view(thumb->data);
  const auto& me = *caller->user;
  auto m = co_await env.pool.run([&] { return services::upload_media(env.deps, me, in); });
  if (!m) co_return error_response(m.error());
  // why: processing is synchronous, so v2 answers 200 (processed) as Mastodon does for small
  // images; clients that poll GET /api/v1/media/:id then find it done at once.
  co_return media_response(env, *m);
}

awaitable<Response> show(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:media", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const core::Id me = caller->user->account.id;
  auto m = co_await env.pool.run([&] { return services::get_media(env.deps, me, *id); });
  if (!m) co_return error_response(m.error());
  co_return media_response(env, *m);
}

awaitable<Response> update(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:media", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  std::optional<std::string> description, focus;
  if (auto d = req.param("description")) description = std::string(*d);
  if (auto f = req.param("focus")) focus = std::string(*f);
  std::optional<std::string_view> thumbnail;
  if (const http::UploadedFile* thumb = file_part(req, "thumbnail")) thumbnail = std::string_view(thumb->data);
  const core::Id me = caller->user->account.id;
  auto m = co_await env.pool.run(
      [&] { return services::update_media(env.deps, me, *id, description, focus, thumbnail); });
  if (!m) co_return error_response(m.error());
  co_return media_response(env, *m);
}

awaitable<Response> remove(const Env& env, Request& req) {
  auto caller = co_await authenticate(env, req, "write:media", Need::user);
  if (!caller) co_return error_response(caller.error());
  auto id = path_id(req);
  if (!id) co_return not_found();
  const core::Id me = caller->user->account.id;
  auto m = co_await env.pool.run([&]() -> util::Result<core::MediaAttachment> {
    auto found = services::get_media(env.deps, me, *id);
    if (!found) return found;
    if (auto st = services::delete_media(env.deps, me, *id); !st) return util::fail(st.error());
    return found;
  });
  if (!m) co_return error_response(m.error());
  co_return media_response(env, *m);
}

awaitable<Response> serve_file(const Env& env, Request& req) {
  std::string key = std::string(req.path_param("a")) + "/" + std::string(req.path_param("b")) + "/" +
                    std::string(req.path_param("name"));
  if (!media::is_valid_key(key)) co_return not_found();
  if (!env.media_url_secret.empty()) {
    // Private instance: a capability URL (the signature its entities carry), or a user token.
    auto sig = req.query.get("sig");
    if (!sig || !services::media_url_signature_valid(env.media_url_secret, key, *sig)) {
      if (sig || bearer_token(req).empty()) co_return Response::error(401, "This API requires an authenticated user");
      auto caller = co_await authenticate(env, req, "", Need::user);
      if (!caller) co_return error_response(caller.error());
    }
  }
  auto file = co_await env.pool.run([&] { return services::open_media_file(env.deps, key); });
  if (!file) co_return error_response(file.error());
  // why: streamed from disk with byte ranges, so browsers and apps can seek in videos and audio.
  const http::FileFacts facts{static_cast<std::uint64_t>(file->size), file->modified_ms};
  Response r = http::file_response(req, file->release(), facts, std::string(media::content_type_for_key(key)));
  r.with_header("Cache-Control", "public, max-age=31536000, immutable");
  r.with_header("X-Content-Type-Options", "nosniff");
  r.with_header("Content-Security-Policy", "default-src 'none'; form-action 'none'; sandbox");
  r.with_header("Cross-Origin-Resource-Policy", "cross-origin");
  co_return r;
}

}  // namespace

void register_media_routes(http::Router& router, const Env& env) {
  const Env* e = &env;
  const http::RouteOptions big{env.media_body_limit};
  router.add(bh::verb::post, "/api/v1/media", [e](Request& r) { return upload(*e, r); }, big);
  router.add(bh::verb::post, "/api/v2/media", [e](Request& r) { return upload(*e, r); }, big);
  router.add(bh::verb::get, "/api/v1/media/:id", [e](Request& r) { return show(*e, r); });
  router.add(bh::verb::put, "/api/v1/media/:id", [e](Request& r) { return update(*e, r); }, big);  // thumbnail
  router.add(bh::verb::delete_, "/api/v1/media/:id", [e](Request& r) { return remove(*e, r); });
  router.add(bh::verb::get, "/system/:a/:b/:name", [e](Request& r) { return serve_file(*e, r); });
}

}  // namespace parloir::api
