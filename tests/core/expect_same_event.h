#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "leadscore/event.h"

namespace leadscore::testing {

/// Equal and with the same sign, so that -0.0 and 0.0 differ.
inline void ExpectSameDouble(double expected, double actual) {
  EXPECT_EQ(std::signbit(expected), std::signbit(actual));
  EXPECT_EQ(expected, actual);
}

/// Every member, not only what EventToJson writes: a difference there would change a score.
inline void ExpectSameEvent(const Event& expected, const Event& actual, const std::string& context) {
  SCOPED_TRACE(context);
  EXPECT_EQ(expected.type, actual.type);
  EXPECT_EQ(expected.t, actual.t);
  EXPECT_EQ(expected.path, actual.path);
  EXPECT_EQ(expected.title, actual.title);
  EXPECT_EQ(expected.id, actual.id);
  EXPECT_EQ(expected.tags, actual.tags);
  EXPECT_EQ(expected.deck, actual.deck);
  EXPECT_EQ(expected.slide, actual.slide);
  EXPECT_EQ(expected.of, actual.of);
  EXPECT_EQ(expected.ms, actual.ms);
  EXPECT_EQ(expected.form, actual.form);
  ASSERT_EQ(expected.fields.size(), actual.fields.size());
  for (size_t i = 0; i < expected.fields.size(); ++i) {
    EXPECT_EQ(expected.fields[i].first, actual.fields[i].first);
    EXPECT_EQ(expected.fields[i].second.is_number, actual.fields[i].second.is_number);
    EXPECT_EQ(expected.fields[i].second.text, actual.fields[i].second.text);
    ExpectSameDouble(expected.fields[i].second.number, actual.fields[i].second.number);
  }
  EXPECT_EQ(expected.fill_ms, actual.fill_ms);
  EXPECT_EQ(expected.honeypot, actual.honeypot);
  EXPECT_EQ(expected.webdriver, actual.webdriver);
  EXPECT_EQ(expected.granted, actual.granted);
  EXPECT_EQ(expected.name, actual.name);
  ASSERT_EQ(expected.value.has_value(), actual.value.has_value());
  if (expected.value) ExpectSameDouble(*expected.value, *actual.value);
  EXPECT_EQ(expected.utm, actual.utm);
  EXPECT_EQ(EventToJson(expected), EventToJson(actual));
}

}  // namespace leadscore::testing
