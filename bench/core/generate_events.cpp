// Writes the benchmark event mix as JSON Lines, for timing `leadscore score` on a large log.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "event_mix.h"

int main(int argc, char** argv) {
  char* end = nullptr;
  unsigned long long count = argc == 2 ? std::strtoull(argv[1], &end, 10) : 0;
  if (argc != 2 || *end != '\0' || count == 0) {
    std::fprintf(stderr, "usage: generate_events COUNT > events.jsonl\n");
    return 2;
  }
  std::string line;
  for (const leadscore::Event& event : leadscore::bench::MakeEventMix(count)) {
    line = leadscore::EventToJson(event);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}
