// The demo end to end: scripts/demo starts the real collector with the demo site; a visitor
// reads, pages through the tour, meets the gate, submits, and the collector holds exactly one
// lead; the config editor and the simulator agree with the native CLI; no console errors.
// Screenshots go to test-results/demo-*.png.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { JOURNEY_START, journeyEvents } from '../../demo/presets.js';
import { freePort } from './support/collector.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'build/native/leadscore');
const CONFIG = join(ROOT, 'demo/leadscore.json');
const SHOTS = join(ROOT, 'test-results');
const TOKEN = 'driftwise-demo-admin';
const DAY_MS = 86_400_000;
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VISITOR = {
  email: 'maya.lindqvist@northbeam.example',
  name: 'Maya Lindqvist',
  job_title: 'VP Data Platform',
  company: 'Northbeam Logistics',
};

let demo;
let browser;
let origin;
let work;

/** Runs scripts/demo as a person would (minus the build the test suite already ran). */
async function startDemo(port, dataDir) {
  const child = spawn(join(ROOT, 'scripts/demo'), [], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LEADSCORE_DEMO_DATA: dataDir, LEADSCORE_DEMO_SKIP_BUILD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 20_000;
  while (!/leadscore demo: (http:\S+)/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGTERM');
      throw new Error(`scripts/demo did not start:\n${output}`);
    }
    await sleep(50);
  }
  return { child, exited, url: output.match(/leadscore demo: (http:\S+)/)[1], output: () => output };
}

async function collectorLeads() {
  const response = await fetch(`${origin}/leads`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200);
  return (await response.json()).leads;
}

/** Replaces the config editor's text as a visitor pasting it would (select all, insert). */
async function setConfigText(page, text) {
  await page.click('#config-editor .cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** The labels the editor's completion offers now. */
async function completions(page) {
  const list = page.locator('.cm-tooltip-autocomplete li');
  await list.first().waitFor();
  return list.allTextContents();
}

/** The native CLI's score for these events (JSON Lines in a file), with the demo config by default. */
function cliScore(events, { now, config = CONFIG } = {}) {
  const file = join(work, `events-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, events.map((event) => JSON.stringify(event)).join('\n') + '\n');
  const args = ['score', '--config', config, ...(now === undefined ? [] : ['--now', String(now)]), file];
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8' }));
}

/**
 * Counts the page's POSTs to the collector's /leads (page.leadPosts) and resolves, through
 * page.leadPostsSettled(), once none is on its way. The page script offers a lead in the same task
 * that records the event qualifying it (and resumes stored ones as it starts), so once the page has
 * handled an event and no post is on its way, what the collector holds is final: the condition a
 * "nothing more was sent" check needs, instead of a pause.
 */
function watchLeadPosts(page) {
  const open = new Map(); // request -> the promise of its end
  const ends = new Map(); // request -> resolve
  page.leadPosts = 0;
  page.on('request', (request) => {
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/leads') return;
    page.leadPosts += 1;
    open.set(request, new Promise((resolve) => ends.set(request, resolve)));
  });
  const end = (request) => {
    ends.get(request)?.();
    open.delete(request);
  };
  page.on('requestfinished', end);
  page.on('requestfailed', end);
  page.leadPostsSettled = async () => {
    while (open.size) await Promise.all(open.values());
  };
}

/** Resolves once the demo panel's event log shows an event whose line starts with `line`. */
async function eventLogged(page, line) {
  await page.waitForFunction((text) => [...document.querySelectorAll('#event-log li')]
    .some((item) => item.textContent.startsWith(text)), line);
}

/** A page that behaves like a person's browser: navigator.webdriver is false, console errors are kept. */
async function openDemo(viewport) {
  // Reduced motion: no smooth scrolling, so a screenshot shows where the page settled.
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'webdriver', { configurable: true, get: () => false });
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || (message.type() === 'warning' && message.text().startsWith('leadscore'))) {
      page.problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => page.problems.push(`request failed: ${request.url()}`));
  watchLeadPosts(page);
  await page.goto(origin + '/');
  await page.waitForFunction(() => document.documentElement.dataset.demo === 'ready', null, { timeout: 60_000 });
  return { page, context };
}

async function panelNumber(page, id) {
  return Number(await page.textContent(`#${id}`));
}

/** Holds a content block in mid-screen for `ms`; the next scroll ends its impression. */
async function read(page, selector, ms) {
  await page.evaluate((s) => document.querySelector(s).scrollIntoView({ block: 'center' }), selector);
  await sleep(ms);
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'leadscore-demo-'));
  mkdirSync(SHOTS, { recursive: true });
  demo = await startDemo(await freePort(), join(work, 'data'));
  origin = demo.url.replace(/\/$/, '');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
});

after(async () => {
  await browser?.close();
  if (demo) {
    demo.child.kill('SIGINT');
    const { code } = await demo.exited;
    assert.equal(code, 0, `scripts/demo should stop cleanly on Ctrl-C:\n${demo.output()}`);
  }
  rmSync(work, { recursive: true, force: true });
});

test('the shipped whitepaper is the one its source and generator produce', () => {
  const regenerated = join(work, 'whitepaper.pdf');
  execFileSync(process.execPath, [join(ROOT, 'demo/whitepaper/build.mjs'), regenerated], { stdio: 'ignore' });
  const shipped = readFileSync(join(ROOT, 'demo/assets/whitepaper.pdf'));
  assert.ok(readFileSync(regenerated).equals(shipped), 'run: node demo/whitepaper/build.mjs');
  const pages = shipped.toString('latin1').match(/\/Type \/Page\b/g).length;
  assert.ok(pages >= 8, `a real whitepaper (${pages} pages)`);
});

test('a visitor reads, pages through the tour, meets the gate, submits; the collector holds one lead', async () => {
  const { page, context } = await openDemo({ width: 1280, height: 800 });
  await page.screenshot({ path: join(SHOTS, 'demo-1280x800.png') });
  assert.deepEqual(await collectorLeads(), []);

  await read(page, '[data-ls-content="feature-freshness"]', 2600);
  await read(page, '[data-ls-content="case-study"]', 1200);

  // The whitepaper: pages 1 and 2 are open; page 3 is locked, not rendered, and opens its gate.
  await page.evaluate(() => document.getElementById('whitepaper-viewer').scrollIntoView({ block: 'start' }));
  await page.waitForFunction(() => document.documentElement.dataset.whitepaper === 'ready', null, { timeout: 60_000 });
  await page.click('#pdf-next');
  await page.click('#pdf-next');
  const paperGate = page.locator('dialog[data-ls-gate="whitepaper-gate"]');
  await paperGate.waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await paperGate.waitFor({ state: 'hidden' });
  assert.equal(await page.isVisible('#pdf-pages [data-ls-slide="3"]'), false, 'page 3 stays hidden while locked');
  assert.equal(await page.isVisible('#pdf-locked'), true);
  assert.equal(await page.isVisible('#whitepaper-download'), false);

  // The tour: three open slides, then slide 4 is locked and the gate dialog opens.
  await page.evaluate(() => document.getElementById('tour-deck').scrollIntoView({ block: 'center' }));
  // Slide 1 to 2 with the keyboard (the deck takes arrow keys once focused), then with the arrows.
  await page.focus('#tour-deck');
  await sleep(3200);
  await page.keyboard.press('ArrowRight');
  for (let slide = 2; slide <= 3; slide++) {
    await sleep(3200);
    await page.click('#tour-deck .navigate-right');
  }
  const dialog = page.locator('dialog[data-ls-gate="tour-gate"]');
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lead-tour-email', 'the gate opens on its e-mail field');
  assert.equal(await page.locator('#tour-deck [data-ls-slide="4"]').isVisible(), false, 'slide 4 stays hidden while locked');
  assert.equal(await page.textContent('#gate-states [data-gate="tour-gate"] .locked'), 'locked');
  await page.screenshot({ path: join(SHOTS, 'demo-gate-1280x800.png') });

  // The form inside the gate, as a person fills it: more than minFillMs from first touch to submit.
  for (const [name, value] of Object.entries(VISITOR)) await dialog.locator(`[name="${name}"]`).fill(value);
  await dialog.locator('[name="company_size"]').selectOption('2000');
  await dialog.locator('[name="consent"]').check();
  await sleep(1700);
  await dialog.locator('[type="submit"]').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('#tour-deck [data-ls-slide="4"]').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.querySelector('#tour-deck [data-ls-slide="4"]').inert), false,
    'the unlocked slide the visitor is on is usable, not left inert');

  // One submit opens every gate on that form: the whitepaper's page 3 is now drawn.
  await page.locator('#pdf-pages [data-ls-slide="3"] canvas').waitFor({ state: 'visible' });
  assert.equal(await page.isVisible('#pdf-locked'), false);
  assert.equal(await page.isVisible('#whitepaper-download'), true);

  // The panel shows the qualified lead; the collector stored exactly one.
  await page.waitForFunction(() => document.querySelector('#qualify-state')?.dataset.qualified === 'true');
  let leads = [];
  for (let i = 0; i < 100 && leads.length === 0; i++) {
    await sleep(50);
    leads = await collectorLeads();
  }
  // More reading after qualifying must not send the lead a second time: once the page has recorded
  // slide 4 (read for 3.2 s) and no post is on its way, the collector still holds one.
  await sleep(3200);
  await page.click('#tour-deck .navigate-right');
  await eventLogged(page, 'slide_view tour 4/');
  await page.leadPostsSettled();
  assert.equal(page.leadPosts, 1, 'the page posted the lead once');
  leads = await collectorLeads();
  assert.equal(leads.length, 1, 'exactly one lead');
  const [lead] = leads;
  assert.equal(lead.email, VISITOR.email);
  assert.deepEqual(lead.lead, { ...VISITOR, company_size: '2000' }, 'the form fields, and only those (no consent box, no honeypot)');
  assert.equal(lead.fit, 75, 'work e-mail 15 + senior 25 + data role 10 + 200+ 15 + 1 000+ 10');

  // The stage the collector stored is the one the native core gives for the lead's own events,
  // and with fit 75 plus any engagement it is past SQL (75).
  const native = cliScore(lead.payload.events);
  assert.equal(lead.stage, native.stage);
  assert.equal(lead.total, native.total);
  assert.equal(lead.stage, 'sql');

  const { context: sales } = lead.payload;
  assert.equal(sales.visits, 1);
  assert.ok(sales.pages.some((p) => p.path === '/'), 'the page view is in the context');
  const tour = sales.decks.find((d) => d.deck === 'tour');
  assert.ok(tour, 'the tour deck is in the context');
  for (const slide of [1, 2, 3]) assert.ok(tour.seen.includes(slide), `slide ${slide} was seen`);
  assert.ok(sales.content.some((c) => c.id === 'feature-freshness' && c.ms >= 2000), 'the feature read is in the context');

  // The Leads tab lists what the collector holds.
  await page.click('#tab-leads');
  await page.locator(`#leads-rows tr[data-lead-id="${lead.id}"]`).waitFor();
  assert.equal(await page.locator('#leads-rows tr').count(), 1);
  // scripts/demo forwards each lead to its local webhook receiver; the tab shows the delivery.
  const delivered = page.locator(`#leads-rows tr[data-lead-id="${lead.id}"] [data-destination="demo-crm"][data-state="delivered"]`);
  for (let i = 0; i < 50 && (await delivered.count()) === 0; i++) {
    await page.click('#leads-refresh');
    await page.locator('#leads-status').filter({ hasText: 'stored' }).waitFor();
    if ((await delivered.count()) === 0) await page.waitForTimeout(100);
  }
  assert.equal(await delivered.textContent(), 'demo-crm: delivered');
  const hookLog = readFileSync(join(work, 'data', 'webhook.log'), 'utf8').trim().split('\n');
  assert.equal(hookLog.length, 1, 'the receiver got the lead once');
  assert.ok(hookLog[0].includes(` ${lead.email} `) && hookLog[0].endsWith(`(${lead.id})`), hookLog[0]);
  await page.click('#tab-score');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, 'demo-qualified-1280x800.png') });

  // The panel shows the exact payload the page script sent: the stored lead's.
  await page.click('#payload-title');
  assert.equal(await page.textContent('#payload-title'), 'Payload sent to the collector');
  assert.deepEqual(JSON.parse(await page.textContent('#payload-json')), lead.payload);
  await page.evaluate(() => document.getElementById('payload-title').scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(SHOTS, 'demo-payload-1280x800.png') });

  // A reload remembers the consenting visitor (the session and the answer) and sends nothing twice.
  const before = await panelNumber(page, 'score-total');
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.demo === 'ready', null, { timeout: 60_000 });
  assert.equal(await page.isChecked('#lead-contact-consent'), true);
  assert.ok(await panelNumber(page, 'score-total') >= before, 'the restored session keeps its score');
  // Ready means started: stored leads would have been resumed by now.
  await page.leadPostsSettled();
  assert.equal(page.leadPosts, 1, 'nothing posted again after the reload');
  assert.equal((await collectorLeads()).length, 1, 'still exactly one lead after a reload');

  assert.deepEqual(page.problems, []);
  await context.close();
});

test('every simulator preset scores what the native core gives for the same events', async () => {
  const { presets } = JSON.parse(readFileSync(join(ROOT, 'demo/presets.json'), 'utf8'));
  assert.ok(presets.length >= 6, 'the six journeys of the brief');
  const { page, context } = await openDemo({ width: 1280, height: 800 });
  await page.click('#tab-sim');
  await page.locator('#sim-rows tr').nth(presets.length - 1).waitFor();

  for (const days of [0, 30]) {
    await page.fill('#days-later', String(days));
    await page.dispatchEvent('#days-later', 'input');
    for (const preset of presets) {
      const events = journeyEvents(preset, JOURNEY_START);
      const now = events[events.length - 1].t + days * DAY_MS;
      const native = cliScore(events, { now });
      const row = page.locator(`#sim-rows tr[data-preset="${preset.id}"]`);
      const shown = Number(await row.locator('.sim-total').getAttribute('data-total'));
      assert.equal(shown, native.total, `${preset.id} at +${days} days`);
      assert.equal(await row.locator('.stage').textContent(), native.stage, `${preset.id} stage`);
    }
  }
  // The journeys mean what their names say.
  const at = (id) => {
    const preset = presets.find((p) => p.id === id);
    return cliScore(journeyEvents(preset, JOURNEY_START));
  };
  assert.equal(at('engaged-vp').qualified, true);
  assert.deepEqual(at('competitor').reasons, ['disqualified']);
  assert.ok(at('bot').reasons.includes('bot_too_fast'));
  assert.ok(at('student').reasons.includes('below_stage'));
  assert.equal(at('skimmer').stage, 'visitor');

  await page.fill('#days-later', '0');
  await page.dispatchEvent('#days-later', 'input');
  await page.screenshot({ path: join(SHOTS, 'demo-simulator-1280x800.png') });
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the config editor shows a broken config\'s errors with their paths and applies a good one', async () => {
  const { page, context } = await openDemo({ width: 1280, height: 800 });
  await page.click('#tab-config');
  await page.locator('#config-editor .cm-content').waitFor();
  const original = await page.inputValue('#config-text');
  assert.deepEqual(JSON.parse(original), JSON.parse(readFileSync(CONFIG, 'utf8')));

  const broken = JSON.parse(original);
  broken.engagement.rules[1].points = 'eight';
  broken.fit.rules[0].op = 'corporate_email';
  // On one line, so that the editor draws every mark (it draws only the lines in view).
  await setConfigText(page, JSON.stringify(broken));
  await page.waitForFunction(() => document.querySelectorAll('#config-errors li').length >= 2);
  const errors = await page.locator('#config-errors li').allTextContents();
  assert.ok(errors.some((e) => e.startsWith('$.engagement.rules[1].points: ')), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('$.fit.rules[0].op: ')), errors.join('\n'));
  assert.equal(await page.isDisabled('#config-apply'), true);
  assert.equal(await page.getAttribute('#config-text', 'aria-invalid'), 'true');
  // Marked in the text at the key each error concerns.
  await page.locator('#config-editor .cm-lintRange-error').first().waitFor();
  const marked = await page.locator('#config-editor .cm-lintRange-error').allTextContents();
  assert.ok(marked.includes('"points"') && marked.includes('"op"'), marked.join(' | '));
  await page.screenshot({ path: join(SHOTS, 'demo-editor-errors-1280x800.png') });

  await setConfigText(page, '{ "version": 1, "thresholds": ');
  await page.waitForFunction(() => /error/.test(document.getElementById('config-status').textContent));
  assert.equal(await page.locator('#config-errors li').count(), 1);

  // A good config: MQL at 20 instead of 40, and 7 points for a visit. Applying re-scores this
  // session (its visit now counts) and the simulator.
  const good = JSON.parse(original);
  good.thresholds.mql = 20;
  good.engagement.rules.push({ id: 'welcome', on: 'visit', points: 7 });
  await setConfigText(page, JSON.stringify(good, null, 2));
  await page.waitForFunction(() => !document.getElementById('config-apply').disabled);
  await page.click('#config-apply');
  await page.waitForFunction(() => /Applied/.test(document.getElementById('config-status').textContent));
  await page.click('#tab-score');
  assert.match(await page.textContent('#score-thresholds'), /MQL 20/);
  const welcome = page.locator('#breakdown-rows tr[data-rule="welcome"]');
  assert.deepEqual(await welcome.locator('td').allTextContents(), ['welcome', 'engagement', '1', '7']);
  assert.match(await page.textContent('#qualify-state'), /config from the editor/);

  // The student's 24 points were below MQL 40; under MQL 20 the same journey reaches MQL.
  await page.click('#tab-sim');
  assert.equal(await page.textContent('#sim-rows tr[data-preset="student"] .stage'), 'mql');
  const goodFile = join(work, 'good-config.json');
  writeFileSync(goodFile, JSON.stringify(good));
  const { presets } = JSON.parse(readFileSync(join(ROOT, 'demo/presets.json'), 'utf8'));
  const student = presets.find((p) => p.id === 'student');
  assert.equal(cliScore(journeyEvents(student, JOURNEY_START), { config: goodFile }).stage, 'mql');

  await page.click('#tab-config');
  await page.screenshot({ path: join(SHOTS, 'demo-editor-1280x800.png') });
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the page works on a phone: the panel folds away and opens over the page', async () => {
  const { page, context } = await openDemo({ width: 390, height: 844 });
  assert.equal(await page.getAttribute('#lab', 'data-state'), 'closed');
  assert.equal(await page.isVisible('#lab-body'), false);
  await page.screenshot({ path: join(SHOTS, 'demo-390x844.png') });
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(pageWidth <= 390, `no horizontal scrolling (page is ${pageWidth} px wide)`);

  await page.click('#lab-toggle');
  assert.equal(await page.getAttribute('#lab-toggle', 'aria-expanded'), 'true');
  await page.locator('#live-plot canvas').first().waitFor();
  await page.screenshot({ path: join(SHOTS, 'demo-panel-390x844.png') });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'tab');

  await page.click('#lab-toggle');
  // The tour stays a deck on a phone (reveal would otherwise turn it into a scrolling page).
  await page.evaluate(() => document.getElementById('tour-deck').scrollIntoView({ block: 'center' }));
  await page.click('#tour-deck .navigate-right');
  await page.waitForFunction(() => document.querySelector('#tour-deck [data-ls-slide="2"]').classList.contains('present'));
  await page.screenshot({ path: join(SHOTS, 'demo-tour-390x844.png') });

  await page.locator('#whitepaper').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.getElementById('pdf-canvas').dataset.page === '1');
  await page.screenshot({ path: join(SHOTS, 'demo-whitepaper-390x844.png') });
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the config editor completes keys and rule kinds from the schema, and only the keys a rule takes', async () => {
  const { page, context } = await openDemo({ width: 1280, height: 800 });
  await page.click('#tab-config');
  await page.locator('#config-editor .cm-content').waitFor();
  const head = '{ "version": 1, "thresholds": { "mql": 10 }, "engagement": { "rules": [ { "id": "a", ';

  // A rule kind: the event types that match what was typed.
  await setConfigText(page, `${head}"on": `);
  await page.keyboard.type('"s');
  const kinds = await completions(page);
  assert.ok(kinds.includes('"slide_view"') && kinds.includes('"custom"'), kinds.join(' '));
  await page.locator('.cm-tooltip-autocomplete li', { hasText: '"slide_view"' }).click();
  assert.match(await page.inputValue('#config-text'), /"on": "slide_view"\s*$/);
  await page.keyboard.press('Escape');

  // The where keys of a slide_view rule: deck and slide, not path.
  await setConfigText(page, `${head}"on": "slide_view", "points": 1, "where": { `);
  await page.keyboard.press('Control+Space');
  const whereKeys = await completions(page);
  assert.ok(whereKeys.some((k) => k.startsWith('"deck"')) && whereKeys.some((k) => k.startsWith('"slide"')), whereKeys.join(' '));
  assert.ok(!whereKeys.some((k) => k.startsWith('"path"')), whereKeys.join(' '));
  await page.keyboard.press('Escape');

  // A rule's own keys, without those it already has.
  await setConfigText(page, `${head}"on": "slide_view", `);
  await page.keyboard.press('Control+Space');
  const ruleKeys = await completions(page);
  assert.ok(ruleKeys.some((k) => k.startsWith('"minMs"')) && ruleKeys.some((k) => k.startsWith('"points"')), ruleKeys.join(' '));
  assert.ok(!ruleKeys.some((k) => k.startsWith('"on"')) && !ruleKeys.some((k) => k.startsWith('"op"')), ruleKeys.join(' '));
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a lead with markup, script and formulas in its fields is shown as text in the Leads tab', async () => {
  // A lead posted straight to the collector, as an attacker would, scored by the native CLI so
  // that it verifies: the engaged journey, just now, with hostile form fields.
  const preset = JSON.parse(readFileSync(join(ROOT, 'demo/presets.json'), 'utf8')).presets
    .find((p) => p.id === 'engaged-vp');
  const span = preset.events[preset.events.length - 1].t;
  const hostile = {
    email: '<img/src=x/onerror=window.pwned=1>@evil.example',
    name: '=HYPERLINK("http://evil.example","open")',
    job_title: 'VP <img src=x onerror="window.pwned=2"><script>window.pwned=3</script>\'); DROP TABLE leads;--',
    // Control characters, a bidi override, a zero-width space and an astral character.
    company: '</td><td>injected</td><b onmouseover=window.pwned=4>\u0007\u001b[31m\u202Eevil\u200B\u{1F600}',
    company_size: '2000',
  };
  // The collector checks fillMs against the time since form_start, so it is made to fit.
  const events = journeyEvents(preset, Date.now() - span - 5000);
  const started = events.find((event) => event.type === 'form_start').t;
  const journey = events.map((event) => (event.type === 'form_submit'
    ? { ...event, fields: hostile, fillMs: event.t - started } : event));
  const file = join(work, 'hostile.jsonl');
  writeFileSync(file, journey.map((event) => JSON.stringify(event)).join('\n') + '\n');
  const payload = execFileSync(CLI, ['score', '--config', CONFIG, '--payload', file], { encoding: 'utf8' });
  const posted = await fetch(`${origin}/leads`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: payload });
  assert.equal(posted.status, 201, await posted.text());

  const { page, context } = await openDemo({ width: 1280, height: 800 });
  const dialogs = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
  await page.click('#tab-leads');
  const row = page.locator('#leads-rows tr', { hasText: hostile.email });
  await row.waitFor();
  const text = await row.textContent();
  for (const shown of [hostile.email, hostile.job_title, hostile.company]) {
    assert.ok(text.includes(shown), `shown as text: ${shown}\nrow: ${text}`);
  }
  assert.equal(await row.locator('img, script, b, td td').count(), 0, 'no element made from a field');
  await row.hover();
  // A handler made from a field would have run while the hover's mouse events were dispatched,
  // which hover() waits for; one frame later the page has also drawn what the hover changed.
  await page.evaluate(() => new Promise(requestAnimationFrame));
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'no field ran as script');
  assert.deepEqual(dialogs, []);
  await page.screenshot({ path: join(SHOTS, 'demo-hostile-lead-1280x800.png') });
  assert.deepEqual(page.problems, []);
  await context.close();
});
