#pragma once

namespace leadscore::server {

/// Marks the calling thread as background work: named `name` (as `top -H` and /proc show it) and,
/// on Linux, run at a lower priority than the threads that answer visitors. Deliveries are durable
/// and asynchronous, so on a busy machine they wait for the lead intake, never the other way round.
void BecomeBackgroundThread(const char* name);

/// Names the calling thread `name` and leaves its priority alone: for a thread that holds a lock
/// the intake also takes, where a lower priority would make the intake wait for it.
void NameThisThread(const char* name);

}  // namespace leadscore::server
