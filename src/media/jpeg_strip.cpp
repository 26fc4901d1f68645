#include "media/jpeg_strip.h"

namespace parloir::media {

namespace {

// Segments a decoder needs besides SOF/SOS/DHT/DQT/DRI/DAC (which are always kept).
bool keep_app(unsigned char marker, std::string_view payload) {
  if (marker == 0xE0) return payload.substr(0, 5) == std::string_view("JFIF\0", 5);  // density, version
  if (marker == 0xEE) return payload.substr(0, 5) == "Adobe";  // colour transform flag
  return false;
}

}  // namespace

std::optional<std::string> strip_jpeg_metadata(std::string_view in) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(in[i]); };
  if (in.size() < 4 || byte(0) != 0xFF || byte(1) != 0xD8) return std::nullopt;
  std::string out;
  out.reserve(in.size());
  out.append("\xFF\xD8", 2);
  std::size_t i = 2;
  bool in_scan = false;  // after an SOS: entropy-coded data until the next marker
  while (i < in.size()) {
    if (in_scan) {
      // Copy entropy-coded bytes up to the next real marker (FF00 is a stuffed byte, FFD0-D7 restarts).
      std::size_t start = i;
      while (i + 1 < in.size()) {
        if (byte(i) == 0xFF) {
          unsigned char next = byte(i + 1);
          if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) break;
        }
        ++i;
      }
      if (i + 1 >= in.size()) return std::nullopt;  // no EOI: truncated
      out.append(in.substr(start, i - start));
      in_scan = false;
      continue;
    }
    if (byte(i) != 0xFF) return std::nullopt;
    while (i < in.size() && byte(i) == 0xFF) ++i;  // fill bytes
    if (i >= in.size()) return std::nullopt;
    const unsigned char marker = byte(i++);
    if (marker == 0xD9) {  // EOI: done; whatever follows is dropped
      out.append("\xFF\xD9", 2);
      return out;
    }
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) return std::nullopt;
    if (i + 2 > in.size()) return std::nullopt;
    const std::size_t len = (static_cast<std::size_t>(byte(i)) << 8) | byte(i + 1);
    if (len < 2 || i + len > in.size()) return std::nullopt;
    const std::string_view payload = in.substr(i + 2, len - 2);
    const bool app = marker >= 0xE0 && marker <= 0xEF;
    const bool keep = app ? keep_app(marker, payload) : marker != 0xFE;  // COM dropped
    if (keep) {
      out.push_back('\xFF');
      out.push_back(static_cast<char>(marker));
      out.append(in.substr(i, len));
    }
    i += len;
    if (marker == 0xDA) in_scan = true;
  }
  return std::nullopt;
}

}  // namespace parloir::media
