#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "leadscore/result.h"
#include "lead_store.h"

namespace leadscore::server {

/// Group commit: request threads hand their lead over and wait; one writer thread stores
/// everything that queued up meanwhile in a single durable transaction. One fsync then covers
/// many leads, and no request is answered before its row is committed.
class CommitQueue {
 public:
  CommitQueue(LeadStore& store, size_t max_batch);
  ~CommitQueue();
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  /// Blocks until the record is committed (or found already stored), or the store failed.
  Result<InsertOutcome> Submit(LeadRecord record);

  /// Stores what is queued, then stops the writer; later Submit calls fail.
  void Close();

 private:
  struct Pending {
    LeadRecord record;
    std::promise<Result<InsertOutcome>> done;
  };

  void WriteLoop();

  LeadStore& store_;
  const size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool closing_ = false;
  std::thread writer_;
};

}  // namespace leadscore::server
