#include "forward/retry_policy.h"

#include <gtest/gtest.h>

namespace leadscore::server {
namespace {

HttpAnswer Status(int status) {
  HttpAnswer answer;
  answer.status = status;
  answer.body = "answer " + std::to_string(status);
  return answer;
}

HttpAnswer NetworkError() {
  HttpAnswer answer;
  answer.error = "Couldn't connect to server";
  return answer;
}

DeliveryStatus Pending(int64_t attempts) {
  DeliveryStatus status;
  status.lead_id = "lead-1";
  status.destination = "hook";
  status.state = "pending";
  status.attempts = attempts;
  return status;
}

TEST(RetryPolicyTest, RetriesNetworkErrorsTimeouts5xx408And429Only) {
  EXPECT_TRUE(IsRetryable(NetworkError()));
  for (int status : {500, 502, 503, 504, 408, 429}) EXPECT_TRUE(IsRetryable(Status(status))) << status;
  for (int status : {400, 401, 403, 404, 409, 410, 422, 301}) EXPECT_FALSE(IsRetryable(Status(status))) << status;
}

TEST(RetryPolicyTest, DoublesTheWaitUpToTheMaximumWithJitterInItsUpperHalf) {
  RetrySettings retry{1000, 5000, 20};
  EXPECT_EQ(500, RetryDelayMs(retry, 1, 0.0, std::nullopt));
  EXPECT_EQ(999, RetryDelayMs(retry, 1, 0.999, std::nullopt));
  EXPECT_EQ(1000, RetryDelayMs(retry, 2, 0.0, std::nullopt));
  EXPECT_EQ(2000, RetryDelayMs(retry, 3, 0.0, std::nullopt));
  EXPECT_EQ(2500, RetryDelayMs(retry, 4, 0.0, std::nullopt));   // 8000 capped at 5000
  EXPECT_EQ(2500, RetryDelayMs(retry, 60, 0.0, std::nullopt));  // no overflow after many attempts
  EXPECT_EQ(30000, RetryDelayMs(retry, 1, 0.5, 30000));         // a longer Retry-After wins
  EXPECT_EQ(750, RetryDelayMs(retry, 1, 0.5, 10));              // a shorter one does not
}

TEST(RetryPolicyTest, DeliveredOn2xxWithTheTimeKept) {
  DeliveryStatus next = NextDeliveryStatus(Pending(1), Status(204), RetrySettings{}, 5000, 0.5);
  EXPECT_EQ("delivered", next.state);
  EXPECT_EQ(5000, next.delivered_at);
  EXPECT_EQ(204, next.last_status);
}

TEST(RetryPolicyTest, AnotherClientErrorFailsAtOnceWithTheAnswerKept) {
  DeliveryStatus next = NextDeliveryStatus(Pending(1), Status(400), RetrySettings{}, 5000, 0.5);
  EXPECT_EQ("failed", next.state);
  EXPECT_EQ(400, next.last_status);
  EXPECT_EQ("answer 400", next.last_error);
  EXPECT_EQ(0, next.delivered_at);
}

TEST(RetryPolicyTest, RetriesUntilMaxAttemptsThenFailsWithoutDropping) {
  RetrySettings retry{100, 1000, 3};
  DeliveryStatus next = NextDeliveryStatus(Pending(2), NetworkError(), retry, 5000, 0.0);
  EXPECT_EQ("pending", next.state);
  EXPECT_EQ(5100, next.next_attempt_at);
  EXPECT_EQ("Couldn't connect to server", next.last_error);
  EXPECT_EQ(0, next.last_status);
  next = NextDeliveryStatus(Pending(3), Status(503), retry, 5000, 0.0);
  EXPECT_EQ("failed", next.state);
  EXPECT_EQ(3, next.attempts);
  EXPECT_EQ(503, next.last_status);
}

TEST(RetryPolicyTest, HonoursRetryAfterInSecondsAndAsAnHttpDate) {
  HttpAnswer answer = Status(429);
  answer.retry_after_ms = ParseRetryAfter("7", 0);
  EXPECT_EQ(7000, answer.retry_after_ms.value_or(-1));
  DeliveryStatus next = NextDeliveryStatus(Pending(1), answer, RetrySettings{100, 1000, 5}, 5000, 0.0);
  EXPECT_EQ("pending", next.state);
  EXPECT_EQ(12000, next.next_attempt_at);
  // 2026-09-21T00:00:10Z, 10 s after `now`.
  EXPECT_EQ(10000, ParseRetryAfter("Mon, 21 Sep 2026 00:00:10 GMT", 1789948800000).value_or(-1));
  EXPECT_EQ(0, ParseRetryAfter("Mon, 21 Sep 2026 00:00:10 GMT", 1789948900000).value_or(-1));
  EXPECT_FALSE(ParseRetryAfter("soon", 0));
  EXPECT_FALSE(ParseRetryAfter("-3", 0));
  EXPECT_FALSE(ParseRetryAfter("", 0));
}

}  // namespace
}  // namespace leadscore::server
