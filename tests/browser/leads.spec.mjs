// A lead's life across the page script and the real collector (`leadscore serve`, SQLite): what a
// form may send, what is kept before consent, what happens to a lead the collector refuses. The
// page is served by the collector itself and posts to its own origin, as on a site.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { baseConfig } from './support/configs.mjs';
import { launchBrowser, log, networkSettled, openPage, setVisibility } from './support/browser.mjs';
import { startCollector } from './support/collector.mjs';
import { submitLead, until } from './support/lead.mjs';
import { createEngine } from '../web/load_engine.mjs';

// A business e-mail alone (20 fit points) reaches mql.
const CONFIG = baseConfig({ thresholds: { mql: 20, sql: 80 } });
const STORAGE_KEY = 'leadscore:shop.example';

let browser;
let collector;
before(async () => {
  browser = await launchBrowser();
  collector = await startCollector(CONFIG);
});
after(async () => {
  await browser?.close();
  await collector?.close();
});
// A test that runs the collector with another config leaves it so; the next starts from CONFIG.
beforeEach(async () => {
  if (collector.config !== CONFIG) await collector.restart(CONFIG);
});

/** A page of the collector's origin; the page clock starts at the real time the collector checks against. */
async function openCollectorPage(fixture, ls) {
  const opened = await openPage({ browser, origin: collector.origin }, fixture, { ls, clockTime: Date.now() });
  const posts = [];
  opened.page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/leads') posts.push(request.postData());
  });
  return { ...opened, posts };
}

function submissionsOf(leads, email) {
  return leads.filter((lead) => JSON.stringify(lead).includes(email));
}


test('a form with hidden, password, card and IBAN fields sends none of them, whatever the config names', async () => {
  const secrets = {
    csrf_token: 'csrf-7f3a9c0d', account_password: 'hunter2-secret', payment: '4111 1111 1111 1111',
    expiry: '12/29', cvc: '737', payer_iban: 'DE89 3704 0044 0532 0130 00', reference: '5555555555554444',
    login_code: '942117',
  };
  const config = { ...CONFIG, revision: 'private-1', submit: { endpoint: '/leads', fields: ['company', ...Object.keys(secrets), 'attachment'] } };
  await collector.restart(config);
  const { page, context, posts } = await openCollectorPage('private-form.html', { config, consent: true });
  const email = 'ivy@privacy.example';
  const visitor = { email, company: 'Privacy Works', notes: 'not named by the config' };
  for (const [name, value] of Object.entries(secrets)) {
    if (name !== 'csrf_token') await page.fill(`#lead [name="${name}"]`, value);
  }
  await page.setInputFiles('#lead [name="attachment"]', { name: 'id-scan.txt', mimeType: 'text/plain', buffer: Buffer.from('scan') });
  await submitLead(page, visitor);
  await until(async () => submissionsOf(await collector.leads(), email).length === 1, { what: 'the stored lead' });
  await networkSettled(page);

  assert.equal(posts.length, 1);
  const payload = JSON.parse(posts[0]);
  assert.deepEqual(payload.lead, { email, company: 'Privacy Works' }, 'only the named fields that are not secrets');
  const submit = payload.events.find((event) => event.type === 'form_submit');
  assert.deepEqual(submit.fields, { email, company: 'Privacy Works' });
  const everywhere = {
    payload: posts[0],
    localStorage: await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY),
    'GET /leads': JSON.stringify(await collector.leads()),
    'the stored rows': collector.dump(),
    'the database file': collector.rawBytes(),
  };
  assert.ok(everywhere.localStorage.includes(email) && everywhere['the stored rows'].includes(email));
  // Values too short to search for (expiry, CVC) are covered by the exact fields above.
  const searched = Object.entries({ ...secrets, notes: visitor.notes, attachment: 'id-scan' }).filter(([, v]) => v.length >= 6);
  for (const [place, text] of Object.entries(everywhere)) {
    for (const [name, value] of searched) {
      assert.ok(!text.includes(value) && !text.includes(value.replace(/ /g, '')), `${name} is in ${place}`);
    }
  }
  await context.close();
});

for (const requireConsent of [true, false]) {
  test(`consent pending with requireConsent ${requireConsent}: nothing kept in the browser`, async () => {
    const config = { ...CONFIG, revision: `consent-${requireConsent}`, qualify: { ...CONFIG.qualify, requireConsent } };
    await collector.restart(config);
    const { page, context, posts } = await openCollectorPage('lead.html', { config, consent: 'pending' });
    const email = `pending-${requireConsent}@consent.example`;
    await submitLead(page, { email, job_title: 'CTO' });
    if (!requireConsent) await until(async () => submissionsOf(await collector.leads(), email).length === 1, { what: 'the lead' });
    await setVisibility(page, 'hidden');
    await page.evaluate(() => { window.ls.flush(); window.dispatchEvent(new PageTransitionEvent('pagehide')); });
    await page.clock.runFor(60_000);
    await networkSettled(page);
    assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]), [0, 0, '']);
    assert.deepEqual(await context.cookies(), []);
    // Only sending may go without consent, and only where the site says so.
    assert.equal(posts.length, requireConsent ? 0 : 1);
    assert.equal(submissionsOf(await collector.leads(), email).length, requireConsent ? 0 : 1);
    await context.close();
  });
}

test('a lead the collector refuses stays refused and reported, and is stored once the config changes', async () => {
  // The page scores under rules the collector does not run with: its claims cannot verify.
  const pageConfig = baseConfig({ thresholds: { mql: 20, sql: 80 }, revision: 'refused-1' });
  pageConfig.fit.rules[0] = { ...pageConfig.fit.rules[0], points: 25 };
  await collector.restart({ ...pageConfig, fit: CONFIG.fit });
  const email = 'rex@refused.example';
  const first = await openCollectorPage('lead.html', { config: pageConfig, consent: true });
  await submitLead(first.page, { email, job_title: 'CTO' });
  await until(async () => (await log(first.page)).errors.some((e) => e.code === 'lead_refused'), { what: 'the refusal' });
  await networkSettled(first.page);
  const [refusal] = (await log(first.page)).errors.filter((e) => e.code === 'lead_refused');
  assert.equal(refusal.status, 422);
  assert.match(refusal.reason, /^[a-z_]+$/, 'the collector\'s reason code');
  const outbox = await first.page.evaluate((key) => JSON.parse(localStorage.getItem(key)).outbox, STORAGE_KEY);
  assert.equal(JSON.stringify(outbox).includes(refusal.lead), true, 'kept in the outbox, not dropped');
  assert.equal(submissionsOf(await collector.leads(), email).length, 0);
  // Not resent as it was: more time and a reload send nothing.
  await first.page.clock.runFor(120_000);
  await networkSettled(first.page);
  assert.equal(first.posts.length, 1);

  // The site deploys a config both sides run: the next page re-scores the session and offers it again.
  const fixed = { ...pageConfig, revision: 'refused-2' };
  await collector.restart(fixed);
  await first.page.close();
  const second = await openPage({ browser, origin: collector.origin }, 'lead.html',
    { ls: { config: fixed, consent: true }, context: first.context, clockTime: Date.now() });
  await until(async () => submissionsOf(await collector.leads(), email).length === 1, { what: 'the lead offered again' });
  await networkSettled(second.page);
  const [stored] = submissionsOf(await collector.leads(), email);
  assert.equal(JSON.stringify(stored).includes('refused-2'), true, 'stored as scored under the new revision');
  await first.context.close();
});

test('a 5 000-event session is delivered', async () => {
  const { page, context, posts } = await openCollectorPage('lead.html', { config: CONFIG, consent: true });
  const email = 'long@session.example';
  // An hour of reading before the form: 5 000 clicks, 700 ms apart.
  await page.evaluate(() => {
    const start = Date.now() - 3_600_000;
    for (let i = 0; i < 5000; i += 1) window.ls.track({ type: 'click', t: start + 700 * i, id: `nav-${i % 40}` });
  });
  await submitLead(page, { email, job_title: 'CTO' });
  await until(async () => submissionsOf(await collector.leads(), email).length === 1, { what: 'the long lead' });
  await networkSettled(page);
  assert.equal(posts.length, 1);
  assert.deepEqual((await log(page)).errors, []);
  await context.close();
});

test('a lead over the collector\'s body limit (413) stays refused and reported, never silently gone', async () => {
  const small = await startCollector(CONFIG, { args: ['--max-body', '1024'] });
  try {
    const { page, context } = await openPage({ browser, origin: small.origin }, 'lead.html',
      { ls: { config: CONFIG, consent: true }, clockTime: Date.now() });
    // Forty clicks make the payload larger than the collector's 1 KiB limit.
    await page.evaluate(() => {
      for (let i = 0; i < 40; i += 1) window.ls.track({ type: 'click', t: Date.now() - 60_000 + 1000 * i, id: `nav-${i}` });
    });
    await submitLead(page, { email: 'big@body.example', job_title: 'CTO' });
    await until(async () => (await log(page)).errors.some((e) => e.code === 'lead_refused'), { what: 'the refusal' });
    await networkSettled(page);
    const [refusal] = (await log(page)).errors.filter((e) => e.code === 'lead_refused');
    assert.equal(refusal.status, 413);
    const outbox = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)).outbox, STORAGE_KEY);
    assert.deepEqual(outbox.refused.map((entry) => entry.id), [refusal.lead], 'kept in the outbox as refused');
    assert.deepEqual(await small.leads(), []);
    await context.close();
  } finally {
    await small.close();
  }
});

/** A payload the engine builds for these fields, as anyone who knows the public config can. */
async function forgedPayload(config, fields, { events = 0 } = {}) {
  const engine = await createEngine(config);
  const now = Date.now() - 1000;
  const t0 = now - 60_000 - events * 10;
  engine.track({ type: 'visit', t: t0 });
  engine.track({ type: 'page_view', t: t0, path: '/fixtures/lead.html' });
  for (let i = 0; i < events; i += 1) engine.track({ type: 'click', t: t0 + 10 * i, id: `nav-${i % 50}` });
  engine.track({ type: 'consent', t: now - 50_000, granted: true });
  engine.track({ type: 'form_view', t: now - 40_000, form: 'lead' });
  engine.track({ type: 'form_start', t: now - 30_000, form: 'lead' });
  engine.track({ type: 'form_submit', t: now, form: 'lead', fields, fillMs: 30_000, honeypot: '', webdriver: false });
  const payload = engine.payload(now);
  engine.destroy();
  return payload;
}

test('a lead pending across a collector restart with a new config revision is stored exactly once', async () => {
  const email = 'pia@restart.example';
  const rev1 = { ...CONFIG, revision: 'restart-1' };
  const rev2 = { ...CONFIG, revision: 'restart-2',
    engagement: { rules: [...CONFIG.engagement.rules, { id: 'pricing-page', on: 'page_view', where: { path: '/pricing*' }, points: 5 }] } };
  await collector.restart(rev1);
  const { page, context, posts } = await openCollectorPage('lead.html', { config: rev1, consent: true });
  await collector.stop(); // the deploy begins: the lead cannot be delivered
  await submitLead(page, { email, job_title: 'CTO' });
  await until(() => page.evaluate(() => window.lsNet.requests > 0 && window.lsNet.inFlight.size === 0), { what: 'the failed attempt' });
  await collector.start(rev2); // the same port and database, the new revision
  await page.clock.runFor(10_000); // the outbox retries the revision-1 payload
  await until(async () => submissionsOf(await collector.leads(), email).length === 1, { what: 'the lead' });
  await networkSettled(page);
  // The next page runs the new revision: the session is re-scored, and the lead is not stored again.
  await page.close();
  const next = await openPage({ browser, origin: collector.origin }, 'lead.html',
    { ls: { config: rev2, consent: true }, context, clockTime: Date.now() });
  await next.page.clock.runFor(60_000);
  await networkSettled(next.page);
  const leads = await collector.leads();
  assert.equal(JSON.stringify(submissionsOf(leads, email)).includes('restart-1'), true, 'verified against the revision it was scored with');
  assert.equal((await log(next.page)).errors.filter((e) => e.code === 'lead_refused').length, 0);
  assert.equal(storedCount(leads, email), 1, 'stored exactly once');
  await context.close();
});

test('a forged payload for the same e-mail posted first does not hide the genuine one', async () => {
  const email = 'ceo@victim.example';
  const forged = await forgedPayload(CONFIG, { email, job_title: 'Forged Title' });
  const answer = await collector.post(JSON.stringify(forged));
  assert.equal(answer.status, 201, answer.body); // it verifies: the config is public
  const { page, context } = await openCollectorPage('lead.html', { config: CONFIG, consent: true });
  await submitLead(page, { email, job_title: 'Genuine Title' });
  await until(async () => JSON.stringify(submissionsOf(await collector.leads(), email)).includes('Genuine Title'),
    { what: 'the genuine submission' });
  await networkSettled(page);
  assert.deepEqual((await log(page)).errors, []);
  await context.close();
});

test('a payload starting with a BOM leaves GET /leads valid JSON', async () => {
  const payload = await forgedPayload(CONFIG, { email: 'bom@bytes.example' });
  const answer = await collector.post(`\uFEFF${JSON.stringify(payload)}`);
  assert.ok(answer.status < 500, answer.body);
  const { page, context } = await openCollectorPage('lead.html', { config: CONFIG, consent: true });
  await submitLead(page, { email: 'after-bom@bytes.example', job_title: 'CTO' });
  await until(async () => submissionsOf(await collector.leads(), 'after-bom@bytes.example').length === 1, { what: 'a later lead' });
  const { status, text } = await collector.leadsText();
  assert.equal(status, 200);
  assert.doesNotThrow(() => JSON.parse(text));
  assert.equal(text.includes('\uFEFF'), false);
  await context.close();
});

test('a lead with 10 000 made-up field names does not widen the CSV', async () => {
  const header = (await collector.csv()).split('\r\n')[0];
  const fields = { email: 'wide@fields.example' };
  for (let i = 0; i < 10_000; i += 1) fields[`f${i}`] = '1';
  const answer = await collector.post(JSON.stringify(await forgedPayload(CONFIG, fields)));
  assert.ok(answer.status < 500, answer.body);
  const csv = await collector.csv();
  assert.equal(csv.split('\r\n')[0], header);
  assert.ok(csv.length < 100_000, `${csv.length} bytes`);
});

/** How many submissions the collector stored for this e-mail (a listed person may hold several). */
function storedCount(leads, email) {
  return submissionsOf(leads, email).reduce((sum, lead) => sum + (Array.isArray(lead.submissions) ? lead.submissions.length : 1), 0);
}
