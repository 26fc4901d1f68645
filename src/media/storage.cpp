#include "media/storage.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace parloir::media {

using util::ErrorCode;
using util::fail;

namespace {

constexpr std::array<std::string_view, 10> kExtensions = {"jpg", "png", "webp", "gif", "mp4",
                                                          "webm", "ogg", "mp3", "wav", "flac"};

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return !s.empty();
}

std::string_view extension_of(std::string_view key) {
  auto dot = key.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : key.substr(dot + 1);
}

util::Error io_error(std::string what, const std::string& path) {
  return util::Error{ErrorCode::internal, "Media storage error", what + " " + path + ": " + std::strerror(errno)};
}

class LocalStorage final : public Storage {
 public:
  explicit LocalStorage(std::string root) : root_(std::move(root)) {}

  util::Status put(std::string_view key, std::string_view data) override {
    if (!is_valid_key(key)) return fail(ErrorCode::internal, "Media storage error", "invalid key");
    const std::string path = root_ + "/" + std::string(key);
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) return fail(ErrorCode::internal, "Media storage error", "mkdir " + path + ": " + ec.message());
    const std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) return fail(io_error("open", tmp));
    std::size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::write(fd, data.data() + off, data.size() - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        auto err = io_error("write", tmp);
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail(std::move(err));
      }
      off += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
      auto err = io_error("close", tmp);
      ::unlink(tmp.c_str());
      return fail(std::move(err));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      auto err = io_error("rename", tmp);
      ::unlink(tmp.c_str());
      return fail(std::move(err));
    }
    return {};
  }

  util::Result<std::string> read(std::string_view key) override {
    if (!is_valid_key(key)) return fail(ErrorCode::not_found, "Record not found");
    const std::string path = root_ + "/" + std::string(key);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
      if (errno == ENOENT) return fail(ErrorCode::not_found, "Record not found");
      return fail(io_error("open", path));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return fail(ErrorCode::not_found, "Record not found");
    }
    std::string out(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t off = 0;
    while (off < out.size()) {
      ssize_t n = ::read(fd, out.data() + off, out.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      off += static_cast<std::size_t>(n);
    }
    ::close(fd);
    out.resize(off);
    return out;
  }

  util::Result<StoredFile> open(std::string_view key) override {
    if (!is_valid_key(key)) return fail(ErrorCode::not_found, "Record not found");
    const std::string path = root_ + "/" + std::string(key);
    StoredFile f;
    f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (f.fd < 0) {
      if (errno == ENOENT) return fail(ErrorCode::not_found, "Record not found");
      return fail(io_error("open", path));
    }
    struct stat st {};
    if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) return fail(ErrorCode::not_found, "Record not found");
    f.size = static_cast<std::int64_t>(st.st_size);
    f.modified_ms = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
    return f;
  }

  util::Status remove(std::string_view key) override {
    if (!is_valid_key(key)) return {};
    const std::string path = root_ + "/" + std::string(key);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return fail(io_error("unlink", path));
    return {};
  }

  util::Status each(const std::function<void(const std::string&, std::int64_t, std::int64_t)>& fn) override {
    std::error_code ec;
    if (!std::filesystem::exists(root_, ec)) return {};
    auto it = std::filesystem::recursive_directory_iterator(root_, ec);
    if (ec) return fail(ErrorCode::internal, "Media storage error", "list " + root_ + ": " + ec.message());
    for (const auto& entry : it) {
      if (!entry.is_regular_file(ec)) continue;
      std::string rel = std::filesystem::relative(entry.path(), root_, ec).generic_string();
      if (ec || !is_valid_key(rel)) continue;
      struct stat st {};
      if (::stat(entry.path().c_str(), &st) != 0) continue;
      fn(rel, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000,
         static_cast<std::int64_t>(st.st_size));
    }
    return {};
  }

 private:
  std::string root_;
};

}  // namespace

StoredFile& StoredFile::operator=(StoredFile&& o) noexcept {
  if (this != &o) {
    if (fd >= 0) ::close(fd);
    fd = o.release();
    size = o.size;
    modified_ms = o.modified_ms;
  }
  return *this;
}

StoredFile::~StoredFile() {
  if (fd >= 0) ::close(fd);
}

bool is_valid_key(std::string_view key) {
  // aa/bb/<32 hex>.<ext>
  if (key.size() < 6 + 32 + 2) return false;
  if (key[2] != '/' || key[5] != '/') return false;
  if (!is_hex(key.substr(0, 2)) || !is_hex(key.substr(3, 2))) return false;
  std::string_view name = key.substr(6);
  auto dot = name.find('.');
  if (dot != 32 || !is_hex(name.substr(0, 32))) return false;
  if (name.substr(0, 4) != std::string(key.substr(0, 2)) + std::string(key.substr(3, 2))) return false;
  std::string_view ext = name.substr(33);
  for (auto e : kExtensions)
    if (ext == e) return true;
  return false;
}

std::string new_key(std::string_view ext) {
  std::array<unsigned char, 16> bytes{};
  std::size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::getrandom(bytes.data() + got, bytes.size() - got, 0);
    if (n > 0) got += static_cast<std::size_t>(n);
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string name;
  for (unsigned char b : bytes) {
    name.push_back(hex[b >> 4]);
    name.push_back(hex[b & 15]);
  }
  return name.substr(0, 2) + "/" + name.substr(2, 2) + "/" + name + "." + std::string(ext);
}

std::string_view content_type_for_key(std::string_view key) {
  std::string_view ext = extension_of(key);
  if (ext == "jpg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "webp") return "image/webp";
  if (ext == "gif") return "image/gif";
  if (ext == "mp4") return "video/mp4";
  if (ext == "webm") return "video/webm";
  if (ext == "ogg") return "audio/ogg";
  if (ext == "mp3") return "audio/mpeg";
  if (ext == "wav") return "audio/wave";
  if (ext == "flac") return "audio/flac";
  return "application/octet-stream";
}

std::unique_ptr<Storage> open_local_storage(std::string root) { return std::make_unique<LocalStorage>(std::move(root)); }

}  // namespace parloir::media
