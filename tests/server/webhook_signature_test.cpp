#include "forward/webhook_signature.h"

#include <gtest/gtest.h>

namespace leadscore::server {
namespace {

// RFC 4231, test case 2.
TEST(WebhookSignatureTest, HmacSha256MatchesThePublishedTestVector) {
  EXPECT_EQ("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            HmacSha256Hex("Jefe", "what do ya want for nothing?"));
}

TEST(WebhookSignatureTest, SignsTheTimeAndTheBodyTogether) {
  std::string body = R"({"id":"lead-1"})";
  EXPECT_EQ("t=1790000000,v1=" + HmacSha256Hex("whsec", "1790000000." + body),
            WebhookSignature("whsec", 1790000000, body));
  EXPECT_NE(WebhookSignature("whsec", 1790000000, body), WebhookSignature("whsec", 1790000001, body));
  EXPECT_NE(WebhookSignature("whsec", 1790000000, body), WebhookSignature("other", 1790000000, body));
}

}  // namespace
}  // namespace leadscore::server
