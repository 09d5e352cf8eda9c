#include "commit_queue.h"

#include <utility>
#include <vector>

namespace leadscore::server {

CommitQueue::CommitQueue(LeadStore& store, size_t max_batch)
    : store_(store), max_batch_(max_batch ? max_batch : 1), writer_([this] { WriteLoop(); }) {}

CommitQueue::~CommitQueue() { Close(); }

Result<InsertOutcome> CommitQueue::Submit(LeadRecord record) {
  std::future<Result<InsertOutcome>> done;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closing_) return std::vector<Error>{Error{"", "the collector is shutting down"}};
    queue_.push_back(Pending{std::move(record), {}});
    done = queue_.back().done.get_future();
  }
  wake_.notify_one();
  return done.get();
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
    for (size_t n = 0; n < batch.size(); ++n) {
      if (stored.ok()) {
        batch[n].done.set_value(stored.value()[n]);
      } else {
        batch[n].done.set_value(stored.errors());
      }
    }
  }
}

}  // namespace leadscore::server
