#include "static_files.h"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>

namespace leadscore::server {
namespace {

std::string ContentType(const std::string& file_name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {"wasm", "application/wasm"}, {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"}, {"json", "application/json"},
      {"map", "application/json"}, {"html", "text/html; charset=utf-8"},
      {"css", "text/css; charset=utf-8"}, {"svg", "image/svg+xml"},
      {"pdf", "application/pdf"}, {"txt", "text/plain; charset=utf-8"},
      {"woff2", "font/woff2"}, {"ico", "image/x-icon"}, {"png", "image/png"},
      {"jpg", "image/jpeg"}, {"gif", "image/gif"}, {"bcmap", "application/octet-stream"}};
  size_t slash = file_name.rfind('/');
  size_t dot = file_name.rfind('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
    std::string extension = file_name.substr(dot + 1);
    for (const auto& [known, type] : kTypes) {
      if (extension == known) return type;
    }
  }
  return "application/octet-stream";
}

std::optional<std::string> RealPath(const std::string& path) {
  char resolved[PATH_MAX];
  if (!realpath(path.c_str(), resolved)) return std::nullopt;
  return std::string(resolved);
}

// The path below a mount, as segments; nullopt when a segment is hidden or climbs out, or a byte
// no file name of ours has (control characters, backslash) appears.
std::optional<std::string> SafeRelativePath(const std::string& rest) {
  std::string relative;
  size_t start = 0;
  while (start <= rest.size()) {
    size_t end = rest.find('/', start);
    if (end == std::string::npos) end = rest.size();
    std::string segment = rest.substr(start, end - start);
    if (!segment.empty()) {
      if (segment.front() == '.') return std::nullopt;
      for (unsigned char c : segment) {
        if (c < 0x20 || c == 0x7f || c == '\\') return std::nullopt;
      }
      relative += "/" + segment;
    }
    start = end + 1;
  }
  return relative;
}

}  // namespace

std::optional<Error> StaticFiles::Mount(const std::vector<StaticMount>& mounts,
                                        const std::vector<std::string>& private_files) {
  for (const StaticMount& mount : mounts) {
    struct stat info {};
    auto dir = RealPath(mount.dir);
    if (!dir || stat(dir->c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
      return Error{"--static", mount.dir + " is not a directory"};
    }
    if (*dir == "/") dir->clear();
    roots_.push_back(Root{mount.prefix, *dir});
  }
  for (const std::string& path : private_files) {
    struct stat info {};
    if (stat(path.c_str(), &info) == 0) private_files_.emplace_back(info.st_dev, info.st_ino);
  }
  return std::nullopt;
}

bool StaticFiles::Serve(const Request& request, Response& response) const {
  for (const Root& root : roots_) {
    const std::string& prefix = root.prefix;
    const std::string& path = request.path;
    std::string rest;
    if (prefix == "/") {
      rest = path;
    } else if (path.compare(0, prefix.size(), prefix) == 0 && (path.size() == prefix.size() || path[prefix.size()] == '/')) {
      rest = path.substr(prefix.size());
    } else {
      continue;
    }
    auto relative = SafeRelativePath(rest);
    if (!relative) break;
    std::string candidate = root.dir + *relative;
    struct stat info {};
    if (stat(candidate.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) candidate += "/index.html";
    auto real = RealPath(candidate);
    // Inside this root (symlinks resolved), a regular file, and not a private one.
    if (!real || real->compare(0, root.dir.size() + 1, root.dir + "/") != 0) continue;
    if (stat(real->c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    bool hidden = real->find("/.", root.dir.size()) != std::string::npos;
    bool private_file = false;
    for (const auto& [device, inode] : private_files_) private_file |= info.st_dev == device && info.st_ino == inode;
    if (hidden || private_file) break;
    response.status = 200;
    response.file_path = *real;
    response.set_header("Content-Type", ContentType(*real));
    response.set_header("Cache-Control", "no-cache");
    response.set_header("X-Content-Type-Options", "nosniff");
    return true;
  }
  response.status = 404;
  return false;
}

}  // namespace leadscore::server
