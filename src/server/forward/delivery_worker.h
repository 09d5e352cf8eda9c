#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "delivery_request.h"
#include "forward_config.h"
#include "intake_activity.h"
#include "lead_store.h"
#include "retry_policy.h"

namespace leadscore::server {

/// Sends one request and returns what came back; `cancel` set means give up now.
using RequestSender = std::function<HttpAnswer(const OutboundRequest&, const std::atomic<bool>& cancel)>;

/// How the worker paces itself.
struct DeliveryWorkerSettings {
  size_t concurrency = 4;     // requests in flight at once, across destinations
  int64_t poll_ms = 200;      // how often the store is asked for new due deliveries
  int64_t lease_ms = 60000;   // how long a claimed delivery is ours; longer than one attempt can take
  // While the intake has taken a lead in the last `busy_window_ms`, one claim round (at most
  // `concurrency` deliveries) per `busy_round_ms`: a burst of leads keeps its pace, and the
  // deliveries it leaves queued go out as fast as the destinations take them once it is over.
  const IntakeActivity* intake = nullptr;
  int64_t busy_window_ms = 100;
  int64_t busy_round_ms = 200;
};

/// Sends the store's pending deliveries in the background: one dispatcher claims what is due (a
/// lease, so other collectors on the same database leave it alone) and hands it to a fixed pool
/// of senders. The senders never touch the store: the dispatcher records their outcomes, all that
/// came in since its last round in one transaction, before it claims again. Lead intake never
/// waits for the senders; it shares the store's writer only with the dispatcher's two short
/// transactions a round, which run at the intake's priority so that neither is held up by a
/// background thread the scheduler has set aside.
class DeliveryWorker {
 public:
  DeliveryWorker(LeadStore& store, ForwardConfig config, RequestSender sender, DeliveryWorkerSettings settings = {});
  ~DeliveryWorker();
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  /// Aborts the attempts in flight, gives their deliveries back (the attempt does not count) and
  /// stops the threads.
  void Stop();

 private:
  struct Job {
    ClaimedDelivery delivery;
    const Destination* destination = nullptr;
  };

  /// An attempt's result, waiting for the dispatcher to record it.
  struct Outcome {
    DeliveryStatus status;
    std::string log_level;    // empty: nothing worth a log line
    std::string log_message;  // written once the outcome is recorded
  };

  void Dispatch();
  void Send();
  Outcome Attempt(Job& job);
  void Record(std::vector<Outcome> outcomes);
  bool IntakeBusy() const;
  double Jitter();
  const Destination* FindDestination(const std::string& id) const;

  LeadStore& store_;
  const ForwardConfig config_;
  const RequestSender sender_;
  const DeliveryWorkerSettings settings_;
  std::vector<std::string> destination_ids_;

  std::mutex mutex_;
  std::condition_variable dispatcher_wake_;
  std::condition_variable sender_wake_;
  std::deque<Job> jobs_;
  std::vector<Outcome> outcomes_;  // sent, not yet recorded
  size_t busy_ = 0;  // jobs queued or being sent
  bool stopping_ = false;          // the dispatcher claims no more
  bool senders_stopping_ = false;  // the senders leave once the queue is empty
  std::atomic<bool> cancel_{false};
  std::mt19937_64 random_;
  std::vector<std::thread> senders_;
  std::thread dispatcher_;
};

}  // namespace leadscore::server
