// The fast reader on nlohmann's SAX interface: what the wasm build uses, where a SIMD JSON
// library would cost download size.
#include <limits>

#include <nlohmann/json.hpp>

#include "event_fast_parse.h"
#include "event_parts.h"

namespace leadscore::detail {
namespace {

using Kind = EventValue::Kind;

// Records top-level values by key and collects tags, fields and utm; values nested under any
// other key are skipped, as the tree ignores them (a known key holding a container is refused
// later, by its kind).
class EventSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit EventSax(EventParts& parts) : parts_(parts) {}

  bool unsure = false;

  bool null() override {
    if (depth_ == 1) Set(Kind::kOther);
    return Scalar(Kind::kOther);
  }
  bool boolean(bool value) override {
    if (depth_ == 1) Set(Kind::kBool).boolean = value;
    return Scalar(Kind::kBool);
  }
  bool number_integer(number_integer_t value) override { return Integer(value); }
  bool number_unsigned(number_unsigned_t value) override {
    // Above int64 it is a number, but not one the general path takes as an integer.
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return Number(static_cast<double>(value));
    return Integer(static_cast<int64_t>(value));
  }
  bool number_float(number_float_t value, const string_t&) override { return Number(value); }
  bool string(string_t& value) override {
    if (depth_ == 2) {
      switch (collecting_) {
        case EventKey::kTags: parts_.tags.push_back(std::move(value)); return true;
        case EventKey::kFields: return Field(TextFieldValue(value));
        case EventKey::kUtm: parts_.utm[nested_key_] = std::move(value); return true;
        default: break;
      }
    }
    if (depth_ == 1 && key_ != EventKey::kOther) {
      std::string& kept = strings_[static_cast<size_t>(key_)];
      kept = std::move(value);
      Set(Kind::kString).text = kept;
    }
    return Scalar(Kind::kString);
  }
  bool binary(binary_t&) override { return Unsure(); }
  bool start_object(std::size_t) override { return Open(false); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(true); }
  bool end_array() override { return Close(); }
  bool key(string_t& name) override {
    if (depth_ == 1) {
      key_ = EventKeyFor(name);
    } else if (depth_ == 2 && collecting_ != EventKey::kOther) {
      nested_key_ = std::move(name);
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return Unsure();
  }

 private:
  bool Unsure() {
    unsure = true;
    return false;
  }

  EventValue& Set(Kind kind) {
    EventValue& value = parts_[key_];
    value = EventValue{};
    value.kind = kind;
    return value;
  }

  // A scalar is fine at the top level and anywhere under a skipped key; inside tags, fields or
  // utm only what string() and number_*() collect is.
  bool Scalar(Kind) {
    if (depth_ >= 2 && collecting_ != EventKey::kOther) return Unsure();
    return true;
  }

  bool Integer(int64_t value) {
    if (depth_ == 2 && collecting_ == EventKey::kFields) return Field(NumberFieldValue(static_cast<double>(value)));
    if (depth_ == 1) Set(Kind::kInteger).integer = value;
    return Scalar(Kind::kInteger);
  }

  bool Number(double value) {
    if (depth_ == 2 && collecting_ == EventKey::kFields) return Field(NumberFieldValue(value));
    if (depth_ == 1) Set(Kind::kNumber).number = value;
    return Scalar(Kind::kNumber);
  }

  bool Field(FieldValue value) {
    parts_.fields.emplace_back(nested_key_, std::move(value));
    return true;
  }

  bool Open(bool array) {
    ++depth_;
    if (depth_ == 1) return !array || Unsure();
    if (depth_ == 2) {
      Set(array ? Kind::kArray : Kind::kObject);
      collecting_ = EventKey::kOther;
      if (key_ == EventKey::kTags && array) {
        parts_.tags.clear();
        collecting_ = key_;
      } else if (key_ == EventKey::kFields && !array) {
        parts_.fields.clear();
        collecting_ = key_;
      } else if (key_ == EventKey::kUtm && !array) {
        parts_.utm.clear();
        collecting_ = key_;
      }
      return true;
    }
    return collecting_ == EventKey::kOther || Unsure();  // deeper nesting only where skipped
  }

  bool Close() {
    if (depth_ == 2) collecting_ = EventKey::kOther;
    --depth_;
    return true;
  }

  EventParts& parts_;
  std::array<std::string, static_cast<size_t>(EventKey::kCount)> strings_;
  int depth_ = 0;
  EventKey key_ = EventKey::kOther;
  EventKey collecting_ = EventKey::kOther;  // the container at depth 2 whose contents are kept
  std::string nested_key_;
};

}  // namespace

std::optional<Event> ParseValidEventSax(std::string_view json) {
  EventParts parts;
  EventSax sax(parts);
  // Handed over as the abstract handler: nlohmann instantiates its parser once per handler type,
  // and the core's other SAX users share that instance (wasm size).
  nlohmann::json_sax<nlohmann::json>* handler = &sax;
  bool parsed = nlohmann::json::sax_parse(json.begin(), json.end(), handler,
                                          nlohmann::detail::input_format_t::json, /*strict=*/true);
  if (!parsed || sax.unsure) return std::nullopt;
  return ValidEventFromParts(parts);
}

}  // namespace leadscore::detail
