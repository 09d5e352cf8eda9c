// The stored browser state is untrusted: anything on the site's origin (or the visitor, by hand)
// can rewrite localStorage. A bounded, seeded mutation fuzz of the path a stored session takes on
// page load: the page script's shape check (storage.load), then every stored event replayed into
// the real wasm core, as LeadscoreTag.restore does. Whatever was stored, the shape check answers
// a state or null, each event is accepted or refused with an `invalid_event` path, and the
// engine keeps scoring: no trap, no abort, no other error.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createEngine, LeadscoreError } from './load_engine.mjs';

const ITERATIONS = 3000;
const SITE = 'fuzz.example';

// storage.js reads the browser's globals; Node gets just enough of them.
const stored = new Map();
globalThis.localStorage = {
  getItem: (key) => (stored.has(key) ? stored.get(key) : null),
  setItem: (key, value) => stored.set(key, String(value)),
  removeItem: (key) => stored.delete(key),
};
globalThis.document ??= Object.assign(new EventTarget(), { visibilityState: 'visible' });
globalThis.window ??= new EventTarget();
globalThis.location ??= { host: SITE };
const storage = await import('../../web/storage.js');

const config = {
  version: 1,
  site: SITE,
  revision: 'r1',
  thresholds: { mql: 20, sql: 60 },
  engagement: {
    rules: [
      { id: 'pricing', on: 'page_view', where: { path: '/pricing*' }, points: 10, maxTimes: 3 },
      { id: 'slides', on: 'slide_view', where: { deck: 'tour' }, points: 2, distinct: true },
      { id: 'read', on: 'content_view', where: { tag: 'guide' }, points: 5, minMs: 1000, halfLifeDays: 7 },
    ],
  },
  fit: { rules: [{ id: 'work-email', field: 'email', op: 'business_email', points: 10 }] },
  decks: { tour: { slides: 5 } },
};

// What this version of the page script writes: a real session, consented, with a lead pending.
const genuine = {
  v: 1,
  savedAt: 1_767_225_700_000,
  lastActivity: 1_767_225_690_000,
  events: [
    { type: 'visit', t: 1_767_225_600_000, utm: { source: 'mail' } },
    { type: 'consent', t: 1_767_225_601_000, granted: true },
    { type: 'page_view', t: 1_767_225_602_000, path: '/pricing' },
    { type: 'content_view', t: 1_767_225_610_000, id: 'intro', tags: ['guide'], ms: 4000 },
    { type: 'slide_view', t: 1_767_225_620_000, deck: 'tour', slide: 2, of: 5, ms: 3000 },
    { type: 'form_start', t: 1_767_225_630_000, form: 'lead' },
    { type: 'form_submit', t: 1_767_225_640_000, form: 'lead', fillMs: 9000, fields: { email: 'kim@initech.example', size: 40 } },
  ],
  outbox: { pending: [{ id: 'lead-1', body: '{}' }], refused: [], sent: ['lead-0'], qualified: ['lead-1'] },
};

// A small deterministic generator (mulberry32), so a failure names the seed that reproduces it.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deep(levels) {
  let value = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 ? { x: value } : [value];
  return value;
}

// Values a hand-edited or hostile store could hold, each valid JSON.
const NASTY = [
  null, true, false, 0, -0, -1, 1.5, 2 ** 53, -(2 ** 53), 2 ** 63, 1e308, -1e308, 5e-324,
  '', ' ', '0', 'NaN', '__proto__', 'constructor', '\u0000', '\ud800', '\u202e', '😀'.repeat(1000),
  'x'.repeat(100_000), '<script>alert(1)</script>', '/pricing/../../etc', [], {}, [[[]]], deep(800),
  { __proto__: null, toString: 'x' }, { type: 'visit' }, { type: 'page_view', t: 1, path: 42 },
  Array.from({ length: 2000 }, (_, i) => i),
];

function mutate(value, next, depth = 0) {
  const roll = next();
  if (depth > 6 || roll < 0.15) return NASTY[Math.floor(next() * NASTY.length)];
  if (Array.isArray(value)) {
    const copy = value.map((item) => (next() < 0.3 ? mutate(item, next, depth + 1) : item));
    if (next() < 0.2) copy.push(mutate(copy[0], next, depth + 1));
    if (next() < 0.1) copy.splice(Math.floor(next() * copy.length), 1);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy = { ...value };
    for (const key of Object.keys(copy)) {
      const dice = next();
      if (dice < 0.25) copy[key] = mutate(copy[key], next, depth + 1);
      else if (dice < 0.3) delete copy[key];
    }
    if (next() < 0.1) copy[['extra', '__proto__', 'constructor', 'type', 't', 'ms'][Math.floor(next() * 6)]] = mutate(null, next, depth + 1);
    return copy;
  }
  return NASTY[Math.floor(next() * NASTY.length)];
}

// The stored text itself: a mutated state as JSON, sometimes cut short or with bytes flipped.
function storedText(next) {
  const text = JSON.stringify(next() < 0.05 ? genuine : mutate(genuine, next));
  const dice = next();
  // Nesting deeper than JSON.parse can follow: it throws, and the state is discarded.
  if (dice < 0.01) return `{"v":1,"events":${'['.repeat(200_000)}`;
  if (dice < 0.05) return text.slice(0, Math.floor(next() * text.length));
  if (dice < 0.1) {
    const at = Math.floor(next() * text.length);
    return text.slice(0, at) + String.fromCharCode(Math.floor(next() * 128)) + text.slice(at + 1);
  }
  return text;
}

test(`${ITERATIONS} mutated stored sessions are each restored or discarded, never break the engine`, async () => {
  const reports = [];
  storage.init({
    site: SITE,
    storage: 'local',
    mayPersist: () => true,
    onError: (code) => reports.push(code),
    sources: { events: () => [], visit: () => ({}), outbox: () => genuine.outbox },
  });
  const engine = await createEngine(config);
  let restored = 0;
  let refusedEvents = 0;
  try {
    for (let seed = 1; seed <= ITERATIONS; seed++) {
      const next = random(seed);
      stored.set(`leadscore:${SITE}`, storedText(next));
      reports.length = 0;
      const state = storage.load();
      if (state === null) {
        assert.deepEqual(reports, ['storage_discarded'], `seed ${seed}: a discarded state is reported once`);
        assert.equal(stored.size, 0, `seed ${seed}: a discarded state is removed`);
        continue;
      }
      restored += 1;
      assert.ok(Array.isArray(state.events), `seed ${seed}`);
      const session = await createEngine(config);
      try {
        for (const event of state.events) {
          try {
            session.track(event);
          } catch (error) {
            assert.ok(error instanceof LeadscoreError, `seed ${seed}: ${error}`);
            assert.equal(error.code, 'invalid_event', `seed ${seed}: ${error.message}`);
            assert.match(error.path, /^\$/, `seed ${seed}`);
            refusedEvents += 1;
          }
        }
        const score = session.score();
        assert.ok(Number.isFinite(score.total), `seed ${seed}: total ${score.total}`);
        const payload = session.payload();
        assert.ok(payload === null || typeof payload === 'object', `seed ${seed}`);
      } finally {
        session.destroy();
      }
    }
  } finally {
    engine.destroy();
    storage.teardown();
  }
  // The fuzz reached both sides of the shape check and of the event reader.
  assert.ok(restored > ITERATIONS / 20, `${restored} states restored`);
  assert.ok(restored < ITERATIONS, 'some states discarded');
  assert.ok(refusedEvents > 0, 'some events refused');
});
