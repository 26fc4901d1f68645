// MediaFetcher: caches remote media in the background — remote attachments, avatars and
// headers queued in the remote-file queue (store/media.h, filled by services/remote_media.h
// when a status or actor arrives), so the inbox never waits on a slow media host. Each file is
// claimed with a lease (a crash retries it), fetched through the SSRF-guarded client (domain
// gate checked, redirects re-checked, size capped at the media limits, connect/total
// timeouts), then sniffed and re-encoded like an upload (services::cache_remote_file).
// Failures retry 4 times with growing delays (15 s, 1 min, 4 min, 16 min); 4xx answers, refused
// addresses and unusable content give up at once (the API keeps showing the remote URL).
// Thread-safe; start() once, stop() joins.
#pragma once

#include "federation/context.h"
#include "services/remote_media.h"  // store::RemoteFile (federation reaches storage only through services headers)
#include "util/worker_threads.h"

namespace parloir::federation {

class MediaFetcher {
 public:
  MediaFetcher(Context& ctx, int threads) : ctx_(ctx), threads_(threads) {}
  ~MediaFetcher() { stop(); }
  void start();
  void stop();
  // Looks at the queue now (after a status with attachments or an actor was stored).
  void wake();

 private:
  void run();
  void fetch(const store::RemoteFile& file);

  Context& ctx_;
  int threads_;
  util::WorkerThreads workers_;
};

}  // namespace parloir::federation
