// Built-in images served without a media store: the default avatar and header that every
// Account points at until the user uploads one (Tusky needs non-null URLs), and the instance
// thumbnail. Tiny PNGs, served with long-lived caching.
#include "api/routes.h"

namespace parloir::api {

using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace bh = boost::beast::http;

namespace {

const unsigned char kAvatarPng[] = {137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 144, 119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 218, 99, 152, 53, 107, 3, 0, 3, 182, 1, 229, 22, 130, 195, 61, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130};
const unsigned char kHeaderPng[] = {137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 144, 119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 218, 99, 72, 72, 168, 0, 0, 2, 92, 1, 57, 221, 29, 93, 17, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130};

awaitable<Response> serve_png(const unsigned char* data, std::size_t size) {
  Response r;
  r.content_type = "image/png";
  r.body.assign(reinterpret_cast<const char*>(data), size);
  r.with_header("Cache-Control", "public, max-age=31536000, immutable");
  r.with_header("X-Content-Type-Options", "nosniff");
  co_return r;
}

}  // namespace

void register_static_routes(http::Router& router, const Env&) {
  router.add(bh::verb::get, "/avatars/original/missing.png",
             [](Request&) { return serve_png(kAvatarPng, sizeof kAvatarPng); });
  router.add(bh::verb::get, "/headers/original/missing.png",
             [](Request&) { return serve_png(kHeaderPng, sizeof kHeaderPng); });
  router.add(bh::verb::get, "/instance/thumbnail.png",
             [](Request&) { return serve_png(kHeaderPng, sizeof kHeaderPng); });
}

}  // namespace parloir::api
