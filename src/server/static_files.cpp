#include "static_files.h"

#include <sys/stat.h>

namespace leadscore::server {

std::optional<Error> MountStaticDirs(httplib::Server& server, const std::vector<StaticMount>& mounts) {
  const std::pair<const char*, const char*> kTypes[] = {
      {"wasm", "application/wasm"}, {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"}, {"json", "application/json"},
      {"map", "application/json"}, {"html", "text/html; charset=utf-8"},
      {"css", "text/css; charset=utf-8"}, {"svg", "image/svg+xml"},
      {"pdf", "application/pdf"}, {"txt", "text/plain; charset=utf-8"},
      {"woff2", "font/woff2"}, {"ico", "image/x-icon"}};
  for (const auto& [extension, type] : kTypes) server.set_file_extension_and_mimetype_mapping(extension, type);

  for (const StaticMount& mount : mounts) {
    struct stat info {};
    if (stat(mount.dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
      return Error{"--static", mount.dir + " is not a directory"};
    }
    httplib::Headers headers = {{"Cache-Control", "no-cache"}, {"X-Content-Type-Options", "nosniff"}};
    if (!server.set_mount_point(mount.prefix, mount.dir, headers)) {
      return Error{"--static", "cannot serve " + mount.dir};
    }
  }
  return std::nullopt;
}

}  // namespace leadscore::server
