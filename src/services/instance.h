// Instance-wide figures shown by /api/v1/instance and NodeInfo. Blocking.
#pragma once

#include <cstdint>

#include "services/deps.h"
#include "util/result.h"

namespace parloir::services {

struct InstanceStats {
  std::int64_t user_count = 0;
  std::int64_t status_count = 0;
  std::int64_t domain_count = 0;
  std::int64_t active_month = 0;
  std::int64_t active_halfyear = 0;
};

util::Result<InstanceStats> instance_stats(const Deps& deps);

}  // namespace parloir::services
