#include "input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace leadscore::cli {
namespace {

Result<std::string> ReadError(const std::string& path, int error_number) {
  return std::vector<Error>{
      Error{DisplayName(path), std::string("cannot read: ") + std::strerror(error_number)}};
}

}  // namespace

std::string DisplayName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

Result<std::string> ReadInput(const std::string& path) {
  bool is_stdin = path == "-";
  int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ReadError(path, errno);

  std::string content;
  struct stat info {};
  if (::fstat(fd, &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      if (!is_stdin) ::close(fd);
      return ReadError(path, EISDIR);
    }
    // A regular file is read with one allocation; pipes grow the buffer as they go.
    if (S_ISREG(info.st_mode)) content.reserve(static_cast<size_t>(info.st_size) + 1);
  }

  constexpr size_t kChunk = 1 << 16;
  int failure = 0;
  for (;;) {
    size_t used = content.size();
    // Capacity left over from the reserve is used first; pipes grow geometrically.
    size_t room = content.capacity() - used;
    if (room == 0) room = used > kChunk ? used : kChunk;
    content.resize(used + room);
    ssize_t n = ::read(fd, &content[used], room);
    if (n < 0 && errno == EINTR) {
      content.resize(used);
      continue;
    }
    content.resize(used + (n > 0 ? static_cast<size_t>(n) : 0));
    if (n < 0) failure = errno;
    if (n <= 0) break;
  }
  if (!is_stdin) ::close(fd);
  if (failure != 0) return ReadError(path, failure);
  return content;
}

Result<Config> LoadConfig(const std::string& path) {
  Result<std::string> text = ReadInput(path);
  if (!text.ok()) return text.errors();
  Result<Config> config = ParseConfig(text.value());
  if (config.ok()) return config;
  std::vector<Error> errors;
  for (const Error& error : config.errors()) {
    errors.push_back(Error{DisplayName(path), error.ToString()});
  }
  return errors;
}

}  // namespace leadscore::cli
