#include "federation/media_fetcher.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "federation/url.h"
#include "services/media.h"
#include "services/remote_media.h"
#include "util/time.h"

namespace parloir::federation {

namespace {

constexpr std::int64_t kLeaseMs = 120'000;
constexpr int kClaimBatch = 4;
constexpr int kMaxAttempts = 5;
constexpr std::chrono::milliseconds kIdlePoll{500};

std::int64_t retry_delay_ms(int attempts) {
  std::int64_t d = 15'000;
  for (int i = 1; i < attempts; ++i) d *= 4;
  return d;
}

}  // namespace

void MediaFetcher::start() {
  workers_.start(threads_, [this] { run(); });
}

void MediaFetcher::stop() { workers_.stop(); }

void MediaFetcher::wake() { workers_.wake(); }

void MediaFetcher::run() {
  for (;;) {
    if (workers_.stopping()) return;
    std::int64_t now = util::now_ms();
    std::vector<store::RemoteFile> batch;
    auto st = ctx_.deps.store.write([&](store::Tx& tx) -> util::Status {
      auto claimed = tx.media().claim_remote_files(now, now + kLeaseMs, kClaimBatch);
      if (!claimed) return util::fail(claimed.error());
      batch = std::move(*claimed);
      return {};
    });
    if (!st) spdlog::warn("remote media queue: {}", st.error().detail);
    if (batch.empty()) {
      workers_.wait_for_work(kIdlePoll, std::chrono::milliseconds(5));
      continue;
    }
    for (const auto& f : batch) {
      if (workers_.stopping()) return;  // the lease brings the rest back after a restart
      fetch(f);
    }
  }
}

void MediaFetcher::fetch(const store::RemoteFile& f) {
  using util::ErrorCode;
  const services::MediaSettings limits = ctx_.deps.media ? ctx_.deps.media->settings : services::MediaSettings{};
  auto settle = [&](store::RemoteFileState state, int attempts, std::int64_t at) {
    (void)ctx_.deps.store.write([&](store::Tx& tx) -> util::Status {
      auto r = tx.media().settle_remote_file(f.kind, f.owner_id, f.remote_url, state, attempts, at);
      return r ? util::Status{} : util::Status(util::fail(r.error()));
    });
  };
  auto give_up = [&](const std::string& why) {
    spdlog::info("remote media {} not cached: {}", f.remote_url, why);
    settle(store::RemoteFileState::failed, f.attempts + 1, util::now_ms());
  };
  auto retry = [&](const std::string& why) {
    int attempts = f.attempts + 1;
    if (attempts >= kMaxAttempts) return give_up(why + " (after " + std::to_string(attempts) + " attempts)");
    settle(store::RemoteFileState::pending, attempts, util::now_ms() + retry_delay_ms(attempts));
  };

  auto url = parse_url(f.remote_url);
  if (!url) return give_up("invalid URL");
  if (url->authority == ctx_.settings.domain) return give_up("a local URL");
  if (!ctx_.gate.permits(url->authority)) return give_up("domain not allowed");
  if (!ctx_.deps.media) return retry("media storage not set up");
  http::ClientRequest req;
  req.url = f.remote_url;
  req.follow_redirects = true;
  req.headers = {{"Accept", "image/*, video/*, audio/*;q=0.9, */*;q=0.5"}};
  const std::int64_t cap =
      f.kind == store::RemoteFileKind::attachment ? std::max(limits.image_size_limit, limits.video_size_limit)
                                                  : limits.image_size_limit;
  req.max_body = static_cast<std::size_t>(cap);
  auto res = ctx_.client.send(req);
  if (!res) {
    const auto code = res.error().code;
    if (code == ErrorCode::forbidden || code == ErrorCode::bad_request || code == ErrorCode::payload_too_large)
      return give_up(res.error().public_message);
    return retry(res.error().public_message);
  }
  if (!res->final_url.empty()) {  // every hop passed the address policy; the gate judges the last host
    auto final_url = parse_url(res->final_url);
    if (!final_url || !ctx_.gate.permits(final_url->authority)) return give_up("redirected to a domain not allowed");
  }
  if (res->status != 200) {
    const long s = res->status;
    if (s >= 400 && s < 500 && s != 408 && s != 429) return give_up("HTTP " + std::to_string(s));
    return retry("HTTP " + std::to_string(s));
  }
  auto st = services::cache_remote_file(ctx_.deps, f, res->body);
  if (!st) {
    if (st.error().code == ErrorCode::unavailable) return retry(st.error().public_message);
    return give_up(st.error().public_message + " " + st.error().detail);
  }
}

}  // namespace parloir::federation
