// The JavaScript face of the engine: plain C exports, declarations only; every conversion lives
// in adapters.cpp. Strings cross as UTF-8 in linear memory through two buffers owned here, so
// web/engine.js never allocates (and so never leaks) anything but the sessions it deletes:
//   input:  leadscore_input(size) returns where the caller writes the next string argument;
//   result: each call that answers with a string returns where it starts, and
//           leadscore_result_size() its length in bytes; it stays valid until the next call.
#include <emscripten/emscripten.h>

#include <string>

#include "adapters.h"

using leadscore::wasm::SessionAdapter;

namespace {

std::string input;
std::string result;

const char* Answer(std::string text) {
  result = std::move(text);
  return result.data();
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE char* leadscore_input(size_t size) {
  input.resize(size);
  return input.data();
}

EMSCRIPTEN_KEEPALIVE size_t leadscore_result_size() { return result.size(); }

/// A new session for the config in the input buffer; free it with leadscore_session_delete.
EMSCRIPTEN_KEEPALIVE SessionAdapter* leadscore_session_new() { return new SessionAdapter(input); }

EMSCRIPTEN_KEEPALIVE void leadscore_session_delete(SessionAdapter* session) { delete session; }

EMSCRIPTEN_KEEPALIVE const char* leadscore_config_errors(const SessionAdapter* session) {
  return Answer(session->ConfigErrors());
}

/// Ingests the event in the input buffer.
EMSCRIPTEN_KEEPALIVE const char* leadscore_ingest(SessionAdapter* session) {
  return Answer(session->Ingest(input));
}

EMSCRIPTEN_KEEPALIVE const char* leadscore_score(const SessionAdapter* session, double now) {
  return Answer(session->Score(now));
}

EMSCRIPTEN_KEEPALIVE const char* leadscore_payload(const SessionAdapter* session, double now) {
  return Answer(session->Payload(now));
}

EMSCRIPTEN_KEEPALIVE const char* leadscore_events(const SessionAdapter* session) {
  return Answer(session->Events());
}

EMSCRIPTEN_KEEPALIVE const char* leadscore_settings(const SessionAdapter* session) {
  return Answer(session->Settings());
}

}  // extern "C"
