#include "core/media.h"

#include <cstdlib>

namespace parloir::core {

std::string_view media_type_name(MediaType t) {
  switch (t) {
    case MediaType::image: return "image";
    case MediaType::gifv: return "gifv";
    case MediaType::video: return "video";
    case MediaType::audio: return "audio";
    case MediaType::unknown: break;
  }
  return "unknown";
}

double MediaAttachment::fps() const {
  if (frame_rate.empty()) return 0;
  auto slash = frame_rate.find('/');
  double num = std::strtod(frame_rate.c_str(), nullptr);
  if (slash == std::string::npos) return num;
  double den = std::strtod(frame_rate.c_str() + slash + 1, nullptr);
  return den > 0 ? num / den : 0;
}

}  // namespace parloir::core
