// leadscore.js, the entry: one tag starts it (under a strict CSP too), every failure is
// contained and reported, a broken setup leaves the host page working, a re-init does not
// double anything.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { baseConfig } from './support/configs.mjs';
import { events, log, openPage, scrollTo, setup, uncaughtErrors } from './support/browser.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const PAUSE = Date.parse('2026-11-23T10:01:00Z');

test('one tag under script-src \'self\' \'wasm-unsafe-eval\': starts, observes, no violation', async () => {
  const { page, context } = await openPage(env, 'page.csp.html', { waitReady: false });
  const response = await page.request.get(`${env.origin}/fixtures/page.csp.html`);
  assert.equal(response.headers()['content-security-policy'], "script-src 'self' 'wasm-unsafe-eval'");
  await page.waitForFunction(() => window.lsSeen.ready !== null, null, { polling: 20 });
  await page.clock.pauseAt(PAUSE);
  await scrollTo(page, '#pricing');
  await page.clock.runFor(1500);
  await scrollTo(page, '#pricing', { inView: false });
  const seen = await page.evaluate(() => ({
    errors: window.lsSeen.errors,
    violations: window.lsSeen.violations,
    views: window.lsSeen.ready.events().filter((e) => e.type === 'content_view').map((e) => e.ms),
    consent: window.lsSeen.ready.events().filter((e) => e.type === 'consent').map((e) => e.granted),
  }));
  assert.deepEqual(seen, { errors: [], violations: [], views: [1500], consent: [true] });
  await context.close();
});

test('an async tag that runs while the page is parsed: fetches at once, then finds the markup below it', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 700 } });
  // The parser is held at a script in the body until the page script has asked for its config.
  let configAsked;
  const configRequested = new Promise((resolve) => { configAsked = resolve; });
  await context.route('**/fixtures/site-config.json', (route) => { configAsked(); route.continue(); });
  await context.route('**/fixtures/parser-blocking.js', async (route) => {
    await configRequested;
    route.fulfill({ contentType: 'text/javascript', body: 'window.parsedAfterStart = true;' });
  });
  const page = await context.newPage();
  await page.goto(`${env.origin}/fixtures/async-tag.html`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.lsSeen && window.lsSeen.ready !== null, null, { polling: 20 });
  assert.equal(await page.evaluate(() => window.parsedAfterStart), true);
  await page.fill('#lead [name=email]', 'ann@acme.example');
  await page.click('#lead [type=submit]');
  await page.waitForFunction(() => window.lsSeen.ready.events().some((e) => e.type === 'form_submit'), null, { polling: 20 });
  const seen = await page.evaluate(() => ({
    errors: window.lsSeen.errors,
    forms: window.lsSeen.ready.events().filter((e) => e.type.startsWith('form_')).map((e) => e.type),
  }));
  assert.deepEqual(seen, { errors: [], forms: ['form_view', 'form_start', 'form_submit'] });
  assert.deepEqual(uncaughtErrors(page), []);
  await context.close();
});

test('a missing config file: reported, the host page keeps working, content stays readable', async () => {
  const { page, context } = await openPage(env, 'page.html', { waitReady: false });
  await page.waitForFunction(() => window.lsSeen.errors.length > 0, null, { polling: 20 });
  assert.deepEqual(await page.evaluate(() => window.lsSeen.errors), ['config_unavailable']);
  await page.click('#site-button');
  assert.equal(await page.textContent('#site-output'), 'site works');
  assert.equal(await page.locator('[data-ls-content]').isVisible(), true);
  assert.deepEqual(uncaughtErrors(page), []);
  await context.close();
});

test('an invalid config: onError gets every path, the instance is inert, nothing is hidden', async () => {
  const config = { version: 1, thresholds: { mql: 'high' }, gates: [{ id: 'tour-gate', deck: 'tour', atSlide: 4, form: 'lead' }] };
  const { page, context } = await openPage(env, 'gate.html', { ls: { config } });
  const { errors } = await log(page);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, 'invalid_config');
  assert.match(errors[0].message, /\$\.thresholds\.mql/);
  const inert = await page.evaluate(() => {
    window.ls.track({ type: 'custom', name: 'x' });
    return { error: window.ls.error.code, score: window.ls.score(), events: window.ls.events() };
  });
  assert.deepEqual(inert, { error: 'invalid_config', score: null, events: [] });
  assert.equal(await page.locator('#slide-4').isVisible(), true);
  assert.deepEqual(uncaughtErrors(page), []);
  await context.close();
});

test('a missing wasm file: load_failed is reported and the page is untouched', async () => {
  const ls = { config: baseConfig({ gates: [{ id: 'tour-gate', deck: 'tour', atSlide: 4, form: 'lead' }] }), wasmUrl: '/leadscore/nothing-here.wasm' };
  const { page, context } = await openPage(env, 'gate.html', { ls });
  const { errors } = await log(page);
  assert.deepEqual(errors.map((e) => e.code), ['load_failed']);
  assert.equal(await page.locator('#slide-5').isVisible(), true);
  assert.deepEqual(uncaughtErrors(page), []);
  await context.close();
});

test('errors never reach the host page: a bad event and a throwing callback go to onError', async () => {
  const { page, context } = await openPage(env, 'content.html', { ls: { config: baseConfig(), consent: true } });
  await page.evaluate(() => window.ls.track({ type: 'slide_view', deck: 'd', slide: 0, ms: 5 }));
  await page.evaluate(() => window.ls.track({ type: 'deck_complete', deck: 'd' }));
  await page.evaluate(() => window.lsInit({ onScore: () => { throw new Error('site bug'); } }));
  await page.evaluate(() => window.ls.track({ type: 'custom', name: 'after' }));
  const codes = (await log(page)).errors.map((e) => e.code);
  assert.deepEqual(codes.slice(0, 2), ['invalid_event', 'invalid_event']);
  assert.ok(codes.includes('callback_failed'));
  assert.deepEqual(uncaughtErrors(page), []);
  await context.close();
});

test('leadscore:score hands its listener the score of that moment, as onScore gets it', async () => {
  const config = baseConfig();
  config.engagement.rules.push({ id: 'asked', on: 'custom', points: 5 });
  const { page, context } = await openPage(env, 'content.html', { ls: { config, consent: true } });
  const seen = await page.evaluate(async () => {
    const given = [];
    await window.lsInit({ onScore: (score) => given.push(score) });
    const read = [];
    document.addEventListener('leadscore:score', (event) => {
      read.push({ detail: event.detail, again: event.detail, current: window.ls.score() });
    });
    given.length = 0;
    window.ls.track({ type: 'custom', name: 'first' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { read, given };
  });
  assert.equal(seen.read.length, 1, 'one leadscore:score per scored task');
  const [{ detail, again, current }] = seen.read;
  assert.deepEqual(detail, current);
  assert.deepEqual(again, detail, 'read twice, the same score');
  assert.equal(detail.total, 5);
  assert.deepEqual(seen.given, [detail]);
  await context.close();
});

test('a re-init replaces the instance: no doubled listeners, events or page views', async () => {
  const { page, context } = await openPage(env, 'content.html', { ls: { config: baseConfig(), consent: true } });
  await page.evaluate(() => window.lsInit());
  await page.evaluate(() => window.lsInit());
  await page.clock.pauseAt(PAUSE);
  const scoresBefore = (await log(page)).scores;
  await scrollTo(page, '#pricing');
  await page.clock.runFor(1500);
  await scrollTo(page, '#pricing', { inView: false });
  const types = (await events(page)).map((e) => e.type);
  assert.deepEqual(types, ['consent', 'visit', 'page_view', 'content_view']);
  assert.equal((await log(page)).scores - scoresBefore, 1, 'one score per event');
  await context.close();
});
