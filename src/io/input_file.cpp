#include "input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace leadscore::io {
namespace {

Result<std::string> ReadError(const std::string& path, const std::string& reason) {
  return std::vector<Error>{Error{DisplayName(path), "cannot read: " + reason}};
}

std::string TooLarge(size_t max_bytes) {
  constexpr size_t kMiB = size_t{1} << 20;
  return "larger than " +
         (max_bytes % kMiB == 0 ? std::to_string(max_bytes / kMiB) + " MiB" : std::to_string(max_bytes) + " bytes");
}

}  // namespace

std::string DisplayName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

Result<std::string> ReadInput(const std::string& path, size_t max_bytes) {
  bool is_stdin = path == "-";
  int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ReadError(path, std::strerror(errno));
  auto close_file = [&] {
    if (!is_stdin) ::close(fd);
  };

  std::string content;
  struct stat info {};
  if (::fstat(fd, &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      close_file();
      return ReadError(path, std::strerror(EISDIR));
    }
    if (S_ISREG(info.st_mode)) {
      if (static_cast<unsigned long long>(info.st_size) > max_bytes) {
        close_file();
        return ReadError(path, TooLarge(max_bytes));
      }
      // A regular file is read with one allocation; pipes grow the buffer as they go.
      content.reserve(static_cast<size_t>(info.st_size) + 1);
    }
  }

  constexpr size_t kChunk = 1 << 16;
  int failure = 0;
  bool too_large = false;
  for (;;) {
    size_t used = content.size();
    // Capacity left over from the reserve is used first; pipes grow geometrically. One byte past
    // the limit is enough to know a stream (a pipe, /dev/zero) is too large.
    size_t room = content.capacity() - used;
    if (room == 0) room = used > kChunk ? used : kChunk;
    if (max_bytes != kAnySize && room > max_bytes + 1 - used) room = max_bytes + 1 - used;
    content.resize(used + room);
    ssize_t n = ::read(fd, &content[used], room);
    if (n < 0 && errno == EINTR) {
      content.resize(used);
      continue;
    }
    content.resize(used + (n > 0 ? static_cast<size_t>(n) : 0));
    if (n < 0) failure = errno;
    if (n <= 0) break;
    if (content.size() > max_bytes) {
      too_large = true;
      break;
    }
  }
  close_file();
  if (failure != 0) return ReadError(path, std::strerror(failure));
  if (too_large) return ReadError(path, TooLarge(max_bytes));
  return content;
}

std::vector<Error> InFile(const std::string& path, const std::vector<Error>& errors) {
  std::vector<Error> named;
  named.reserve(errors.size());
  for (const Error& error : errors) named.push_back(Error{DisplayName(path), error.ToString()});
  return named;
}

Result<Config> LoadConfig(const std::string& path) {
  Result<std::string> text = ReadInput(path, kMaxSettingsFileBytes);
  if (!text.ok()) return text.errors();
  Result<Config> config = ParseConfig(text.value());
  if (config.ok()) return config;
  return InFile(path, config.errors());
}

}  // namespace leadscore::io
