// `parloir serve`: runs the HTTP server until SIGINT/SIGTERM, then shuts down gracefully
// (stop accepting, finish in-flight requests, drain the blocking pool, close the database).
#pragma once

#include "app/config.h"

namespace parloir::app {

// Returns the process exit code.
int run_serve(const Config& config);

}  // namespace parloir::app
