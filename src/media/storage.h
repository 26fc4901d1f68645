// Storage: where media files live, behind a small interface so an S3-compatible store can be
// added later. Keys are chosen by the server only — "<aa>/<bb>/<32 hex>.<ext>", random — and
// every method refuses a key that does not have exactly that shape, so no path from user input
// can reach the file system (no traversal, no absolute paths). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "util/result.h"

namespace parloir::media {

// True for keys of the shape new_key() makes (lower-case hex, one known extension).
bool is_valid_key(std::string_view key);

// A fresh random key with extension `ext` (one of jpg png webp gif mp4 webm ogg mp3 wav flac).
std::string new_key(std::string_view ext);

// The MIME type to serve a key's file with (from its extension, which the server chose).
std::string_view content_type_for_key(std::string_view key);

// An open stored file (read-only), for streaming it without loading it. Move-only; closes fd.
struct StoredFile {
  int fd = -1;
  std::int64_t size = 0;
  std::int64_t modified_ms = 0;
  StoredFile() = default;
  StoredFile(StoredFile&& o) noexcept : fd(o.fd), size(o.size), modified_ms(o.modified_ms) { o.fd = -1; }
  StoredFile& operator=(StoredFile&& o) noexcept;
  StoredFile(const StoredFile&) = delete;
  StoredFile& operator=(const StoredFile&) = delete;
  ~StoredFile();
  // Gives the descriptor to the caller (who closes it).
  int release() {
    int f = fd;
    fd = -1;
    return f;
  }
};

class Storage {
 public:
  virtual ~Storage() = default;
  // Writes the whole file under `key` (atomically: readers see the old state or all of it).
  virtual util::Status put(std::string_view key, std::string_view data) = 0;
  // The whole file; not_found when absent.
  virtual util::Result<std::string> read(std::string_view key) = 0;
  // The file opened for reading, with its size and modification time; not_found when absent.
  // (A remote object store would answer with a local spooled copy or a redirect instead.)
  virtual util::Result<StoredFile> open(std::string_view key) = 0;
  // Removes the file; an absent file is not an error.
  virtual util::Status remove(std::string_view key) = 0;
  // Calls fn(key, modified unix ms, size) for every stored file (any order).
  virtual util::Status each(const std::function<void(const std::string&, std::int64_t, std::int64_t)>& fn) = 0;
};

// Files under `root` (created if missing), sharded in two directory levels by the key's first
// four hex digits. Writes go to a temporary file in the same directory, then rename().
std::unique_ptr<Storage> open_local_storage(std::string root);

}  // namespace parloir::media
