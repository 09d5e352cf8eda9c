// demo/presets.json: the journeys the demo simulates are ones the collector accepts. It refuses a
// submission whose fillMs is longer than the time since its form's form_start (implausible_fill),
// so a journey that claims more would end in a 422 on the demo's Leads tab.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const { presets } = JSON.parse(readFileSync(new URL('../../demo/presets.json', import.meta.url), 'utf8'));

test('every journey fills its form in no more time than it spent on it', () => {
  const implausible = [];
  for (const preset of presets) {
    const startedAt = new Map(); // form id -> t of its latest form_start
    for (const event of preset.events) {
      if (event.type === 'form_start') startedAt.set(event.form, event.t);
      if (event.type !== 'form_submit' || event.fillMs === undefined) continue;
      const spent = event.t - (startedAt.get(event.form) ?? event.t);
      if (event.fillMs > spent) implausible.push(`${preset.id}: fillMs ${event.fillMs} after ${spent} ms on the form`);
    }
  }
  assert.ok(presets.length >= 6);
  assert.deepEqual(implausible, []);
});
