#pragma once

// Configs shared by the unit tests: SPEC §3's example, as a marketing team would write it.
namespace leadscore::testing {

inline constexpr const char* kSpecExampleConfig = R"({
  "version": 1,
  "site": "example.com",
  "revision": "2026-11-a",
  "thresholds": { "mql": 50, "sql": 80 },
  "decay": { "halfLifeDays": 30 },
  "engagement": { "cap": 100, "rules": [
    { "id": "pricing", "on": "page_view", "where": { "path": "/pricing*" }, "points": 10, "maxTimes": 3 },
    { "id": "tour-slides", "on": "slide_view", "where": { "deck": "tour" }, "minMs": 5000,
      "points": 2, "distinct": true, "cap": 20 },
    { "id": "tour-done", "on": "deck_complete", "where": { "deck": "tour" }, "points": 15 },
    { "id": "careers", "on": "page_view", "where": { "path": "/careers*" }, "points": -20 },
    { "id": "returning", "on": "visit", "where": { "nth": { "gte": 2 } }, "points": 5, "maxTimes": 1 }
  ]},
  "fit": { "cap": 100, "rules": [
    { "id": "work-email", "field": "email", "op": "business_email", "points": 10 },
    { "id": "senior", "field": "job_title", "op": "contains", "value": ["vp", "chief", "head", "director"], "points": 20 },
    { "id": "size", "field": "company_size", "op": "gte", "value": 200, "points": 15 },
    { "id": "rival", "field": "email", "op": "domain_in", "value": ["rival.com"], "disqualify": true }
  ]},
  "decks": { "tour": { "slides": 14, "completeRatio": 0.8 } },
  "gates": [ { "id": "tour-gate", "deck": "tour", "atSlide": 4, "form": "lead" } ],
  "qualify": { "stage": "mql", "requireConsent": true, "minFillMs": 1500, "rejectWebdriver": true },
  "content": { "minVisibleRatio": 0.5, "minVisibleMs": 1000, "idleMs": 30000 },
  "submit": { "endpoint": "/leads", "format": "json", "maxEvents": 1000 }
})";

}  // namespace leadscore::testing
