// Logging facade: spdlog with one application logger and an optional access logger.
// init_logging() is called once by app/ before any thread starts; afterwards the loggers are
// thread-safe (spdlog's own locking / async queue).
#pragma once

#include <string>

#include <spdlog/spdlog.h>

namespace parloir::util {

struct LogOptions {
  std::string level = "info";    // trace|debug|info|warn|error|off
  std::string access_log = "";   // "" or "off": none; "-": stdout; otherwise a file path
};

// Sets up the default logger (stderr) and the access logger. Returns false on a bad level.
bool init_logging(const LogOptions& opts);

// The access logger, or nullptr when access logging is off.
spdlog::logger* access_logger();

// Flushes and drops all loggers (called at shutdown).
void shutdown_logging();

}  // namespace parloir::util
