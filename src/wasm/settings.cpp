#include "settings.h"

#include "json_writer.h"

namespace leadscore::wasm {
namespace {

using detail::JsonWriter;

void WriteDecks(JsonWriter& out, const Config& config) {
  out.BeginObject();
  for (const auto& [name, deck] : config.decks) {
    out.Key(name).BeginObject();
    if (deck.slides) out.Key("slides").Integer(*deck.slides);
    out.Key("completeRatio").Double(deck.complete_ratio);
    out.Key("minSlideMs").Integer(deck.min_slide_ms);
    out.EndObject();
  }
  out.EndObject();
}

void WriteGates(JsonWriter& out, const Config& config) {
  out.BeginArray();
  for (const Gate& gate : config.gates) {
    out.BeginObject().Key("id").String(gate.id).Key("form").String(gate.form);
    if (!gate.deck.empty()) out.Key("deck").String(gate.deck).Key("atSlide").Integer(gate.at_slide);
    if (!gate.content.empty()) out.Key("content").String(gate.content);
    out.EndObject();
  }
  out.EndArray();
}

}  // namespace

std::string SettingsToJson(const Config& config) {
  JsonWriter out;
  out.BeginObject();
  out.Key("site").String(config.site);
  out.Key("revision").String(config.revision);
  out.Key("content").BeginObject();
  out.Key("minVisibleRatio").Double(config.content.min_visible_ratio);
  out.Key("minVisibleMs").Integer(config.content.min_visible_ms);
  out.Key("idleMs").Integer(config.content.idle_ms);
  out.Key("maxDwellMs").Integer(kMaxDwellMs);
  out.EndObject();
  out.Key("submit").BeginObject();
  out.Key("endpoint").String(config.submit.endpoint);
  out.Key("format").String(config.submit.format);
  out.Key("maxEvents").Integer(config.submit.max_events);
  // Every field a lead form may send (LeadFieldNames), not only the config's submit.fields.
  out.Key("fields").BeginArray();
  for (const std::string& name : LeadFieldNames(config)) out.String(name);
  out.EndArray();
  out.EndObject();
  out.Key("qualify").BeginObject();
  out.Key("stage").String(config.qualify.stage);
  out.Key("requireConsent").Bool(config.qualify.require_consent);
  out.EndObject();
  WriteDecks(out.Key("decks"), config);
  WriteGates(out.Key("gates"), config);
  out.EndObject();
  return out.Take();
}

}  // namespace leadscore::wasm
