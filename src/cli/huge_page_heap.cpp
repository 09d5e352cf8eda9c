#include "huge_page_heap.h"

#include <cstdlib>

#if defined(__linux__) && defined(__GLIBC__)
#include <sys/auxv.h>
#include <unistd.h>
#endif

namespace leadscore::cli {

std::optional<std::string> TunablesWithHugePageHeap(const char* current) {
  std::string tunables = current ? current : "";
  if (tunables.find("glibc.malloc.hugetlb=") != std::string::npos) return std::nullopt;
  if (!tunables.empty()) tunables += ':';
  tunables += "glibc.malloc.hugetlb=1";  // madvise: the kernel's default THP mode honours it
  return tunables;
}

void RestartWithHugePageHeap(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
  // glibc ignores GLIBC_TUNABLES in a privileged (setuid) process: restarting would never end.
  if (getauxval(AT_SECURE)) return;
  const char* previous = std::getenv("GLIBC_TUNABLES");
  std::optional<std::string> tunables = TunablesWithHugePageHeap(previous);
  if (!tunables) return;
  std::optional<std::string> kept = previous ? std::optional<std::string>(previous) : std::nullopt;
  if (setenv("GLIBC_TUNABLES", tunables->c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // No /proc, or the binary was replaced meanwhile: go on with the usual heap, environment as it was.
  if (kept) {
    setenv("GLIBC_TUNABLES", kept->c_str(), 1);
  } else {
    unsetenv("GLIBC_TUNABLES");
  }
#else
  (void)argv;
#endif
}

}  // namespace leadscore::cli
