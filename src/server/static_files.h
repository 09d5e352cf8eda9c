#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http_types.h"
#include "leadscore/result.h"
#include "serve_options.h"

namespace leadscore::server {

/// Serves each directory under its prefix, earlier mounts first, with content types that include
/// `application/wasm` (browsers compile wasm while downloading only with it) and `no-cache`, so
/// a rebuilt bundle is picked up without renaming files.
///
/// Only regular files inside a mounted directory are served: no path segment may start with a
/// dot (`..`, `.git`, `.env`), a symlink is followed only while it stays inside the directory,
/// and the files named as private (the collector's database and its journals) never are, by any
/// name. The content type comes from the name of the file actually opened. Ranges are not
/// served: every answer is the whole file, read from disk as it is sent.
class StaticFiles {
 public:
  /// Checks and resolves the mounts. Errors name a missing directory.
  std::optional<Error> Mount(const std::vector<StaticMount>& mounts, const std::vector<std::string>& private_files);

  /// Fills `response` (200 with the file, or 404) and returns true when a mount's prefix covers
  /// the request path; false leaves the request to the caller.
  bool Serve(const Request& request, Response& response) const;

 private:
  struct Root {
    std::string prefix;
    std::string dir;  // canonical, without a trailing slash
  };

  std::vector<Root> roots_;
  std::vector<std::pair<dev_t, ino_t>> private_files_;
};

}  // namespace leadscore::server
