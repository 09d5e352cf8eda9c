// The core's embind face (src/wasm/bindings.cpp) is a set of functions over engine handles. A
// handle that is not open (never opened, closed, or a number out of range) is refused with an
// error or an empty answer, never read as another engine's; a closed handle's slot serves the
// next open, so a page that opens and closes engines does not grow the table.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const coreDir = fileURLToPath(new URL('../../build/wasm/src/wasm/', import.meta.url));
if (!existsSync(`${coreDir}leadscore-core.mjs`)) throw new Error(`${coreDir}leadscore-core.mjs is missing: run scripts/build web first`);
const { default: createLeadscoreCore } = await import(`${coreDir}leadscore-core.mjs`);
const core = await createLeadscoreCore({ wasmBinary: readFileSync(`${coreDir}leadscore-core.wasm`) });

const NOT_OPEN = { path: '$', message: 'the engine is not open' };
const config = { version: 1, thresholds: { mql: 10 }, engagement: { rules: [{ id: 'visit', on: 'visit', points: 10 }] } };

function assertNotOpen(handle) {
  assert.deepEqual(core.configErrors(handle), [NOT_OPEN], `configErrors(${handle})`);
  assert.deepEqual(core.ingest(handle, { type: 'visit', t: 1 }), NOT_OPEN, `ingest(${handle})`);
  assert.equal(core.score(handle, NaN), 'null');
  assert.equal(core.qualified(handle, NaN), false);
  assert.equal(core.payload(handle, NaN), '');
  assert.equal(core.events(handle), '[]');
  assert.equal(core.settings(handle), 'null');
  core.close(handle); // harmless
}

test('a handle never opened, zero or out of range is refused', () => {
  for (const handle of [0, 1, 7, 2 ** 32 - 1]) assertNotOpen(handle);
});

test('a closed handle is refused, and its slot serves the next open', () => {
  const first = core.open(config);
  const second = core.open(config);
  assert.notEqual(first, second);
  assert.equal(core.ingest(first, { type: 'visit', t: 1 }), undefined, 'an accepted event');
  assert.equal(JSON.parse(core.score(first, NaN)).total, 10);
  core.close(first);
  assertNotOpen(first);
  // The other engine is untouched.
  assert.equal(JSON.parse(core.events(second)).length, 0);
  const reused = core.open(config);
  assert.equal(reused, first);
  assert.equal(JSON.parse(core.events(reused)).length, 0, 'the new engine starts empty');
  core.close(reused);
  core.close(second);
});
