#include "util/log.h"

#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace parloir::util {

namespace {
std::shared_ptr<spdlog::logger> g_access;  // why: set once in init_logging before threads start
constexpr std::size_t kAccessQueueSlots = 8192;
}

bool init_logging(const LogOptions& opts) {
  auto level = spdlog::level::from_str(opts.level);
  if (level == spdlog::level::off && opts.level != "off") return false;
  auto logger = spdlog::stderr_color_mt("parloir");
  logger->set_level(level);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
  if (!opts.access_log.empty() && opts.access_log != "off") {
    // why: spdlog preallocates (and touches) every slot of the queue, ~400 bytes each: 65,536
    // slots held 26.7 MB of RSS for nothing. 8,192 lines is half a second of backlog at 16k
    // requests/s; a longer stall of the writer thread drops the oldest lines (overrun_oldest).
    spdlog::init_thread_pool(kAccessQueueSlots, 1);
    std::shared_ptr<spdlog::sinks::sink> sink;
    if (opts.access_log == "-")
      sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
    else
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(opts.access_log);
    g_access = std::make_shared<spdlog::async_logger>("access", sink, spdlog::thread_pool(),
                                                      spdlog::async_overflow_policy::overrun_oldest);
    g_access->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
    g_access->flush_on(spdlog::level::err);
  }
  return true;
}

spdlog::logger* access_logger() { return g_access.get(); }

void shutdown_logging() {
  if (g_access) g_access->flush();
  g_access.reset();
  spdlog::shutdown();
}

}  // namespace parloir::util
