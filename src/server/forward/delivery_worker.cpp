#include "delivery_worker.h"

#include <algorithm>
#include <chrono>

#include "access_log.h"
#include "background_thread.h"
#include "route_context.h"
#include "wall_clock.h"

namespace leadscore::server {
namespace {

// After the store failed to answer, wait this long before asking again.
constexpr int64_t kStoreRetryMs = 1000;

std::string DeliveryName(const DeliveryStatus& status) {
  return "delivery of lead " + status.lead_id + " to " + status.destination;
}

std::string AnswerText(const HttpAnswer& answer) {
  return answer.status ? "HTTP " + std::to_string(answer.status) : answer.error;
}

}  // namespace

DeliveryWorker::DeliveryWorker(LeadStore& store, ForwardConfig config, RequestSender sender,
                               DeliveryWorkerSettings settings)
    : store_(store),
      config_(std::move(config)),
      sender_(std::move(sender)),
      settings_(settings),
      random_(std::random_device{}()) {
  for (const Destination& destination : config_.destinations) destination_ids_.push_back(destination.id);
  for (size_t n = 0; n < std::max<size_t>(1, settings_.concurrency); ++n) senders_.emplace_back([this] { Send(); });
  dispatcher_ = std::thread([this] { Dispatch(); });
}

DeliveryWorker::~DeliveryWorker() { Stop(); }

// The dispatcher stops first, so that nothing it claimed is queued after the senders left; the
// senders then give back whatever is still queued.
void DeliveryWorker::Stop() {
  cancel_ = true;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  dispatcher_wake_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    senders_stopping_ = true;
  }
  sender_wake_.notify_all();
  for (std::thread& sender : senders_) {
    if (sender.joinable()) sender.join();
  }
  std::vector<Outcome> unrecorded;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    unrecorded.swap(outcomes_);
  }
  Record(std::move(unrecorded));
}

const Destination* DeliveryWorker::FindDestination(const std::string& id) const {
  for (const Destination& destination : config_.destinations) {
    if (destination.id == id) return &destination;
  }
  return nullptr;
}

bool DeliveryWorker::IntakeBusy() const {
  return settings_.intake && settings_.intake->LeadWithin(std::chrono::milliseconds(settings_.busy_window_ms));
}

double DeliveryWorker::Jitter() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
}

void DeliveryWorker::Dispatch() {
  NameThisThread("ls-deliver");
  int64_t next_busy_round = 0;  // while the intake is busy, no claim before this
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    size_t free = settings_.concurrency - std::min(settings_.concurrency, busy_);
    if (free == 0 && outcomes_.empty()) {
      dispatcher_wake_.wait(lock, [this] { return stopping_ || busy_ < settings_.concurrency || !outcomes_.empty(); });
      continue;
    }
    std::vector<Outcome> outcomes;
    outcomes.swap(outcomes_);
    lock.unlock();
    // Recorded before the next claim, in one transaction for every sender that finished meanwhile.
    Record(std::move(outcomes));
    if (free == 0) {
      lock.lock();
      continue;
    }
    int64_t now = NowMs();
    if (IntakeBusy() && now < next_busy_round) {
      lock.lock();
      dispatcher_wake_.wait_for(lock, std::chrono::milliseconds(next_busy_round - now),
                                [this] { return stopping_ || !outcomes_.empty(); });
      continue;
    }
    next_busy_round = now + settings_.busy_round_ms;
    int64_t wait_ms = settings_.poll_ms;
    // Claiming first: while deliveries are due (a backlog after a burst of leads) each round is one
    // indexed claim; the next due time, which reads every pending delivery, is asked only when
    // nothing was due.
    std::vector<ClaimedDelivery> claimed;
    auto taken = store_.ClaimDeliveries(destination_ids_, now, now + settings_.lease_ms, free);
    if (!taken.ok()) {
      WriteEventLog("error", "claiming deliveries failed: " + taken.errors().front().ToString());
      wait_ms = kStoreRetryMs;
    } else if (!taken.value().empty()) {
      claimed = std::move(taken).value();
      wait_ms = 0;
    } else {
      auto due = store_.NextDeliveryDue(destination_ids_);
      if (!due.ok()) {
        WriteEventLog("error", "reading pending deliveries failed: " + due.errors().front().ToString());
        wait_ms = kStoreRetryMs;
      } else if (due.value()) {
        wait_ms = std::min(wait_ms, *due.value() - now);
      }
    }
    lock.lock();
    for (ClaimedDelivery& delivery : claimed) {
      const Destination* destination = FindDestination(delivery.status.destination);
      jobs_.push_back(Job{std::move(delivery), destination});
      ++busy_;
    }
    if (!claimed.empty()) sender_wake_.notify_all();
    // Nothing claimed although something was due: another collector took it; look again soon.
    if (wait_ms > 0 || claimed.empty()) {
      dispatcher_wake_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(wait_ms, 10)),
                                [this] { return stopping_ || !outcomes_.empty(); });
    }
  }
}

void DeliveryWorker::Send() {
  BecomeBackgroundThread("ls-send");
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    sender_wake_.wait(lock, [this] { return senders_stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping, and every claimed delivery was handled
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    Outcome outcome = Attempt(job);
    lock.lock();
    outcomes_.push_back(std::move(outcome));
    --busy_;
    dispatcher_wake_.notify_one();
  }
}

DeliveryWorker::Outcome DeliveryWorker::Attempt(Job& job) {
  DeliveryStatus status = job.delivery.status;
  HttpAnswer answer;
  if (cancel_) {
    answer.cancelled = true;
  } else {
    int64_t now = NowMs();
    OutboundRequest request = DeliveryRequest(*job.destination, job.delivery.lead, now / 1000);
    answer = sender_(request, cancel_);
  }
  // Given back as it was, lease ended: the next start (or another collector) sends it.
  if (answer.cancelled) return Outcome{std::move(status), "", ""};
  ++status.attempts;
  DeliveryStatus next = NextDeliveryStatus(status, answer, config_.retry, NowMs(), Jitter());
  if (next.state == "failed") {
    std::string message = DeliveryName(next) + " failed after " + std::to_string(next.attempts) +
                          (next.attempts == 1 ? " attempt: " : " attempts: ") + AnswerText(answer) +
                          "; re-queue it with POST /leads/" + next.lead_id + "/deliveries/" + next.destination + "/retry";
    return Outcome{std::move(next), "error", std::move(message)};
  }
  if (next.state == "pending") {
    std::string message = DeliveryName(next) + " attempt " + std::to_string(next.attempts) + " got " +
                          AnswerText(answer) + "; trying again in " + std::to_string(next.next_attempt_at - NowMs()) + " ms";
    return Outcome{std::move(next), "info", std::move(message)};
  }
  return Outcome{std::move(next), "", ""};
}

void DeliveryWorker::Record(std::vector<Outcome> outcomes) {
  if (outcomes.empty()) return;
  std::vector<DeliveryStatus> statuses;
  statuses.reserve(outcomes.size());
  for (const Outcome& outcome : outcomes) statuses.push_back(outcome.status);
  auto recorded = store_.RecordDeliveries(statuses);
  if (!recorded.ok()) {
    // Their leases run out and they are sent again; the Idempotency-Key stays the same.
    for (const Outcome& outcome : outcomes) {
      WriteEventLog("error", "recording the " + DeliveryName(outcome.status) + " failed: " +
                                 recorded.errors().front().ToString());
    }
    return;
  }
  for (const Outcome& outcome : outcomes) {
    if (!outcome.log_level.empty()) WriteEventLog(outcome.log_level, outcome.log_message);
  }
}

}  // namespace leadscore::server
