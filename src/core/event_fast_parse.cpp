#include "event_fast_parse.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>

#include <nlohmann/json.hpp>

#include "event_json.h"
#include "text.h"

namespace leadscore::detail {
namespace {

constexpr int64_t kMaxDwellMs = 86'400'000;

enum class Key { kOther, kType, kT, kPath, kTitle, kId, kTags, kDeck, kSlide, kOf, kMs, kForm,
                 kFields, kFillMs, kHoneypot, kWebdriver, kGranted, kName, kValue, kUtm, kCount };

struct KeyName {
  std::string_view name;
  Key key;
};
constexpr std::array<KeyName, 19> kKeys{{
    {"type", Key::kType}, {"t", Key::kT}, {"path", Key::kPath}, {"title", Key::kTitle},
    {"id", Key::kId}, {"tags", Key::kTags}, {"deck", Key::kDeck}, {"slide", Key::kSlide},
    {"of", Key::kOf}, {"ms", Key::kMs}, {"form", Key::kForm}, {"fields", Key::kFields},
    {"fillMs", Key::kFillMs}, {"honeypot", Key::kHoneypot}, {"webdriver", Key::kWebdriver},
    {"granted", Key::kGranted}, {"name", Key::kName}, {"value", Key::kValue}, {"utm", Key::kUtm},
}};

Key KeyFor(std::string_view name) {
  for (const auto& entry : kKeys) {
    if (entry.name == name) return entry.key;
  }
  return Key::kOther;
}

struct Scalar {
  enum class Kind { kAbsent, kString, kInteger, kNumber, kBool, kOther } kind = Kind::kAbsent;
  std::string text;
  int64_t integer = 0;
  double number = 0;
  bool boolean = false;
};

// Collects the top-level scalars and the three known nested shapes (tags, fields, utm). Anything
// else nested under a known key makes the result unsure.
class EventSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::array<Scalar, static_cast<size_t>(Key::kCount)> scalars;
  std::vector<std::string> tags;
  std::vector<std::pair<std::string, FieldValue>> fields;
  std::map<std::string, std::string> utm;
  bool has_tags = false, has_fields = false, has_utm = false;
  bool unsure = false;

  bool null() override {
    Value(Scalar::Kind::kOther);
    return true;
  }
  bool boolean(bool value) override {
    if (Value(Scalar::Kind::kBool)) Current().boolean = value;
    return true;
  }
  bool number_integer(number_integer_t value) override { return Integer(value); }
  bool number_unsigned(number_unsigned_t value) override {
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return Unsure();
    return Integer(static_cast<int64_t>(value));
  }
  bool number_float(number_float_t value, const string_t&) override {
    if (depth_ == 2 && container_ == Key::kFields) return Field(value);
    if (Value(Scalar::Kind::kNumber)) Current().number = value;
    return true;
  }
  bool string(string_t& value) override {
    if (depth_ == 2) {
      if (container_ == Key::kTags && in_array_) {
        tags.push_back(value);
        return true;
      }
      if (container_ == Key::kFields && !in_array_) {
        FieldValue field;
        field.text = std::string(Trim(value));
        fields.emplace_back(nested_key_, std::move(field));
        return true;
      }
      if (container_ == Key::kUtm && !in_array_) {
        utm[nested_key_] = value;
        return true;
      }
    }
    if (Value(Scalar::Kind::kString)) Current().text = std::move(value);
    return true;
  }
  bool binary(binary_t&) override { return Unsure(); }
  bool start_object(std::size_t) override { return Open(false); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(true); }
  bool end_array() override { return Close(); }
  bool key(string_t& name) override {
    if (depth_ == 1) {
      key_ = KeyFor(name);
    } else if (depth_ == 2) {
      nested_key_ = name;
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return Unsure();
  }

 private:
  Scalar& Current() { return scalars[static_cast<size_t>(key_)]; }

  bool Unsure() {
    unsure = true;
    return false;
  }

  // Whether to store a value: yes at the top level; values nested under an unknown key are
  // skipped, as the tree ignores them; anywhere else the shape is unexpected.
  bool Value(Scalar::Kind kind) {
    if (depth_ == 1) {
      Current() = Scalar{};
      Current().kind = kind;
      return true;
    }
    if (depth_ >= 2 && container_ == Key::kOther) return false;
    unsure = true;
    return false;
  }

  bool Integer(int64_t value) {
    if (depth_ == 2 && container_ == Key::kFields) return Field(static_cast<double>(value));
    if (Value(Scalar::Kind::kInteger)) Current().integer = value;
    return true;
  }

  bool Field(double value) {
    if (in_array_) return Unsure();
    FieldValue field;
    field.is_number = true;
    field.number = value;
    fields.emplace_back(nested_key_, std::move(field));
    return true;
  }

  bool Open(bool array) {
    ++depth_;
    if (depth_ == 1) return !array || Unsure();
    if (depth_ == 2) {
      container_ = key_;
      in_array_ = array;
      Current() = Scalar{};
      Current().kind = Scalar::Kind::kOther;
      bool known_shape = (key_ == Key::kTags && array) || ((key_ == Key::kFields || key_ == Key::kUtm) && !array);
      if (key_ == Key::kTags) { has_tags = known_shape; tags.clear(); }
      if (key_ == Key::kFields) { has_fields = known_shape; fields.clear(); }
      if (key_ == Key::kUtm) { has_utm = known_shape; utm.clear(); }
      if (!known_shape && key_ != Key::kOther) return Unsure();
      return true;
    }
    return container_ == Key::kOther || Unsure();  // deeper nesting only under unknown keys
  }

  bool Close() {
    if (depth_ == 2) container_ = Key::kOther;
    --depth_;
    return true;
  }

  int depth_ = 0;
  Key key_ = Key::kOther;
  Key container_ = Key::kOther;
  bool in_array_ = false;
  std::string nested_key_;
};

class Builder {
 public:
  explicit Builder(EventSax& sax) : sax_(sax) {}

  std::optional<Event> Build() {
    Event event;
    const Scalar& type = Get(Key::kType);
    if (type.kind != Scalar::Kind::kString) return std::nullopt;
    std::optional<EventType> event_type = EventTypeFromName(type.text);
    if (!event_type || *event_type == EventType::kDeckComplete) return std::nullopt;
    event.type = *event_type;
    if (!Integer(Key::kT, true, 0, kInt64Max, event.t)) return std::nullopt;
    if (!ReadTypeFields(event)) return std::nullopt;
    return event;
  }

 private:
  static constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

  const Scalar& Get(Key key) const { return sax_.scalars[static_cast<size_t>(key)]; }
  bool Absent(Key key) const { return Get(key).kind == Scalar::Kind::kAbsent; }

  bool String(Key key, bool required, bool allow_empty, std::string& out) const {
    const Scalar& value = Get(key);
    if (value.kind == Scalar::Kind::kAbsent) return !required;
    if (value.kind != Scalar::Kind::kString || (!allow_empty && value.text.empty())) return false;
    out = value.text;
    return true;
  }

  bool Integer(Key key, bool required, int64_t min, int64_t max, int64_t& out) const {
    const Scalar& value = Get(key);
    if (value.kind == Scalar::Kind::kAbsent) return !required;
    if (value.kind != Scalar::Kind::kInteger || value.integer < min || value.integer > max) return false;
    out = value.integer;
    return true;
  }

  bool Tags(Event& event) const {
    if (Absent(Key::kTags)) return true;
    if (!sax_.has_tags) return false;
    event.tags = std::move(sax_.tags);
    return true;
  }

  bool Utm(Event& event) const {
    if (Absent(Key::kUtm)) return true;
    if (!sax_.has_utm) return false;
    event.utm = std::move(sax_.utm);
    return true;
  }

  // The tree keeps the last of duplicate keys and iterates keys in sorted order.
  bool Fields(Event& event) const {
    if (!sax_.has_fields) return false;
    auto& fields = sax_.fields;
    std::stable_sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i + 1 < fields.size() && fields[i + 1].first == fields[i].first) continue;
      if (fields[i].second.is_number) fields[i].second.text = FormatNumber(fields[i].second.number);
      event.fields.push_back(std::move(fields[i]));
    }
    return true;
  }

  bool ReadTypeFields(Event& event) const {
    switch (event.type) {
      case EventType::kVisit:
        return Utm(event);
      case EventType::kPageView: {
        std::string path;
        if (!String(Key::kPath, true, false, path)) return false;
        event.path = std::string(StripQueryAndFragment(path));
        return String(Key::kTitle, false, true, event.title) && Utm(event);
      }
      case EventType::kContentView:
        return String(Key::kId, true, false, event.id) && Tags(event) &&
               Integer(Key::kMs, true, 0, kMaxDwellMs, event.ms);
      case EventType::kSlideView:
        return String(Key::kDeck, true, false, event.deck) &&
               Integer(Key::kSlide, true, 1, kInt64Max, event.slide) &&
               Integer(Key::kOf, false, 1, kInt64Max, event.of) &&
               Integer(Key::kMs, true, 0, kMaxDwellMs, event.ms);
      case EventType::kFormView:
      case EventType::kFormStart:
        return String(Key::kForm, true, false, event.form);
      case EventType::kFormSubmit: {
        if (!String(Key::kForm, true, false, event.form) || Absent(Key::kFields) || !Fields(event)) return false;
        int64_t fill = 0;
        if (!Integer(Key::kFillMs, false, 0, kInt64Max, fill)) return false;
        if (!Absent(Key::kFillMs)) event.fill_ms = fill;
        std::string honeypot;
        if (!String(Key::kHoneypot, false, true, honeypot)) return false;
        if (!Absent(Key::kHoneypot)) event.honeypot = honeypot;
        const Scalar& webdriver = Get(Key::kWebdriver);
        if (webdriver.kind == Scalar::Kind::kBool) {
          event.webdriver = webdriver.boolean;
        } else if (webdriver.kind != Scalar::Kind::kAbsent) {
          return false;
        }
        return true;
      }
      case EventType::kClick:
      case EventType::kDownload:
        return String(Key::kId, true, false, event.id) && Tags(event);
      case EventType::kConsent: {
        const Scalar& granted = Get(Key::kGranted);
        if (granted.kind != Scalar::Kind::kBool) return false;
        event.granted = granted.boolean;
        return true;
      }
      case EventType::kCustom: {
        if (!String(Key::kName, true, false, event.name)) return false;
        const Scalar& value = Get(Key::kValue);
        if (value.kind == Scalar::Kind::kInteger) event.value = static_cast<double>(value.integer);
        else if (value.kind == Scalar::Kind::kNumber) event.value = value.number;
        else if (value.kind != Scalar::Kind::kAbsent) return false;
        return true;
      }
      case EventType::kDeckComplete:
        return false;
    }
    return false;
  }

  EventSax& sax_;
};

}  // namespace

std::optional<Event> ParseValidEventFast(std::string_view json) {
  EventSax sax;
  bool parsed = nlohmann::json::sax_parse(json.begin(), json.end(), &sax,
                                          nlohmann::detail::input_format_t::json, /*strict=*/true);
  if (!parsed || sax.unsure) return std::nullopt;
  return Builder(sax).Build();
}

}  // namespace leadscore::detail
