#include "media/probe.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace parloir::media {

using util::ErrorCode;
using util::fail;

RunResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout, std::size_t max_output) {
  RunResult r;
  if (argv.empty()) return r;
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return r;
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return r;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    ::setpgid(0, 0);
    int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(devnull, 2);
    struct rlimit cpu {30, 30};
    ::setrlimit(RLIMIT_CPU, &cpu);
    struct rlimit as {2ull << 30, 2ull << 30};
    ::setrlimit(RLIMIT_AS, &as);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[8192];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      r.timed_out = true;
      break;
    }
    pollfd p{out_pipe[0], POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    ssize_t got = ::read(out_pipe[0], buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    if (r.out.size() < max_output) r.out.append(buf, static_cast<std::size_t>(got));
  }
  ::close(out_pipe[0]);
  if (r.timed_out) ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!r.timed_out && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  return r;
}

namespace {

double parse_rate(const std::string& s) {
  auto slash = s.find('/');
  double num = std::strtod(s.c_str(), nullptr);
  if (slash == std::string::npos) return num;
  double den = std::strtod(s.c_str() + slash + 1, nullptr);
  return den > 0 ? num / den : 0;
}

}  // namespace

util::Result<AvInfo> probe_av(const std::string& path, std::chrono::milliseconds timeout) {
  auto r = run_command({"ffprobe", "-v", "error", "-show_entries",
                        "stream=codec_type,codec_name,width,height,avg_frame_rate:format=duration,bit_rate", "-of",
                        "default=noprint_wrappers=1", "--", path},
                       timeout);
  if (r.timed_out) return fail(ErrorCode::unprocessable, "Validation failed: File could not be processed in time");
  if (r.exit_code == 127 || r.exit_code == -1)
    return fail(ErrorCode::unavailable, "Media processing is unavailable", "ffprobe did not run");
  if (r.exit_code != 0) return fail(ErrorCode::unprocessable, "Validation failed: File could not be processed");
  AvInfo info;
  std::istringstream in(r.out);
  std::string line, type;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string k = line.substr(0, eq), v = line.substr(eq + 1);
    if (k == "codec_type") {
      type = v;
      if (v == "video") info.has_video = true;
      if (v == "audio") info.has_audio = true;
    } else if (k == "codec_name") {
      (type == "video" ? info.video_codec : info.audio_codec) = v;
    } else if (k == "width" && type == "video") {
      info.width = std::atoi(v.c_str());
    } else if (k == "height" && type == "video") {
      info.height = std::atoi(v.c_str());
    } else if (k == "avg_frame_rate" && type == "video") {
      info.frame_rate = v;
      info.fps = parse_rate(v);
    } else if (k == "duration") {
      info.duration_s = std::strtod(v.c_str(), nullptr);
    } else if (k == "bit_rate") {
      info.bitrate = std::atoll(v.c_str());
    }
  }
  if (!info.has_video && !info.has_audio)
    return fail(ErrorCode::unprocessable, "Validation failed: File has no audio or video stream");
  return info;
}

util::Result<std::string> extract_frame(const std::string& path, std::chrono::milliseconds timeout) {
  auto r = run_command({"ffmpeg", "-nostdin", "-v", "error", "-i", path, "-frames:v", "1", "-map_metadata", "-1",
                        "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "4", "pipe:1"},
                       timeout, 32u << 20);
  if (r.timed_out) return fail(ErrorCode::unprocessable, "Validation failed: File could not be processed in time");
  if (r.exit_code != 0 || r.out.empty())
    return fail(ErrorCode::unprocessable, "Validation failed: Could not read a frame of the video");
  return std::move(r.out);
}

util::Status transcode_gif(const std::string& in_path, const std::string& out_path, std::chrono::milliseconds timeout) {
  auto r = run_command({"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "gif", "-i", in_path, "-map_metadata", "-1",
                        "-an", "-movflags", "+faststart", "-pix_fmt", "yuv420p", "-vf",
                        "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
                        "-f", "mp4", out_path},
                       timeout);
  if (r.timed_out) return fail(ErrorCode::unprocessable, "Validation failed: File could not be processed in time");
  if (r.exit_code == 127 || r.exit_code == -1)
    return fail(ErrorCode::unavailable, "Media processing is unavailable", "ffmpeg did not run");
  if (r.exit_code != 0) return fail(ErrorCode::unprocessable, "Validation failed: The animated GIF could not be converted");
  return {};
}

}  // namespace parloir::media
