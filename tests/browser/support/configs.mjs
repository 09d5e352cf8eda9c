// Scoring configs for the browser tests. Headless Chromium reports navigator.webdriver, so
// configs meant to qualify a lead say rejectWebdriver: false (forms.spec checks the flag itself).

/** A config with a gated tour deck, a content rule and e-mail fit; qualifies at 30 points. */
export function baseConfig(overrides = {}) {
  return {
    version: 1,
    site: 'shop.example',
    revision: 'test-1',
    thresholds: { mql: 30, sql: 80 },
    engagement: {
      rules: [
        { id: 'pricing-seen', on: 'content_view', where: { tag: 'pricing' }, minMs: 1000, points: 10 },
        { id: 'tour', on: 'slide_view', where: { deck: 'tour' }, points: 2, distinct: true },
      ],
    },
    fit: {
      rules: [
        { id: 'work-email', field: 'email', op: 'business_email', points: 20 },
        { id: 'has-title', field: 'job_title', op: 'exists' }, // names job_title as a lead field
        { id: 'rival', field: 'email', op: 'domain_in', value: ['rival.example'], disqualify: true },
      ],
    },
    qualify: { stage: 'mql', requireConsent: true, minFillMs: 1500, rejectWebdriver: false },
    content: { minVisibleRatio: 0.5, minVisibleMs: 1000, idleMs: 5000 },
    submit: { endpoint: '/leads' },
    ...overrides,
  };
}
