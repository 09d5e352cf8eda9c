#include "parallel_parse.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace leadscore::cli {
namespace {

constexpr size_t kChunkEvents = 2048;
// Below this, starting threads costs more than it saves.
constexpr size_t kParallelFromEvents = 4 * kChunkEvents;
// Parsed chunks waiting for `consume`, at most: bounds memory when consuming is the slower side.
constexpr size_t kChunksAhead = 32;

struct Chunk {
  std::vector<Result<Event>> results;
  bool ready = false;
};

class ParsePool {
 public:
  explicit ParsePool(const std::vector<EventText>& texts)
      : texts_(texts), chunks_((texts.size() + kChunkEvents - 1) / kChunkEvents) {}

  void Run(const std::function<void(const EventText&, Result<Event>&)>& consume) {
    size_t workers = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < workers; ++i) threads.emplace_back([this] { Work(); });
    try {
      ConsumeInOrder(consume);
    } catch (...) {
      Stop();
      for (std::thread& thread : threads) thread.join();
      throw;
    }
    for (std::thread& thread : threads) thread.join();
  }

 private:
  void Work() {
    for (;;) {
      size_t index = next_chunk_++;
      if (index >= chunks_.size()) return;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        room_.wait(lock, [&] { return stopped_ || index < consumed_ + kChunksAhead; });
        if (stopped_) return;
      }
      std::vector<Result<Event>> results = TakeSpare();
      std::exception_ptr failure;
      try {
        size_t begin = index * kChunkEvents;
        size_t end = std::min(begin + kChunkEvents, texts_.size());
        results.reserve(end - begin);
        for (size_t i = begin; i < end; ++i) results.push_back(ParseEvent(texts_[i].json));
      } catch (...) {
        failure = std::current_exception();  // out of memory: rethrown on the consuming thread
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (failure && !failure_) failure_ = failure;
      chunks_[index].results = std::move(results);
      chunks_[index].ready = true;
      parsed_.notify_all();
    }
  }

  void ConsumeInOrder(const std::function<void(const EventText&, Result<Event>&)>& consume) {
    for (size_t index = 0; index < chunks_.size(); ++index) {
      std::vector<Result<Event>> results;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        parsed_.wait(lock, [&] { return chunks_[index].ready; });
        if (failure_) std::rethrow_exception(failure_);
        results = std::move(chunks_[index].results);
      }
      size_t begin = index * kChunkEvents;
      for (size_t i = 0; i < results.size(); ++i) consume(texts_[begin + i], results[i]);
      results.clear();
      std::lock_guard<std::mutex> lock(mutex_);
      spares_.push_back(std::move(results));
      consumed_ = index + 1;
      room_.notify_all();
    }
  }

  // A chunk's results take about a megabyte: consumed buffers serve later chunks instead of being
  // freed by one thread and allocated again by another, a thousand times for a million events.
  std::vector<Result<Event>> TakeSpare() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (spares_.empty()) return {};
    std::vector<Result<Event>> spare = std::move(spares_.back());
    spares_.pop_back();
    return spare;
  }

  void Stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
    room_.notify_all();
  }

  const std::vector<EventText>& texts_;
  std::vector<Chunk> chunks_;
  std::atomic<size_t> next_chunk_{0};
  std::mutex mutex_;
  std::condition_variable parsed_;  // a chunk became ready
  std::condition_variable room_;    // a chunk was consumed, or the pool stopped
  size_t consumed_ = 0;
  bool stopped_ = false;
  std::exception_ptr failure_;
  std::vector<std::vector<Result<Event>>> spares_;  // consumed chunks' emptied buffers
};

}  // namespace

void ParseEventsInOrder(const std::vector<EventText>& texts,
                        const std::function<void(const EventText&, Result<Event>&)>& consume) {
  if (texts.size() < kParallelFromEvents || std::thread::hardware_concurrency() < 2) {
    for (const EventText& text : texts) {
      Result<Event> event = ParseEvent(text.json);
      consume(text, event);
    }
    return;
  }
  ParsePool(texts).Run(consume);
}

}  // namespace leadscore::cli
