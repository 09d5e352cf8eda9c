#pragma once

#include <optional>
#include <string>

namespace leadscore::cli {

/// GLIBC_TUNABLES (`current`, null when unset) with glibc's malloc asked to back the heap with
/// transparent huge pages; nullopt when it already says whether to (the user's choice stands).
std::optional<std::string> TunablesWithHugePageHeap(const char* current);

/// Starts this program again, once, with that setting, and returns only when it did not: call it
/// before any input is read. A scored log of a million events takes over half a gigabyte of heap,
/// and faulting it in 4 KiB pages cost more than parsing and scoring together (docs/benchmarks.md).
void RestartWithHugePageHeap(char** argv);

}  // namespace leadscore::cli
