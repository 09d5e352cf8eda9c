// Measures the page script in headless Chromium against the built bundle (build/web/, or
// LEADSCORE_WEB_DIR): what the one tag transfers, how long it takes to be ready, what track()
// and score() cost, and whether a scripted two-minute visit causes long tasks.
//
// usage: node bench/web/run.mjs [--loads N] [--write]
//   --write replaces the "## Page script in Chromium" section of docs/benchmarks.md.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { setup, START_TIME } from '../../tests/browser/support/browser.mjs';

const { values: args } = parseArgs({ options: { loads: { type: 'string', default: '7' }, write: { type: 'boolean', default: false } } });
const LOADS = Number(args.loads);
const VISIT_URL = '/bench/visit.html';
const DOC = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
const SECTION = '## Page script in Chromium';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function freshPage(env, { clock = false } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  if (clock) await page.clock.install({ time: START_TIME });
  return { context, page };
}

async function waitReady(page) {
  await page.waitForFunction(() => window.lsReadyAt !== null, null, { polling: 10, timeout: 15000 });
}

/** Every response the tag causes (the bundle, the wasm, the config), raw and gzip -9. */
async function transfer(env) {
  const { context, page } = await freshPage(env);
  const assets = [];
  page.on('response', async (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/leadscore/') || path === '/bench/config.json') {
      assets.push(response.body().then((body) => ({ path, raw: body.length, gzip: gzipSync(body, { level: 9 }).length })));
    }
  });
  await page.goto(env.origin + VISIT_URL);
  await waitReady(page);
  const rows = await Promise.all(assets);
  await context.close();
  return rows;
}

/** From the moment the browser starts fetching the module to `leadscore:ready`, per load. */
async function readyTimes(env) {
  const times = [];
  for (let i = 0; i < LOADS; i += 1) {
    const { context, page } = await freshPage(env);
    await page.goto(env.origin + VISIT_URL);
    await waitReady(page);
    times.push(await page.evaluate(() => {
      const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/leadscore/leadscore.js'));
      return window.lsReadyAt - script.startTime;
    }));
    await context.close();
  }
  return times;
}

/** The track() figures of 5 fresh pages, each the median of its rounds. */
async function trackCost(env) {
  const rounds = [];
  for (let i = 0; i < 5; i += 1) rounds.push(await trackCostOnce(env));
  return Object.fromEntries(Object.keys(rounds[0]).map((key) => [key, median(rounds.map((round) => round[key]))]));
}

/** µs per call: the instance's track() (engine + gate + callbacks), cold and warm, and the bare engine's. */
async function trackCostOnce(env) {
  const { context, page } = await freshPage(env);
  await page.goto(env.origin + VISIT_URL);
  await waitReady(page);
  const result = await page.evaluate(async () => {
    const { createEngine } = await import('/leadscore/leadscore.js');
    const config = await (await fetch('/bench/config.json')).json();
    const calls = 5000;
    const coldCalls = 100; // a long visit's worth, on a page that has run none yet
    const warmUp = 20000; // enough for the JIT to settle: 500 still left it at twice the steady cost
    const instance = window.lsInstance;
    const engine = await createEngine(config);
    // A second after ready, as a visitor's first events come: right after it the page is still
    // collecting its start's garbage and compiling, which would be counted to the events.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let t = Date.now();
    let start = performance.now();
    for (let i = 0; i < coldCalls; i += 1) {
      instance.track({ type: 'custom', name: 'bench', value: 1, t: t += 10 });
      await null;
    }
    const perColdCall = ((performance.now() - start) * 1000) / coldCalls;
    for (let i = 0; i < warmUp; i += 1) {
      instance.track({ type: 'custom', name: 'bench', value: 1, t: t += 10 });
      engine.track({ type: 'custom', name: 'bench', value: 1, t: t += 10 });
      if (i % 2 === 0) await null; // both paths of the page script: scored alone and in bursts
    }
    await null; // the warm-up's queued score runs here
    // One event per task, as observers produce them: each track() is followed by its score.
    start = performance.now();
    for (let i = 0; i < calls; i += 1) {
      instance.track({ type: 'custom', name: 'bench', value: 1, t: t += 10 });
      await null;
    }
    const perInstanceCall = ((performance.now() - start) * 1000) / calls;
    // A burst in one task (a site calling track() in a loop) is scored once after the task.
    start = performance.now();
    for (let i = 0; i < calls; i += 1) instance.track({ type: 'custom', name: 'bench', value: 1, t: t += 10 });
    await null;
    const perBurstCall = ((performance.now() - start) * 1000) / calls;
    // flush() writes the whole session to localStorage at once, as a page hide does.
    start = performance.now();
    instance.flush();
    const saveMs = performance.now() - start;
    const sessionEvents = instance.events().length;
    start = performance.now();
    for (let i = 0; i < calls; i += 1) engine.track({ type: 'custom', name: 'bench', value: 1, t: t += 10 });
    const perEngineCall = ((performance.now() - start) * 1000) / calls;
    engine.destroy();
    return { perColdCall, coldCalls, perInstanceCall, perBurstCall, perEngineCall, calls, warmUp, saveMs, sessionEvents };
  });
  await context.close();
  return result;
}

/** ms per score() (and payload()) of a session holding n events of a realistic mix. */
async function scoreCost(env, sizes) {
  const { context, page } = await freshPage(env);
  await page.goto(env.origin + VISIT_URL);
  await waitReady(page);
  const rows = await page.evaluate(async (counts) => {
    const { createEngine } = await import('/leadscore/leadscore.js');
    const config = await (await fetch('/bench/config.json')).json();
    const out = [];
    for (const n of counts) {
      const engine = await createEngine(config);
      let t = Date.parse('2026-11-01T00:00:00Z');
      for (let i = 0; i < n; i += 1) {
        t += 1000;
        const kind = i % 5;
        if (kind === 0) engine.track({ type: 'page_view', t, path: `/bench/page-${i % 40}` });
        else if (kind === 1) engine.track({ type: 'content_view', t, id: `block-${i % 30}`, tags: ['product'], ms: 2500 });
        else if (kind === 2) engine.track({ type: 'slide_view', t, deck: 'tour', slide: 1 + (i % 6), of: 6, ms: 4000 });
        else if (kind === 3) engine.track({ type: 'custom', t, name: 'bench-click', value: 1 });
        else engine.track({ type: 'visit', t });
      }
      engine.track({ type: 'consent', t: t + 1, granted: true });
      engine.track({ type: 'form_submit', t: t + 2, form: 'lead', fields: { email: 'ann@acme.example', job_title: 'CTO' }, fillMs: 4000 });
      const repeats = n >= 10000 ? 50 : 200;
      for (let i = 0; i < 20; i += 1) engine.score(); // JIT warm-up
      let start = performance.now();
      for (let i = 0; i < repeats; i += 1) engine.score();
      const scoreMs = (performance.now() - start) / repeats;
      start = performance.now();
      for (let i = 0; i < 20; i += 1) engine.payload();
      const payloadMs = (performance.now() - start) / 20;
      out.push({ n, scoreMs, payloadMs });
      engine.destroy();
    }
    return out;
  }, sizes);
  await context.close();
  return rows;
}

/** A two-minute visit on a controlled clock: read blocks, page through the deck, fill the form. */
async function visitLongTasks(env) {
  const { context, page } = await freshPage(env, { clock: true });
  await page.goto(env.origin + VISIT_URL);
  await waitReady(page);
  await page.clock.pauseAt(START_TIME + 60000);
  const visitStart = await page.evaluate(() => performance.now());
  let elapsed = 0;
  const wait = async (ms) => { await page.clock.runFor(ms); elapsed += ms; };
  const blocks = await page.$$('[data-ls-content], [data-ls-slide]');
  for (const block of blocks) {
    await block.scrollIntoViewIfNeeded();
    await page.mouse.move(100 + (elapsed % 300), 200);
    await wait(5000);
  }
  await page.fill('#lead [name=email]', 'ann@acme.example');
  await page.fill('#lead [name=job_title]', 'Head of Data');
  await wait(3000);
  await page.click('#lead [type=submit]');
  while (elapsed < 120000) await wait(5000);
  const result = await page.evaluate((since) => ({
    supported: window.longTasks !== null,
    load: (window.longTasks || []).filter((t) => t.start < since),
    visit: (window.longTasks || []).filter((t) => t.start >= since),
    events: window.lsInstance.events().length,
    qualified: window.lsInstance.score().qualified,
  }), visitStart);
  await context.close();
  return { ...result, simulatedMs: elapsed };
}

function report({ browser, load, assets, ready, track, scores, visit }) {
  const total = assets.reduce((sum, a) => ({ raw: sum.raw + a.raw, gzip: sum.gzip + a.gzip }), { raw: 0, gzip: 0 });
  const lines = [
    SECTION,
    '',
    `Headless Chromium ${browser} (Debian package) driven by playwright-core, on a 2-core machine; served from`,
    `127.0.0.1 without HTTP compression (gzip column: \`gzip -9\` of the same bytes).`,
    'Reproduce: `scripts/build web && node bench/web/run.mjs` (`--write` updates this section).',
    `Machine load average while measuring: ${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end`,
    '(timings scale with it; the machine has 2 cores).',
    '',
    '**What the one tag loads** (`bench/web/visit.html`: the module, its wasm, the site config)',
    '',
    '| asset | raw | gzip |',
    '|---|--:|--:|',
    ...assets.map((a) => `| \`${a.path}\` | ${a.raw} B (${kb(a.raw)}) | ${a.gzip} B (${kb(a.gzip)}) |`),
    `| **total** | ${total.raw} B (${kb(total.raw)}) | ${total.gzip} B (${kb(total.gzip)}) |`,
    '',
    `**Script start → ready** (from the browser starting to fetch \`leadscore.js\` to the \`leadscore:ready\` event; fresh context, empty cache, ${ready.length} loads): median **${median(ready).toFixed(1)} ms**, min ${Math.min(...ready).toFixed(1)} ms, max ${Math.max(...ready).toFixed(1)} ms.`,
    '',
    `**track()** (median of 5 fresh pages; \`custom\` events, the visitor consented and not yet qualified, no gate, no \`onScore\`): ` +
      `**${track.perInstanceCall.toFixed(1)} µs** per event when each call is scored on its own (one event per task, as the observers produce them: ` +
      `engine ingest, the qualification check, \`leadscore:score\` dispatch; ${track.calls} calls after ${track.warmUp} to warm up, the session grows to ${track.sessionEvents} events); ` +
      `${track.perColdCall.toFixed(1)} µs per event for the first ${track.coldCalls} on a page that started a second earlier (the JIT still cold, as on most visits); ` +
      `${track.perBurstCall.toFixed(1)} µs per event for a burst of ` +
      `${track.calls} calls in one task (scored once after it); ${track.perEngineCall.toFixed(1)} µs per call on a bare \`createEngine()\` engine (ingest only).`,
    '',
    `**Saving the session** (what a page hide does with consent: every event to localStorage, within the 200 000-character bound): ${track.saveMs.toFixed(1)} ms for a session of ${track.sessionEvents} events.`,
    '',
    '**score() and payload() by session size** (mix of page, content, slide, custom and visit events):',
    '',
    '| events | score() | payload() |',
    '|--:|--:|--:|',
    ...scores.map((s) => `| ${s.n.toLocaleString('en-US').replace(/,/g, ' ')} | ${s.scoreMs.toFixed(3)} ms | ${s.payloadMs.toFixed(2)} ms |`),
    '',
    `**Long tasks (> 50 ms)** during a scripted visit of ${visit.simulatedMs / 1000} s on Playwright's clock (every block and slide read for 5 s, the form filled and sent, then idle; ${visit.events} events, lead qualified: ${visit.qualified}): ` +
      (visit.supported ? `**${visit.visit.length}** during the visit (target: none)` + (visit.visit.length ? ` — ${visit.visit.map((t) => `${t.duration.toFixed(0)} ms`).join(', ')}` : '') +
        `; during the page load itself: ${visit.load.length}${visit.load.length ? ` (${visit.load.map((t) => `${t.duration.toFixed(0)} ms`).join(', ')})` : ''}.` : 'not supported by this browser.'),
    '',
  ];
  return lines.join('\n');
}

function writeSection(text) {
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n';
  const start = doc.indexOf(SECTION);
  let next;
  if (start < 0) {
    next = `${doc.trimEnd()}\n\n${text}`;
  } else {
    const after = doc.indexOf('\n## ', start + SECTION.length);
    next = doc.slice(0, start) + text + (after < 0 ? '' : `\n${doc.slice(after + 1)}`);
  }
  writeFileSync(DOC, next.endsWith('\n') ? next : `${next}\n`);
}

const env = await setup();
try {
  const startLoad = loadavg()[0];
  const results = {
    browser: env.browser.version(),
    assets: await transfer(env),
    ready: await readyTimes(env),
    track: await trackCost(env),
    scores: await scoreCost(env, [1000, 10000]),
    visit: await visitLongTasks(env),
  };
  results.load = { start: startLoad, end: loadavg()[0] };
  const text = report(results);
  console.log(text);
  if (args.write) writeSection(text);
} finally {
  await env.close();
}
