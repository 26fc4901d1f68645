// Audio and video: facts read by ffprobe and a preview frame cut by ffmpeg (Debian ffmpeg),
// each run as a subprocess on a file path — no shell, argument vector only, stdin closed,
// output capped, CPU time and address space limited, killed after a timeout. The file itself
// is stored untouched (no transcoding). Thread-safe (no shared state).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "media/sniff.h"
#include "util/result.h"

namespace parloir::media {

struct AvInfo {
  bool has_video = false;
  bool has_audio = false;
  int width = 0;
  int height = 0;
  double duration_s = 0;
  double fps = 0;
  std::string frame_rate;  // as ffprobe gives it, e.g. "30/1"
  std::int64_t bitrate = 0;
  std::string audio_codec;
  std::string video_codec;
};

// ffprobe's view of the file at `path`. Errors: unprocessable when ffprobe cannot parse it
// (Mastodon refuses those), unavailable when ffprobe is missing or times out.
util::Result<AvInfo> probe_av(const std::string& path, std::chrono::milliseconds timeout);

// The first video frame as a JPEG, made by ffmpeg. Errors as probe_av.
util::Result<std::string> extract_frame(const std::string& path, std::chrono::milliseconds timeout);

// Converts an animated GIF at `in_path` into a silent H.264 MP4 at `out_path` (Mastodon's gifv),
// metadata dropped. Errors as probe_av.
util::Status transcode_gif(const std::string& in_path, const std::string& out_path, std::chrono::milliseconds timeout);

struct RunResult {
  int exit_code = -1;     // -1 when killed or not started
  bool timed_out = false;
  std::string out;        // stdout, at most `max_output` bytes
};
// Runs argv[0] (an absolute path or a name looked up in PATH) with argv, no shell. Exposed for tests.
RunResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      std::size_t max_output = 1 << 20);

}  // namespace parloir::media
