#include "background_thread.h"

#include <pthread.h>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace leadscore::server {

namespace {
// Nice 10: about a tenth of the CPU of a normal thread when both want it, all of it otherwise.
constexpr int kBackgroundNiceness = 10;
}  // namespace

void NameThisThread(const char* name) {
  pthread_setname_np(pthread_self(), name);  // at most 15 characters; longer names are refused
}

void BecomeBackgroundThread(const char* name) {
  NameThisThread(name);
#ifdef __linux__
  // On Linux a nice value belongs to a thread, so this leaves the rest of the process as it was.
  // Failing to lower it (a seccomp profile, say) only costs the intake some CPU: nothing to report.
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kBackgroundNiceness);
#endif
}

}  // namespace leadscore::server
