// observers/content.js: a content view counts while the block is in view, the tab is visible and
// the visitor is active; an impression shorter than minVisibleMs is no event.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { baseConfig } from './support/configs.mjs';
import { events, openPage, scrollTo, setup, setVisibility } from './support/browser.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });
beforeEach(() => env.collector.reset());

const ls = { config: baseConfig(), consent: true };

async function views(page) {
  return (await events(page, 'content_view')).map(({ id, tags, ms }) => ({ id, tags, ms }));
}

test('an impression of minVisibleMs or more is one content_view with its tags and time', async () => {
  const { page, context } = await openPage(env, 'content.html', { ls });
  await page.clock.pauseAt(Date.parse('2026-11-23T10:01:00Z'));
  await scrollTo(page, '#pricing');
  await page.clock.runFor(1500);
  await scrollTo(page, '#pricing', { inView: false });
  assert.deepEqual(await views(page), [{ id: 'pricing-table', tags: ['pricing', 'plans'], ms: 1500 }]);
  await context.close();
});

test('an impression shorter than minVisibleMs is not an event; exactly minVisibleMs is', async () => {
  const { page, context } = await openPage(env, 'content.html', { ls });
  await page.clock.pauseAt(Date.parse('2026-11-23T10:01:00Z'));
  await scrollTo(page, '#pricing');
  await page.clock.runFor(999);
  await scrollTo(page, '#pricing', { inView: false });
  assert.deepEqual(await views(page), []);
  await scrollTo(page, '#pricing');
  await page.clock.runFor(1000);
  await scrollTo(page, '#pricing', { inView: false });
  assert.deepEqual((await views(page)).map((v) => v.ms), [1000]);
  await context.close();
});

test('a hidden tab ends the impression and its time does not count', async () => {
  const { page, context } = await openPage(env, 'content.html', { ls });
  await page.clock.pauseAt(Date.parse('2026-11-23T10:01:00Z'));
  await scrollTo(page, '#pricing');
  await page.clock.runFor(1200);
  await setVisibility(page, 'hidden');
  await page.clock.runFor(60000);
  assert.deepEqual(await views(page), [{ id: 'pricing-table', tags: ['pricing', 'plans'], ms: 1200 }]);
  await setVisibility(page, 'visible');
  await page.clock.runFor(2000);
  await scrollTo(page, '#pricing', { inView: false });
  assert.deepEqual((await views(page)).map((v) => v.ms), [1200, 2000]);
  await context.close();
});

test('an idle visitor stops the clock after idleMs without activity', async () => {
  const { page, context } = await openPage(env, 'content.html', { ls }); // idleMs 5000
  await page.clock.pauseAt(Date.parse('2026-11-23T10:01:00Z'));
  await scrollTo(page, '#pricing'); // the scroll is the visitor's last activity
  await page.clock.runFor(60000);
  const [view] = await views(page);
  assert.equal(view.ms, 5000);
  // Activity with the block still in view starts a new impression.
  await page.mouse.move(10, 10);
  await page.clock.runFor(1000);
  await scrollTo(page, '#pricing', { inView: false });
  assert.deepEqual((await views(page)).map((v) => v.ms), [5000, 1000]);
  await context.close();
});

test('a block taller than the viewport counts while it fills the viewport', async () => {
  const { page, context } = await openPage(env, 'content.html', { ls });
  await page.clock.pauseAt(Date.parse('2026-11-23T10:01:00Z'));
  await scrollTo(page, '#story');
  await page.clock.runFor(3000);
  await scrollTo(page, '#story', { inView: false });
  assert.deepEqual(await views(page), [{ id: 'case-study', tags: undefined, ms: 3000 }]);
  await context.close();
});

test('leaving the page ends the impression and records it', async () => {
  const { page, context } = await openPage(env, 'content.html', { ls });
  await page.clock.pauseAt(Date.parse('2026-11-23T10:01:00Z'));
  await scrollTo(page, '#pricing');
  await page.clock.runFor(2500);
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false })));
  assert.deepEqual((await views(page)).map((v) => v.ms), [2500]);
  await context.close();
});
