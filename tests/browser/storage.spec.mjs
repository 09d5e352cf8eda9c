// consent.js + storage.js: without consent nothing is stored or sent; with it the session
// survives a reload within a size bound; a tampered stored state is discarded safely.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { baseConfig } from './support/configs.mjs';
import { events, log, networkSettled, openPage, setVisibility, setup, waitReady } from './support/browser.mjs';
import { submitLead, until } from './support/lead.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });
beforeEach(() => env.collector.reset());

const PAUSE = Date.parse('2026-11-23T10:01:00Z');
const KEY = 'leadscore:shop.example';
const config = baseConfig({ thresholds: { mql: 20, sql: 80 } });
const ann = { email: 'ann@acme.example' };

function stored(page) {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key)), KEY);
}

for (const consent of [false, 'pending']) {
  test(`consent ${consent}: nothing in localStorage, nothing sent`, async () => {
    const { page, context } = await openPage(env, 'lead.html', { ls: { config, consent } });
    await page.clock.pauseAt(PAUSE);
    await submitLead(page, ann);
    await setVisibility(page, 'hidden');
    await page.evaluate(() => { window.ls.flush(); window.dispatchEvent(new PageTransitionEvent('pagehide')); });
    await page.clock.runFor(60000);
    await networkSettled(page);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.equal(env.collector.requests.length, 0);
    assert.deepEqual((await log(page)).lastScore.reasons, ['no_consent']);
    await context.close();
  });
}

test('a site that does not require consent: a pending answer sends the lead but stores nothing', async () => {
  const optional = { ...config, qualify: { ...config.qualify, requireConsent: false } };
  const { page, context } = await openPage(env, 'lead.html', { ls: { config: optional, consent: 'pending' } });
  await page.clock.pauseAt(PAUSE);
  await submitLead(page, ann);
  await until(() => env.collector.leads().length === 1, { what: 'the lead' });
  await setVisibility(page, 'hidden');
  await page.evaluate(() => { window.ls.flush(); window.dispatchEvent(new PageTransitionEvent('pagehide')); });
  await page.clock.runFor(60000);
  await networkSettled(page);
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing stored before consent');
  assert.equal(env.collector.posts().length, 1);
  // A reload knows nothing of the visitor: nothing was remembered.
  await page.reload();
  await waitReady(page);
  assert.deepEqual((await events(page)).map((e) => e.type).slice(0, 2), ['visit', 'page_view']);
  assert.ok(!(await events(page)).some((e) => e.type === 'form_submit'));
  // Saying yes later stores the session from then on.
  await page.evaluate(() => window.ls.setConsent(true));
  assert.equal((await stored(page)).v, 1);
  await context.close();
});

test('setConsent(true) records a consent event, stores the session and sends the waiting lead', async () => {
  const { page, context } = await openPage(env, 'lead.html', { ls: { config, consent: 'pending' } });
  await page.clock.pauseAt(PAUSE);
  await submitLead(page, ann);
  await page.evaluate(() => window.ls.setConsent(true));
  await until(() => env.collector.leads().length === 1, { what: 'the lead' });
  const consentEvents = await events(page, 'consent');
  assert.deepEqual(consentEvents.map((e) => e.granted), [true]);
  assert.equal((await stored(page)).v, 1);
  // Withdrawing consent forgets what was stored.
  await page.evaluate(() => window.ls.setConsent(false));
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  await context.close();
});

test('with consent the session survives a reload; the consent answer is not repeated', async () => {
  const { page, context } = await openPage(env, 'lead.html', { ls: { config, consent: true } });
  await page.clock.pauseAt(PAUSE);
  await page.fill('#lead [name=email]', 'ann@gmail.com');
  await setVisibility(page, 'hidden'); // a hidden page saves at once
  const saved = await stored(page);
  assert.deepEqual(saved.events.map((e) => e.type), ['consent', 'visit', 'page_view', 'form_view', 'form_start']);
  await page.reload();
  await waitReady(page);
  // The reloaded page's form_view comes from an intersection report, which may follow ready.
  await until(async () => (await events(page, 'form_view')).length === 2, { what: 'the second form_view' });
  const types = (await events(page)).map((e) => e.type);
  assert.deepEqual(types, ['consent', 'visit', 'page_view', 'form_view', 'form_start', 'page_view', 'form_view']);
  await context.close();
});

test('a tampered stored state is discarded and reported; the page script still runs', async () => {
  const context = await env.browser.newContext();
  for (const bad of ['{not json', JSON.stringify({ v: 99, events: [] }),
    JSON.stringify({ v: 1, events: [{ type: 'visit', t: 'yesterday' }], outbox: { pending: [], sent: [], qualified: [] } })]) {
    const page = await context.newPage();
    await page.goto(`${env.origin}/fixtures/thanks.html`);
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, bad]);
    await page.addInitScript((ls) => { window.__ls = ls; }, { config, consent: true });
    await page.goto(`${env.origin}/fixtures/lead.html`);
    await waitReady(page);
    const { errors } = await log(page);
    assert.deepEqual(errors.map((e) => e.code), ['storage_discarded'], bad);
    assert.deepEqual((await events(page)).map((e) => e.type).slice(0, 3), ['consent', 'visit', 'page_view']);
    await page.close();
  }
  await context.close();
});

test('the stored session is bounded: old engagement goes first, a pending lead never', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.origin}/fixtures/thanks.html`);
  const t0 = Date.now() - 60000;
  await page.evaluate(([key, t]) => {
    const events = [{ type: 'consent', t, granted: true }, { type: 'visit', t }];
    for (let i = 0; i < 4000; i += 1) events.push({ type: 'content_view', t: t + i, id: `block-${i}-${'x'.repeat(40)}`, ms: 1500 });
    const pending = [{ id: 'lead-1', body: JSON.stringify({ id: 'lead-1', filler: 'y'.repeat(1000) }) }];
    localStorage.setItem(key, JSON.stringify({ v: 1, events, lastActivity: t, outbox: { pending, sent: [], qualified: ['lead-1'] } }));
  }, [KEY, t0]);
  env.collector.failNext(1000, 503); // keep the lead pending
  await page.addInitScript((ls) => { window.__ls = ls; }, { config, consent: true });
  await page.goto(`${env.origin}/fixtures/lead.html`);
  await waitReady(page);
  await page.evaluate(() => window.ls.flush());
  const text = await page.evaluate((key) => localStorage.getItem(key), KEY);
  const state = JSON.parse(text);
  assert.ok(text.length <= 200000, `stored ${text.length} characters`);
  assert.deepEqual(state.outbox.pending.map((p) => p.id), ['lead-1']);
  assert.equal(state.events[0].type, 'consent');
  const views = state.events.filter((e) => e.type === 'content_view');
  assert.equal(views.at(-1).id, `block-3999-${'x'.repeat(40)}`, 'the newest engagement is kept');
  assert.ok(views.length < 4000, 'the oldest engagement is dropped');
  assert.ok(state.events.length < 4002);
  await context.close();
});
