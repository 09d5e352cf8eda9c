// Filling the lead form like a visitor, and waiting on the collector.
import { setTimeout as sleep } from 'node:timers/promises';

/** Types the fields (form_start), lets `fillMs` of page time pass, and submits. */
export async function submitLead(page, fields, { fillMs = 2000, form = '#lead' } = {}) {
  for (const [name, value] of Object.entries(fields)) await page.fill(`${form} [name="${name}"]`, value);
  await page.clock.runFor(fillMs);
  await page.click(`${form} [type=submit]`);
}

/** Polls a condition on the Node side (the collector is not on the page's clock). */
export async function until(condition, { timeout = 10000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}
