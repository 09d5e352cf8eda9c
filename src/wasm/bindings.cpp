// The JavaScript face of the engine. Declarations only: every conversion lives in adapters.cpp.
// Kept in the executable's own sources because bindings inside a static library are dropped.
#include <emscripten/bind.h>

#include "adapters.h"

EMSCRIPTEN_BINDINGS(leadscore) {
  using leadscore::wasm::SessionAdapter;
  emscripten::class_<SessionAdapter>("Session")
      .constructor<std::string>()
      .function("configErrors", &SessionAdapter::ConfigErrors)
      .function("ingest", &SessionAdapter::Ingest)
      .function("score", &SessionAdapter::Score)
      .function("payload", &SessionAdapter::Payload)
      .function("events", &SessionAdapter::Events)
      .function("settings", &SessionAdapter::Settings);
}
