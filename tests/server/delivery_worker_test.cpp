// The delivery worker's pace against a real SQLite store and a sender that answers at once: while
// leads keep arriving it claims one round every busy_round_ms, and once they stop the queue drains.
#include "forward/delivery_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "lead_fixtures.h"
#include "sqlite_lead_store.h"

namespace leadscore::server {
namespace {

using testing::MakeTempDir;
using testing::RemoveTree;
using testing::StoreRecord;

TEST(DeliveryWorker, GivesWayWhileLeadsArriveAndCatchesUpAfter) {
  std::string dir = MakeTempDir("leadscore-delivery-worker");
  auto opened = OpenSqliteLeadStore(dir + "/leads.db");
  ASSERT_TRUE(opened.ok());
  LeadStore& store = *opened.value();
  store.SetDeliveryDestinations({"hook"});
  std::vector<LeadRecord> leads;
  for (int n = 1; n <= 60; ++n) leads.push_back(StoreRecord("lead-" + std::to_string(n), n));
  ASSERT_TRUE(store.InsertBatch(leads).ok());

  IntakeActivity intake;
  std::atomic<bool> arriving{true};
  intake.NoteLead();
  std::thread visitors([&] {
    while (arriving) {
      intake.NoteLead();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  std::atomic<int> sent{0};
  RequestSender answer = [&sent](const OutboundRequest&, const std::atomic<bool>&) {
    ++sent;
    HttpAnswer ok;
    ok.status = 200;
    return ok;
  };
  ForwardConfig config;
  config.destinations.push_back(Destination{"hook", DestinationType::kWebhook, "http://127.0.0.1:9/hook", "secret"});
  DeliveryWorkerSettings pace;
  pace.intake = &intake;
  pace.poll_ms = 20;
  pace.busy_round_ms = 200;
  DeliveryWorker worker(store, config, answer, pace);

  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  int while_busy = sent;
  // One round of at most four per 200 ms: about 20 in a second, never the whole queue.
  EXPECT_GE(while_busy, 4);
  EXPECT_LE(while_busy, 4 * 7);

  arriving = false;
  visitors.join();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (sent < 60 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(60, sent.load());
  worker.Stop();
  auto recorded = store.DeliveriesOf({"lead-1", "lead-60"});
  ASSERT_TRUE(recorded.ok());
  ASSERT_EQ(2u, recorded.value().size());
  for (const DeliveryStatus& status : recorded.value()) EXPECT_EQ("delivered", status.state) << status.lead_id;
  RemoveTree(dir);
}

}  // namespace
}  // namespace leadscore::server
