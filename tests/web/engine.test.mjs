// The engine's JavaScript contract (docs/page-script.md): typed errors, plain objects, payload only when the
// lead qualifies, destroy, events in any order, and a session restored from its own events.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { createEngine, LeadscoreError, wasmBinary } from './load_engine.mjs';

const DAY = 86_400_000;

const config = {
  version: 1,
  site: 'example.com',
  revision: 'r1',
  thresholds: { mql: 20, sql: 60 },
  engagement: {
    rules: [
      { id: 'pricing', on: 'page_view', where: { path: '/pricing*' }, points: 10, maxTimes: 3 },
      { id: 'whitepaper', on: 'download', points: 12, halfLifeDays: 1 },
    ],
  },
  fit: { rules: [{ id: 'work-email', field: 'email', op: 'business_email', points: 10 }] },
  decks: { tour: { slides: 5 } },
  gates: [{ id: 'tour-gate', deck: 'tour', atSlide: 3, form: 'lead' }],
};

// A visitor who reads pricing twice, gives consent and fills the form like a person.
const qualifyingVisit = [
  { type: 'visit', t: 1000 },
  { type: 'consent', t: 1500, granted: true },
  { type: 'page_view', t: 2000, path: '/pricing' },
  { type: 'page_view', t: 3000, path: '/pricing/enterprise' },
  { type: 'form_view', t: 4000, form: 'lead' },
  { type: 'form_start', t: 5000, form: 'lead' },
  { type: 'form_submit', t: 9000, form: 'lead', fields: { email: 'ana@acme.io' }, fillMs: 4000 },
];

async function rejectionOf(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

function thrownBy(run) {
  try {
    run();
  } catch (error) {
    return error;
  }
  assert.fail('expected a throw');
}

async function withEngine(engineConfig, run) {
  const engine = await createEngine(engineConfig);
  try {
    await run(engine);
  } finally {
    engine.destroy();
  }
}

describe('createEngine', () => {
  test('reports every config error as `path: message`', async () => {
    const error = await rejectionOf(createEngine({
      version: 1,
      thresholds: { mql: 50 },
      engagement: { rules: [{ id: 'a', on: 'page_view', points: 'ten' }] },
      typo: true,
    }));
    assert.ok(error instanceof LeadscoreError);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'LeadscoreError');
    assert.equal(error.code, 'invalid_config');
    assert.ok(error.errors.some((line) => line.startsWith('$.engagement.rules[0].points: expected a number')),
      error.errors.join('\n'));
    assert.ok(error.errors.some((line) => line.startsWith('$.typo: ')), error.errors.join('\n'));
    assert.ok(error.errors.length >= 2);
    assert.ok(error.errors.map((line) => line.slice(0, line.indexOf(': '))).includes(error.path));
    for (const line of error.errors) assert.ok(error.message.includes(line), `message lacks ${line}`);
  });

  test('refuses malformed JSON text, a missing config and a config that cannot be serialized', async () => {
    for (const bad of ['{"version": 1,', undefined, null, 42]) {
      const error = await rejectionOf(createEngine(bad));
      assert.ok(error instanceof LeadscoreError, `${bad}: ${error}`);
      assert.equal(error.code, 'invalid_config', String(bad));
      assert.ok(error.errors.length > 0, String(bad));
    }
    const circular = { version: 1, thresholds: { mql: 1 } };
    circular.self = circular;
    const error = await rejectionOf(createEngine(circular));
    assert.equal(error.code, 'invalid_config');
    assert.equal(error.path, '$');
  });

  test('accepts the $schema an editor checks the config with, and only as a string', async () => {
    await withEngine({ $schema: './node_modules/leadscore/schema/config.schema.json', ...config }, (engine) => {
      engine.track({ type: 'page_view', t: 1, path: '/pricing' });
      assert.equal(engine.score().engagement, 10);
    });
    await assert.rejects(createEngine({ ...config, $schema: 1 }), (error) => {
      assert.deepEqual(error.errors, ['$["$schema"]: expected a string']);
      return error.code === 'invalid_config';
    });
  });

  test('accepts the config as a JSON string', async () => {
    await withEngine(JSON.stringify(config), (engine) => {
      engine.track({ type: 'page_view', t: 1, path: '/pricing' });
      assert.equal(engine.score().engagement, 10);
    });
  });

  test('fails with load_failed, not a crash, when the wasm bytes are not a module', async () => {
    const error = await rejectionOf(createEngine(config, { wasmBinary: new Uint8Array([0, 97, 115, 109, 9, 9]) }));
    assert.ok(error instanceof LeadscoreError, String(error));
    assert.equal(error.code, 'load_failed');
  });
});

describe('track', () => {
  test('throws invalid_event with the offending path and keeps the rest of the session', async () => {
    await withEngine(config, (engine) => {
      engine.track({ type: 'page_view', t: 1000, path: '/pricing' });
      const cases = [
        [{ type: 'content_view', t: 2000, id: 'hero', ms: -1 }, '$.ms'],
        [{ type: 'content_view', t: 2000, id: 'hero', ms: 86_400_001 }, '$.ms'],
        [{ type: 'teleport', t: 2000 }, '$.type'],
        [{ type: 'deck_complete', t: 2000, deck: 'tour' }, '$.type'],
        [{ type: 'page_view', t: 2000 }, '$.path'],
        [{ type: 'page_view', t: 'soon', path: '/pricing' }, '$.t'],
      ];
      for (const [event, path] of cases) {
        const error = thrownBy(() => engine.track(event));
        assert.ok(error instanceof LeadscoreError, JSON.stringify(event));
        assert.equal(error.code, 'invalid_event', JSON.stringify(event));
        assert.equal(error.path, path, JSON.stringify(event));
        assert.ok(error.message.startsWith(`${path}: `), error.message);
      }
      assert.equal(engine.events().length, 1);
      assert.equal(engine.score().engagement, 10);
    });
  });

  test('refuses something that is not an event object', async () => {
    await withEngine(config, (engine) => {
      for (const bad of [undefined, null, 7, [], 'not json']) {
        const error = thrownBy(() => engine.track(bad));
        assert.equal(error.code, 'invalid_event', String(bad));
      }
      assert.deepEqual(engine.events(), []);
    });
  });
});

describe('score and payload', () => {
  test('score() is a plain Score object', async () => {
    await withEngine(config, (engine) => {
      const score = engine.score();
      assert.deepEqual(Object.keys(score).sort(),
        ['breakdown', 'engagement', 'fit', 'gates', 'grade', 'qualified', 'reasons', 'stage', 'total']);
      assert.equal(score.total, 0);
      assert.equal(score.stage, 'visitor');
      assert.equal(score.qualified, false);
      assert.deepEqual(score.gates, [{ id: 'tour-gate', locked: true }]);
    });
  });

  test('payload() is null until the lead qualifies, then the lead payload', async () => {
    await withEngine(config, (engine) => {
      for (const event of qualifyingVisit.slice(0, -1)) {
        engine.track(event);
        assert.equal(engine.payload(), null, `qualified too early, at ${event.type}`);
      }
      engine.track(qualifyingVisit.at(-1));
      const score = engine.score();
      assert.equal(score.total, 30);
      assert.equal(score.stage, 'mql');
      assert.equal(score.qualified, true, JSON.stringify(score.reasons));
      assert.deepEqual(score.gates, [{ id: 'tour-gate', locked: false }]);

      const payload = engine.payload();
      assert.equal(payload.schema, 'leadscore/lead@1');
      assert.equal(payload.site, 'example.com');
      assert.equal(payload.revision, 'r1');
      assert.equal(payload.lead.email, 'ana@acme.io');
      assert.equal(payload.score.total, 30);
      assert.equal(payload.events.length, qualifyingVisit.length);
      assert.equal(typeof payload.id, 'string');
      assert.ok(payload.id.length > 0);
    });
  });

  test('scores at a given time, with decay', async () => {
    await withEngine(config, (engine) => {
      engine.track({ type: 'download', t: 0, id: 'whitepaper.pdf' });
      assert.equal(engine.score().engagement, 12);
      assert.equal(engine.score(DAY).engagement, 6);
      assert.equal(engine.score(2 * DAY).engagement, 3);
    });
  });

  test('refuses a scoring time that is not an integer number of ms', async () => {
    await withEngine(config, (engine) => {
      for (const now of [1.5, Number.NaN, Infinity, '1000']) {
        const error = thrownBy(() => engine.score(now));
        assert.equal(error.code, 'invalid_argument', String(now));
        assert.equal(thrownBy(() => engine.payload(now)).code, 'invalid_argument', String(now));
      }
    });
  });
});

describe('events', () => {
  test('are scored in t order whatever order they arrive in', async () => {
    const shuffled = [...qualifyingVisit].reverse();
    await withEngine(config, async (inOrder) => {
      await withEngine(config, (outOfOrder) => {
        for (const event of qualifyingVisit) inOrder.track(event);
        for (const event of shuffled) outOfOrder.track(event);
        assert.deepEqual(outOfOrder.score(), inOrder.score());
        assert.deepEqual(outOfOrder.events().map((event) => event.t), qualifyingVisit.map((event) => event.t));
      });
    });
  });

  test('restore a session when replayed into a new engine', async () => {
    await withEngine(config, async (original) => {
      for (const event of qualifyingVisit) original.track(event);
      const saved = JSON.parse(JSON.stringify(original.events()));
      await withEngine(config, (restored) => {
        for (const event of saved) restored.track(event);
        assert.deepEqual(restored.events(), saved);
        assert.deepEqual(restored.score(), original.score());
        assert.deepEqual(restored.payload(), original.payload());
      });
    });
  });
});

describe('settings', () => {
  test('gives what the page script acts on, with defaults filled in', async () => {
    await withEngine(config, (engine) => {
      const settings = engine.settings();
      assert.equal(settings.site, 'example.com');
      assert.deepEqual(settings.content, { minVisibleRatio: 0.5, minVisibleMs: 1000, idleMs: 30000, maxDwellMs: 86_400_000 });
      assert.deepEqual(settings.submit, { endpoint: '/leads', format: 'json', maxEvents: 1000, fields: ['email'] });
      assert.deepEqual(settings.qualify, { stage: 'mql', requireConsent: true });
      assert.deepEqual(settings.decks, { tour: { slides: 5, completeRatio: 0.8, minSlideMs: 0 } });
      assert.deepEqual(settings.gates, [{ id: 'tour-gate', form: 'lead', deck: 'tour', atSlide: 3 }]);
    });
  });

  test('names every field a lead form may send: email, the fit rules\' fields, then submit.fields', async () => {
    const named = {
      ...config,
      fit: { rules: [...config.fit.rules, { id: 'title', field: 'job_title', op: 'exists' }] },
      submit: { fields: ['company', 'job_title'] },
    };
    await withEngine(named, (engine) => {
      assert.deepEqual(engine.settings().submit.fields, ['email', 'job_title', 'company']);
    });
  });
});

describe('destroy', () => {
  test('frees the engine; later calls throw destroyed; a second destroy is harmless', async () => {
    const engine = await createEngine(config);
    engine.track({ type: 'visit', t: 1 });
    engine.destroy();
    engine.destroy();
    for (const call of [
      () => engine.track({ type: 'visit', t: 2 }),
      () => engine.score(),
      () => engine.payload(),
      () => engine.events(),
      () => engine.settings(),
    ]) {
      const error = thrownBy(call);
      assert.ok(error instanceof LeadscoreError);
      assert.equal(error.code, 'destroyed');
    }
  });

  test('engines are independent of each other', async () => {
    await withEngine(config, async (first) => {
      const second = await createEngine({ ...config, thresholds: { mql: 5 } });
      first.track({ type: 'page_view', t: 1, path: '/pricing' });
      second.track({ type: 'download', t: 1, id: 'x' });
      second.destroy();
      assert.equal(first.score().engagement, 10);
      assert.deepEqual(first.events(), [{ type: 'page_view', t: 1, path: '/pricing' }]);
    });
  });
});

describe('strings across the wasm boundary', () => {
  test('non-ASCII text comes back exactly as it went in', async () => {
    await withEngine(config, (engine) => {
      const title = 'Préférences — 料金 😀';
      const name = 'Zoë 🚀 Ångström';
      engine.track({ type: 'page_view', t: 1, path: '/prix-€', title });
      engine.track({ type: 'consent', t: 2, granted: true });
      engine.track({ type: 'form_submit', t: 9000, form: 'lead', fields: { email: 'zoë@acme.io', name }, fillMs: 4000 });
      const [page, , submit] = engine.events();
      assert.deepEqual(page, { type: 'page_view', t: 1, path: '/prix-€', title });
      assert.deepEqual(submit.fields, { email: 'zoë@acme.io', name });
      const error = thrownBy(() => engine.track({ type: 'click', t: 3, id: 7, tags: ['ü'] }));
      assert.equal(error.path, '$.id');
    });
  });
});

describe('memory', () => {
  // The core's linear memory, caught as the core is instantiated from a private copy of the
  // bytes (a new copy is a new instance, which no other test shares).
  async function instantiateWithMemory() {
    const original = WebAssembly.instantiate;
    let memory;
    WebAssembly.instantiate = async (...args) => {
      const result = await original.apply(WebAssembly, args);
      const instance = result.instance || result;
      memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory);
      return result;
    };
    const options = { wasmBinary: new Uint8Array(wasmBinary) };
    try {
      (await createEngine(config, options)).destroy();
    } finally {
      WebAssembly.instantiate = original;
    }
    assert.ok(memory, 'the core exports its memory');
    return { memory, options };
  }

  test('a long run of calls, sessions and refusals does not grow the core', async () => {
    const { memory, options } = await instantiateWithMemory();
    const engine = await createEngine(config, options);
    for (const event of qualifyingVisit) engine.track(event);
    const round = async () => {
      engine.score();
      engine.payload();
      engine.events();
      engine.settings();
      thrownBy(() => engine.track({ type: 'page_view', t: 1 }));
      const other = await createEngine(config, options);
      for (const event of qualifyingVisit) other.track(event);
      other.payload();
      other.destroy();
      await rejectionOf(createEngine({ version: 1, thresholds: { mql: 'x' } }, options));
    };
    // Warm up first: the core's reusable buffers reach their size once.
    for (let i = 0; i < 100; i++) await round();
    const before = memory.buffer.byteLength;
    for (let i = 0; i < 3000; i++) await round();
    assert.equal(memory.buffer.byteLength, before);
    engine.destroy();
  });
});
