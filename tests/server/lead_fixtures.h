#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lead_store.h"

namespace leadscore::server::testing {

/// The allowed CORS origin in the test config.
inline constexpr const char* kAllowedOrigin = "https://www.example.com";

/// The shipped example config (site example.com) with `revision`, an allow-list of
/// kAllowedOrigin and `name` declared as a lead field (a fit rule worth no points).
std::string TestConfigJson(const std::string& revision = "2026-11-a");

/// A genuine qualified lead payload built by the core for `email`, scored with
/// TestConfigJson(revision). `extra_page_views` pads the event log the way a long visit does.
std::string GenuinePayload(const std::string& email, int extra_page_views = 0,
                           const std::string& revision = "2026-11-a");

/// A row as a store keeps it, with made-up values (e-mail ID@acme.com, stage mql, grade B, total
/// 61.5, payload {"id": ID}): for tests of the store itself, which does not verify what it keeps.
LeadRecord StoreRecord(const std::string& id, int64_t received_at);

/// A claimed delivery as its sender reports it when the destination took it on the first try
/// (HTTP 200 at `at`).
DeliveryStatus DeliveredOnFirstTry(DeliveryStatus claimed, int64_t at);

/// Splits RFC 4180 text into records of cells, honouring quotes.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text);

/// Writes `text` to a new file in `dir` and returns its path.
std::string WriteFile(const std::string& dir, const std::string& name, const std::string& text);

/// A file's whole text; what was read before a failure ("" for a missing file). Safe on a /proc
/// file of a process that ends while it is read: the stream insertion that copies it turns the
/// failed read (ESRCH, which libstdc++'s file buffer throws on) into a failbit.
std::string ReadWholeFile(const std::string& path);

/// A loopback port nothing listens on (bound to a plain socket and closed again), for a server
/// the test starts later or for a receiver that is down.
int FreeLoopbackPort();

/// A fresh directory under the system temp dir; removed by RemoveTree.
std::string MakeTempDir(const std::string& prefix);
void RemoveTree(const std::string& dir);

}  // namespace leadscore::server::testing
