#include "http/access_log.h"

namespace parloir::http::detail {

std::string_view loggable_target(std::string_view target, bool* redacted) {
  *redacted = false;
  std::size_t q = target.find('?');
  if (q == std::string_view::npos) return target;
  if (target.find("access_token", q) == std::string_view::npos) return target;
  *redacted = true;
  return target.substr(0, q);
}

void write_access_log(spdlog::logger& log, std::string_view ip, std::string_view method, std::string_view target,
                      unsigned version, unsigned status, std::size_t bytes, std::int64_t micros) {
  bool redacted = false;
  std::string_view shown = loggable_target(target, &redacted);
  log.info("{} \"{} {}{} HTTP/{}.{}\" {} {} {}us", ip, method, shown, redacted ? "?…" : "", version / 10,
           version % 10, status, bytes, micros);
}

}  // namespace parloir::http::detail
