#include "event_mix.h"

#include <cstdlib>

namespace leadscore::bench {
namespace {

constexpr int64_t kStart = 1767225600000;  // 2026-01-01T00:00:00Z

// A small deterministic generator: the mix must be the same on every machine and library.
class Dice {
 public:
  uint64_t Next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  int64_t Between(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(Next() % static_cast<uint64_t>(high - low + 1));
  }
  bool Chance(int percent) { return Between(1, 100) <= percent; }

 private:
  uint64_t state_ = 0x9E3779B97F4A7C15ull;
};

const char* const kPaths[] = {"/", "/pricing", "/pricing/enterprise", "/product", "/blog/scoring-101",
                              "/blog/mql-vs-sql", "/customers", "/careers", "/docs/install"};
const char* const kContent[] = {"hero", "case-study-acme", "case-study-globex", "pricing-table",
                                "roi-calculator", "webinar-teaser"};
const char* const kTags[] = {"pricing", "case-study", "product", "webinar"};

class Visitor {
 public:
  explicit Visitor(std::vector<Event>& out, size_t count) : out_(out), count_(count) {}

  void Run() {
    while (!Full()) Visit();
  }

 private:
  bool Full() const { return out_.size() >= count_; }

  Event& Add(EventType type, int64_t gap_ms) {
    t_ += gap_ms;
    out_.emplace_back();
    Event& event = out_.back();
    event.type = type;
    event.t = t_;
    return event;
  }

  void Visit() {
    t_ += dice_.Between(3, 72) * 3600000;  // visits are hours or days apart
    Add(EventType::kVisit, 0);
    if (!consented_ && dice_.Chance(40) && !Full()) {
      Add(EventType::kConsent, 2000).granted = true;
      consented_ = true;
    }
    for (int64_t pages = dice_.Between(2, 6); pages > 0 && !Full(); --pages) Page();
  }

  void Page() {
    Event& view = Add(EventType::kPageView, dice_.Between(1000, 20000));
    view.path = kPaths[dice_.Between(0, 8)];
    for (int64_t blocks = dice_.Between(0, 3); blocks > 0 && !Full(); --blocks) {
      Event& seen = Add(EventType::kContentView, dice_.Between(2000, 15000));
      seen.id = kContent[dice_.Between(0, 5)];
      seen.tags = {kTags[dice_.Between(0, 3)]};
      seen.ms = dice_.Between(1000, 12000);
    }
    if (dice_.Chance(10)) Deck();
    if (dice_.Chance(15) && !Full()) Add(EventType::kClick, 3000).id = "cta-demo";
    if (dice_.Chance(5) && !Full()) Add(EventType::kDownload, 3000).id = "whitepaper.pdf";
    if (dice_.Chance(4)) Form();
    if (dice_.Chance(3) && !Full()) {
      Event& custom = Add(EventType::kCustom, 1000);
      custom.name = "calculator_used";
      custom.value = static_cast<double>(dice_.Between(1, 50));
    }
  }

  void Deck() {
    int64_t slide = 1;
    for (int64_t shown = dice_.Between(3, 14); shown > 0 && !Full(); --shown, ++slide) {
      int64_t ms = dice_.Between(1500, 12000);
      Event& view = Add(EventType::kSlideView, ms + 500);
      view.deck = "tour";
      view.slide = slide;
      view.of = 14;
      view.ms = ms;
    }
  }

  void Form() {
    if (Full()) return;
    Add(EventType::kFormView, 1000).form = "lead";
    if (Full()) return;
    Add(EventType::kFormStart, 4000).form = "lead";
    if (Full()) return;
    int64_t fill_ms = dice_.Between(2000, 60000);
    Event& submit = Add(EventType::kFormSubmit, fill_ms);
    submit.form = "lead";
    submit.fill_ms = fill_ms;
    submit.fields = {{"email", FieldValue{false, "dana@northwind.example", 0}},
                     {"job_title", FieldValue{false, "Head of Growth", 0}},
                     {"company_size", FieldValue{true, "350", 350}}};
  }

  std::vector<Event>& out_;
  size_t count_;
  Dice dice_;
  int64_t t_ = kStart;
  bool consented_ = false;
};

}  // namespace

std::vector<Event> MakeEventMix(size_t count) {
  std::vector<Event> events;
  events.reserve(count);
  Visitor(events, count).Run();
  return events;
}

}  // namespace leadscore::bench
