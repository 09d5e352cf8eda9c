// Runs every scenario in tests/vectors/ through the wasm engine, with the native suite's rules.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { createEngine, LeadscoreError } from './load_engine.mjs';
import { subsetMismatches } from './subset.mjs';

const vectorsDir = fileURLToPath(new URL('../vectors/', import.meta.url));
const files = readdirSync(vectorsDir).filter((name) => name.endsWith('.json')).sort();

test('scenario vectors are found', () => {
  assert.ok(files.length > 0, `no *.json scenario vectors in ${vectorsDir}`);
});

function assertSubset(expected, actual, what) {
  const mismatches = subsetMismatches(expected, actual);
  assert.deepEqual(mismatches, [], `${what} differs:\n  ${mismatches.join('\n  ')}\nactual: ${JSON.stringify(actual)}`);
}

// The path part of a `path: message` error line.
const pathOf = (line) => line.slice(0, line.indexOf(': '));

for (const file of files) {
  test(file, async () => {
    // Parsed inside the test so one malformed vector fails alone instead of hiding the others.
    const { config, events = [], now, expect } = JSON.parse(readFileSync(vectorsDir + file, 'utf8'));
    assert.ok(expect && typeof expect === 'object', `${file}: no "expect"`);

    if (expect.configErrors) {
      const error = await createEngine(JSON.stringify(config)).then(
        () => assert.fail('the config was accepted'),
        (rejection) => rejection);
      assert.ok(error instanceof LeadscoreError, `not a LeadscoreError: ${error}`);
      assert.equal(error.code, 'invalid_config');
      const paths = error.errors.map(pathOf);
      for (const path of expect.configErrors) {
        assert.ok(paths.includes(path), `expected an error at ${path}, got:\n  ${error.errors.join('\n  ')}`);
      }
      return;
    }

    const engine = await createEngine(JSON.stringify(config));
    try {
      const refused = [];
      events.forEach((event, index) => {
        try {
          engine.track(JSON.stringify(event));
        } catch (error) {
          if (!(error instanceof LeadscoreError) || error.code !== 'invalid_event') throw error;
          refused.push({ index, path: error.path });
        }
      });
      const expectedRefusals = [...(expect.eventErrors ?? [])].sort((a, b) => a.index - b.index);
      assert.deepEqual(refused, expectedRefusals, 'refused events (index, path)');

      const scoringTime = now ?? undefined;
      if (expect.score) assertSubset(expect.score, engine.score(scoringTime), 'score');
      assert.equal(engine.qualified(scoringTime), engine.score(scoringTime).qualified, 'qualified() and score() disagree');
      if (expect.payload === null) {
        assert.equal(engine.payload(scoringTime), null, 'a payload was built for a lead that must not qualify');
      } else if (expect.payload) {
        const payload = engine.payload(scoringTime);
        assert.notEqual(payload, null, 'no payload: the lead did not qualify');
        assertSubset(expect.payload, payload, 'payload');
      }
    } finally {
      engine.destroy();
    }
  });
}
