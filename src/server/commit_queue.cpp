#include "commit_queue.h"

#include <optional>
#include <utility>
#include <vector>

#include "access_log.h"

namespace leadscore::server {
namespace {

constexpr const char* kNotTried = "store, not tried";

Error NotTriedError(const char* why) { return Error{kNotTried, why}; }

}  // namespace

bool CommitQueue::NotTried(const Error& error) { return error.path == kNotTried; }

CommitQueue::CommitQueue(LeadStore& store, size_t max_batch, IntakeActivity& activity)
    : store_(store), max_batch_(max_batch ? max_batch : 1), activity_(activity), writer_([this] { WriteLoop(); }) {}

CommitQueue::~CommitQueue() { Close(); }

Result<InsertOutcome> CommitQueue::Submit(LeadRecord record) {
  activity_.NoteLead();
  std::future<Result<InsertOutcome>> done;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closing_) return std::vector<Error>{Error{"", "the collector is shutting down"}};
    if (failing_) {
      if (probing_ || Clock::now() < refuse_until_) {
        ++refused_;
        return std::vector<Error>{NotTriedError("a write to the store failed moments ago")};
      }
      probing_ = true;  // this lead finds out whether the store is back
    }
    queue_.push_back(Pending{std::move(record), {}});
    done = queue_.back().done.get_future();
  }
  wake_.notify_one();
  return done.get();
}

CommitQueue::WriteState CommitQueue::State() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!failing_) return WriteState::kOk;
  return probing_ || Clock::now() < refuse_until_ ? WriteState::kRefusing : WriteState::kFailed;
}

void CommitQueue::Close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  wake_.notify_one();
  if (writer_.joinable()) writer_.join();
}

void CommitQueue::WriteLoop() {
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;  // closing, and everything queued was written
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<LeadRecord> records;
    records.reserve(batch.size());
    for (Pending& pending : batch) records.push_back(std::move(pending.record));
    auto stored = store_.InsertBatch(records);
    // Leads that queued up behind a failed batch were never tried: they fail now, not after
    // their own turn at the store's deadline.
    std::deque<Pending> untried;
    bool opened = false;
    std::optional<size_t> closed_after;  // when this write closed the breaker: the leads it refused
    {
      std::lock_guard<std::mutex> lock(mutex_);
      probing_ = false;
      opened = !stored.ok() && !failing_;
      if (failing_ && stored.ok()) closed_after = refused_;
      failing_ = !stored.ok();
      if (failing_) {
        refuse_until_ = Clock::now() + kRefuseFor;
        untried.swap(queue_);
        refused_ += untried.size();
      } else {
        refused_ = 0;
      }
    }
    if (opened) {
      WriteEventLog("error", "a write to the store failed (" + stored.errors().front().ToString() +
                                 "): leads get 503 with Retry-After until one of them, let through each second,"
                                 " finds the store back");
    } else if (closed_after) {
      WriteEventLog("info", "the store takes writes again; " + std::to_string(*closed_after) +
                                " lead(s) got 503 meanwhile without it being tried");
    }
    for (size_t n = 0; n < batch.size(); ++n) {
      if (stored.ok()) {
        batch[n].done.set_value(stored.value()[n]);
      } else {
        batch[n].done.set_value(stored.errors());
      }
    }
    for (Pending& pending : untried) {
      pending.done.set_value(std::vector<Error>{NotTriedError("the write before it failed")});
    }
  }
}

}  // namespace leadscore::server
