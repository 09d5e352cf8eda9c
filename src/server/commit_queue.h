#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "intake_activity.h"
#include "leadscore/result.h"
#include "lead_store.h"

namespace leadscore::server {

/// Group commit: request threads hand their lead over and wait; one writer thread stores
/// everything that queued up meanwhile in a single durable transaction. One fsync then covers
/// many leads, and no request is answered before its row is committed.
///
/// A failed write trips a breaker: leads waiting behind the failed batch, and every lead handed
/// over in the next kRefuseFor, fail at once without touching the store, so that while it is
/// down or paused a post is not held for its statement deadline. Then one lead is let through to
/// probe the store (the others still fail at once while it runs); its success closes the breaker.
/// The breaker writes one log line when it opens and one when it closes (with how many leads it
/// refused meanwhile), not one per refused lead.
class CommitQueue {
 public:
  static constexpr std::chrono::milliseconds kRefuseFor{1000};

  /// Whether a Submit error is the breaker's refusal, the store not tried (and already logged).
  static bool NotTried(const Error& error);

  /// Each lead handed over is noted in `activity`.
  CommitQueue(LeadStore& store, size_t max_batch, IntakeActivity& activity);
  ~CommitQueue();
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  /// Blocks until the record is committed (or found already stored), or the store failed, or
  /// the breaker refused it without trying.
  Result<InsertOutcome> Submit(LeadRecord record);

  enum class WriteState {
    kOk,        // the last write succeeded (or none was tried yet)
    kFailed,    // the last write failed; the next lead handed over probes the store
    kRefusing,  // the last write failed moments ago, or a lead is probing: leads fail at once
  };
  /// How writing to the store goes, for /healthz.
  WriteState State() const;

  /// Stores what is queued, then stops the writer; later Submit calls fail.
  void Close();

 private:
  using Clock = std::chrono::steady_clock;

  struct Pending {
    LeadRecord record;
    std::promise<Result<InsertOutcome>> done;
  };

  void WriteLoop();

  LeadStore& store_;
  const size_t max_batch_;
  IntakeActivity& activity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool closing_ = false;
  bool failing_ = false;           // the last write failed
  Clock::time_point refuse_until_;  // while failing: no lead is tried before this
  bool probing_ = false;           // while failing: one lead is on its way to the store
  size_t refused_ = 0;             // leads refused without trying since the breaker opened
  std::thread writer_;
};

}  // namespace leadscore::server
