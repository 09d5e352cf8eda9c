// outbox.js: a qualified lead is POSTed once, as CORS-simple text/plain with its idempotency key,
// retried on failures, kept across a reload; a refused one is kept and reported, and offered again
// once it changes; an unqualified one never leaves the browser.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { baseConfig } from './support/configs.mjs';
import { isSubset, log, networkSettled, openPage, scrollTo, setup, setVisibility, waitReady } from './support/browser.mjs';
import { submitLead, until } from './support/lead.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });
beforeEach(() => env.collector.reset());

const PAUSE = Date.parse('2026-11-23T10:01:00Z');
// A business e-mail alone (20 fit points) reaches mql.
const qualifying = { config: baseConfig({ thresholds: { mql: 20, sql: 80 } }), consent: true };
const ann = { email: 'ann@acme.example', job_title: 'Head of Data' };

function stored(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('leadscore:shop.example')));
}

async function openLeadPage(ls) {
  const opened = await openPage(env, 'lead.html', { ls });
  await opened.page.clock.pauseAt(PAUSE);
  return opened;
}

test('a qualified lead is received once, with its context and idempotency key', async () => {
  const { page, context } = await openLeadPage(qualifying);
  await submitLead(page, ann);
  await until(() => env.collector.leads().length === 1, { what: 'the lead' });
  const [request] = env.collector.posts();
  const lead = JSON.parse(request.body);
  assert.equal(request.headers['content-type'], 'text/plain;charset=UTF-8');
  assert.equal(request.headers['idempotency-key'], lead.id);
  assert.ok(isSubset(lead, {
    schema: 'leadscore/lead@1',
    site: 'shop.example',
    revision: 'test-1',
    lead: { email: 'ann@acme.example', job_title: 'Head of Data', website: undefined },
    score: { fit: 20, stage: 'mql' },
    context: { visits: 1, pages: [{ path: '/fixtures/lead.html', views: 1 }] },
  }), JSON.stringify(lead));
  assert.ok(lead.events.some((e) => e.type === 'form_submit' && e.fillMs >= 1500));
  assert.equal((await log(page)).qualified.length, 1);
  assert.equal((await log(page)).qualified[0].id, lead.id);
  // More activity, a hidden tab and a reload do not send it again.
  await scrollTo(page, '#pricing');
  await page.clock.runFor(1500);
  await scrollTo(page, '#pricing', { inView: false });
  await setVisibility(page, 'hidden');
  await page.reload();
  await waitReady(page);
  await page.clock.runFor(60000);
  await networkSettled(page);
  assert.equal(env.collector.posts().length, 1);
  await context.close();
});

test('an unqualified visitor is never sent', async () => {
  const { page, context } = await openLeadPage(qualifying);
  await submitLead(page, { email: 'ann@gmail.com' });
  await setVisibility(page, 'hidden');
  await page.evaluate(() => window.ls.flush());
  await page.clock.runFor(60000);
  await networkSettled(page);
  assert.equal(env.collector.requests.length, 0);
  assert.deepEqual((await log(page)).lastScore.reasons, ['below_stage']);
  await context.close();
});

test('a cross-origin endpoint gets a simple request: no preflight, no custom header', async () => {
  const ls = { ...qualifying, endpoint: `${env.otherOrigin}/leads` };
  const { page, context } = await openLeadPage(ls);
  await submitLead(page, ann);
  await until(() => env.collector.leads().length === 1, { what: 'the lead' });
  assert.deepEqual(env.collector.requests.map((r) => r.method), ['POST']);
  assert.equal(env.collector.requests[0].headers['idempotency-key'], undefined);
  assert.equal(env.collector.requests[0].headers['content-type'], 'text/plain;charset=UTF-8');
  await context.close();
});

test('a collector that fails twice and then recovers gets the lead once', async () => {
  env.collector.failNext(2, 503);
  const { page, context } = await openLeadPage(qualifying);
  await submitLead(page, ann);
  await until(() => env.collector.posts().length === 1, { what: 'the first attempt' });
  await networkSettled(page); // the page has read the answer and set its backoff timer
  await page.clock.runFor(1600); // first backoff: 0.5–1.5 s
  await until(() => env.collector.posts().length === 2, { what: 'the second attempt' });
  await networkSettled(page);
  await page.clock.runFor(3100); // second backoff: 1–3 s
  await until(() => env.collector.posts().length === 3, { what: 'the third attempt' });
  await page.clock.runFor(60000);
  await networkSettled(page);
  const posts = env.collector.posts();
  assert.deepEqual(posts.map((p) => p.status), [503, 503, 201]);
  assert.equal(new Set(posts.map((p) => p.headers['idempotency-key'])).size, 1);
  assert.equal(env.collector.leads().length, 1);
  assert.deepEqual((await log(page)).errors, []);
  await context.close();
});

for (const status of [429, 503]) {
  test(`${status} waits for Retry-After`, async () => {
    env.collector.failNext(1, status, { 'Retry-After': '30' });
    const { page, context } = await openLeadPage(qualifying);
    await submitLead(page, ann);
    await until(() => env.collector.posts().length === 1, { what: 'the first attempt' });
    await networkSettled(page); // the page has read Retry-After and set its timer
    await page.clock.runFor(25000);
    await networkSettled(page);
    assert.equal(env.collector.posts().length, 1, 'no retry before Retry-After');
    await page.clock.runFor(6000);
    await until(() => env.collector.leads().length === 1, { what: 'the retry' });
    assert.deepEqual(env.collector.posts().map((p) => p.status), [status, 201]);
    assert.deepEqual((await log(page)).errors, []);
    await context.close();
  });
}

test('a refused lead stays in the outbox as refused, is reported, and is not resent unchanged', async () => {
  env.collector.failNext(1, 422, {}, 'stale_revision');
  const { page, context } = await openLeadPage(qualifying);
  await submitLead(page, ann);
  await until(async () => (await log(page)).errors.length === 1, { what: 'onError' });
  const [error] = (await log(page)).errors;
  assert.equal(error.code, 'lead_refused');
  assert.equal(error.reason, 'stale_revision');
  assert.equal(error.status, 422);
  const [post] = env.collector.posts();
  assert.equal(error.lead, JSON.parse(post.body).id);
  const { outbox } = await stored(page);
  assert.deepEqual(outbox.pending, []);
  assert.deepEqual(outbox.refused.map((r) => [r.id, r.reason, r.body]), [[error.lead, 'stale_revision', post.body]]);
  assert.deepEqual(outbox.sent, [], 'a refused lead is not counted as delivered');
  // Neither time, nor a hidden page, nor a reload under the same config sends it unchanged again.
  await page.clock.runFor(600000);
  await setVisibility(page, 'hidden');
  await page.reload();
  await waitReady(page);
  await page.clock.runFor(600000);
  await networkSettled(page);
  assert.equal(env.collector.posts().length, 1);
  assert.deepEqual((await stored(page)).outbox.refused.map((r) => r.reason), ['stale_revision']);
  await context.close();
});

test('a refused lead is offered again when its fields change, then delivered once', async () => {
  env.collector.failNext(1, 422, {}, 'bot_too_fast');
  const { page, context } = await openLeadPage(qualifying);
  await submitLead(page, ann);
  await until(async () => (await log(page)).errors.length === 1, { what: 'the refusal' });
  await submitLead(page, { ...ann, job_title: 'VP Data' });
  await until(() => env.collector.leads().length === 1, { what: 'the lead offered again' });
  const [, accepted] = env.collector.posts().map((p) => JSON.parse(p.body));
  assert.equal(env.collector.posts().length, 2);
  assert.equal(accepted.lead.job_title, 'VP Data');
  // The collector has stored it before the page reads its 201: wait for the page's side too.
  await until(async () => (await stored(page)).outbox.sent.includes(accepted.id), { what: 'the page reading the 201' });
  const { outbox } = await stored(page);
  assert.deepEqual([outbox.pending, outbox.refused, outbox.sent], [[], [], [accepted.id]]);
  await context.close();
});

test('a refused lead is offered again when the config changes: a new revision on the next load', async () => {
  env.collector.failNext(1, 422, {}, 'stale_revision');
  const { page, context } = await openLeadPage(qualifying);
  await submitLead(page, ann);
  await until(async () => (await log(page)).errors.length === 1, { what: 'the refusal' });
  const next = { ...qualifying, config: { ...qualifying.config, revision: 'test-2' } };
  await page.addInitScript((ls) => { window.__ls = ls; }, next);
  await page.reload();
  await waitReady(page);
  await until(() => env.collector.leads().length === 1, { what: 'the lead under the new revision' });
  const [lead] = env.collector.leads();
  assert.equal(lead.revision, 'test-2');
  assert.equal(env.collector.posts().length, 2);
  await until(async () => (await stored(page)).outbox.sent.includes(lead.id), { what: 'the page reading the 201' });
  assert.deepEqual((await stored(page)).outbox.refused, []);
  await context.close();
});

test('a malformed answer (400) and a too-large one (413) are refused with their reason codes', async () => {
  env.collector.failNext(1, 413, {}, 'payload_too_large');
  const { page, context } = await openLeadPage(qualifying);
  await submitLead(page, ann);
  await until(async () => (await log(page)).errors.length === 1, { what: 'the refusal' });
  assert.equal((await log(page)).errors[0].reason, 'payload_too_large');
  await context.close();
});

test('hiding the page sends a lead waiting for its retry at once', async () => {
  env.collector.failNext(1, 503);
  const { page, context } = await openLeadPage(qualifying);
  await submitLead(page, ann);
  await until(() => env.collector.posts().length === 1, { what: 'the failed attempt' });
  await networkSettled(page);
  await setVisibility(page, 'hidden'); // no clock advance: the backoff timer has not fired
  await until(() => env.collector.leads().length === 1, { what: 'the flushed lead' });
  assert.equal(env.collector.posts().length, 2);
  await context.close();
});

test('a reload in the middle of a failing send still delivers the lead', async () => {
  env.collector.failNext(1, 500);
  const { page, context } = await openLeadPage(qualifying);
  await submitLead(page, ann);
  await until(() => env.collector.posts().length === 1, { what: 'the failed attempt' });
  env.collector.failNext(1, 500); // the flush on page hide fails too
  await page.reload();
  await waitReady(page);
  await until(() => env.collector.leads().length >= 1, { what: 'the resent lead' });
  const ids = new Set(env.collector.posts().map((p) => JSON.parse(p.body).id));
  assert.equal(ids.size, 1, 'every attempt carries the same lead id');
  assert.equal(env.collector.leads().length, 1);
  await context.close();
});

test('late qualification: a visitor below the threshold is sent once they cross it', async () => {
  const ls = { config: baseConfig(), consent: true }; // mql 30: the e-mail's 20 points are not enough
  const { page, context } = await openLeadPage(ls);
  await submitLead(page, ann);
  await page.clock.runFor(5000);
  await networkSettled(page);
  assert.equal(env.collector.posts().length, 0);
  await scrollTo(page, '#pricing');
  await page.clock.runFor(1500);
  await scrollTo(page, '#pricing', { inView: false }); // +10: 30 points
  await until(() => env.collector.leads().length === 1, { what: 'the late lead' });
  const [lead] = env.collector.leads();
  assert.ok(isSubset(lead, { score: { total: 30, stage: 'mql' }, context: { content: [{ id: 'pricing-table', views: 1, ms: 1500 }] } }), JSON.stringify(lead));
  await context.close();
});
