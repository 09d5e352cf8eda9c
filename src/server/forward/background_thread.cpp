#include "background_thread.h"

#include <pthread.h>

#include <algorithm>
#include <cerrno>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace leadscore::server {

namespace {
// Ten steps nicer than the process: about a tenth of the CPU of a normal thread when both want
// it, all of it otherwise. Relative, so a collector started niced keeps the difference.
constexpr int kBackgroundNicenessStep = 10;
constexpr int kNicest = 19;
}  // namespace

void NameThisThread(const char* name) {
  pthread_setname_np(pthread_self(), name);  // at most 15 characters; longer names are refused
}

void BecomeBackgroundThread(const char* name) {
  NameThisThread(name);
#ifdef __linux__
  // On Linux a nice value belongs to a thread, so this leaves the rest of the process as it was.
  // Failing to lower it (a seccomp profile, say) only costs the intake some CPU: nothing to report.
  auto thread = static_cast<id_t>(syscall(SYS_gettid));
  errno = 0;
  int nice = getpriority(PRIO_PROCESS, thread);
  if (errno == 0) setpriority(PRIO_PROCESS, thread, std::min(nice + kBackgroundNicenessStep, kNicest));
#endif
}

}  // namespace leadscore::server
