// visits.js: a visit on the first load and after 30 minutes without activity, page views with
// the path only, campaign tags from utm_* parameters.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { baseConfig } from './support/configs.mjs';
import { events, openPage, setup, waitReady } from './support/browser.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const ls = { config: baseConfig({ content: { idleMs: 60000 } }), consent: true };

test('first load: a visit and a page view with path, title and campaign tags', async () => {
  const { page, context } = await openPage(env, 'content.html?utm_source=news&utm_campaign=fall&ref=x#plans', { ls });
  const [visit, view] = (await events(page)).filter((e) => e.type !== 'consent');
  assert.deepEqual({ type: visit.type, utm: visit.utm }, { type: 'visit', utm: { source: 'news', campaign: 'fall' } });
  assert.deepEqual({ path: view.path, title: view.title, utm: view.utm },
    { path: '/fixtures/content.html', title: 'Plans and pricing', utm: { source: 'news', campaign: 'fall' } });
  await context.close();
});

test('a reload within 30 minutes is the same visit; after 30 idle minutes activity starts a new one', async () => {
  const { page, context } = await openPage(env, 'content.html', { ls });
  await page.reload();
  await waitReady(page);
  assert.deepEqual((await events(page)).map((e) => e.type), ['consent', 'visit', 'page_view', 'page_view']);
  await page.clock.pauseAt(Date.parse('2026-11-23T10:01:00Z'));
  await page.clock.runFor(31 * 60 * 1000);
  await page.mouse.move(40, 40);
  const types = (await events(page)).map((e) => e.type);
  assert.deepEqual(types, ['consent', 'visit', 'page_view', 'page_view', 'visit', 'page_view']);
  await context.close();
});

test('without consent nothing links two page loads: each is its own visit', async () => {
  const { page, context } = await openPage(env, 'content.html', { ls: { ...ls, consent: false } });
  await page.reload();
  await waitReady(page);
  assert.deepEqual((await events(page)).map((e) => e.type), ['consent', 'visit', 'page_view']);
  await context.close();
});
