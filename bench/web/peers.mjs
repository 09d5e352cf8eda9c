// Measures leadscore beside its peers on the same page and the same scripted visit, in one run:
// no tracker (the baseline), leadscore (the built bundle in build/web/), Plausible (page views +
// engagement) and Snowplow (page view, activity, link clicks, forms; no scoring). The peers are
// npm dev-dependencies bundled here with esbuild, used by this benchmark only; every request to a
// collector is answered locally (nothing leaves the machine).
//
// usage: node bench/web/peers.mjs [--runs N] [--write]
//   --write replaces the "## Beside other trackers" section of docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { setup, START_TIME } from '../../tests/browser/support/browser.mjs';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' }, write: { type: 'boolean', default: false } } });
const RUNS = Number(args.runs);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = process.env.LEADSCORE_WEB_DIR || join(ROOT, 'build/web');
const DOC = join(ROOT, 'docs/benchmarks.md');
const SECTION = '## Beside other trackers';
const BLOCKS = 30;
const SLIDES = 20;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const version = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

async function bundlePeer(name) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`./peers/${name}.js`, import.meta.url))],
    bundle: true, format: 'esm', minify: true, target: 'es2020', platform: 'browser',
    legalComments: 'none', write: false, logLevel: 'warning',
  });
  return Buffer.from(result.outputFiles[0].contents);
}

// One page for everyone: 30 content blocks, a 20-slide deck and a lead form; only the tag differs.
function page(tag) {
  const blocks = Array.from({ length: BLOCKS }, (_, i) =>
    `<section class="block" data-ls-content="block-${i + 1}" data-ls-tags="${i % 3 ? 'product' : 'pricing'}">` +
    `<h2>Block ${i + 1}</h2><p>Text of block ${i + 1}.</p><a href="#b${i + 1}">More</a></section>`).join('\n');
  const slides = Array.from({ length: SLIDES }, (_, i) => `<section class="slide" data-ls-slide="${i + 1}">Slide ${i + 1}</section>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Benchmark visit</title>
<style>body{margin:0;font:16px sans-serif}.block{height:500px;border-bottom:1px solid #ccc}.slide{height:600px;border-bottom:1px solid #999}</style>
<script src="/bench/longtasks.js"></script>
${tag}
</head><body>
${blocks}
<div data-ls-deck="tour">${slides}</div>
<form id="lead" data-ls-form="lead"><input name="email" type="email" required><input name="job_title">
<input name="website" data-ls-honeypot tabindex="-1"><button type="submit">Send</button></form>
<script src="/bench/keep-on-page.js"></script>
</body></html>`;
}

// Installed as a site should (docs/page-script.md): the module, the chunks for this page's deck and
// form, its wasm and the config requested at once, in parallel.
const leadscoreTag = '<link rel="modulepreload" href="/leadscore/leadscore.js">' +
  '<link rel="modulepreload" href="/leadscore/leadscore-slides.js">' +
  '<link rel="modulepreload" href="/leadscore/leadscore-forms.js">' +
  '<link rel="preload" href="/leadscore/leadscore-core.wasm" as="fetch" crossorigin>' +
  '<link rel="preload" href="/bench/config.json" as="fetch" crossorigin>' +
  '<script type="module" async src="/leadscore/leadscore.js" data-config="/bench/config.json" data-consent="true"></script>' +
  '<script>document.addEventListener("leadscore:ready", () => { window.peerReadyAt = performance.now(); });</script>';

const trackers = [
  { name: 'no tracker', tag: '', assets: [] },
  // Its assets are what the page fetched from /leadscore/ (the entry, the wasm and the chunks this
  // page's markup needs), taken from the first visit, and the config.
  { name: `leadscore (scoring, gates, outbox)`, tag: leadscoreTag, assetDir: WEB,
    assets: [readFileSync(join(ROOT, 'bench/web/config.json'))] },
  { name: `Plausible ${version('@plausible-analytics/tracker')} (page views + engagement)`, peer: 'plausible' },
  { name: `Snowplow ${version('@snowplow/browser-tracker')} (activity + link + form tracking, no scoring)`, peer: 'snowplow' },
];
for (const tracker of trackers) {
  if (!tracker.peer) continue;
  tracker.script = await bundlePeer(tracker.peer);
  tracker.tag = `<script type="module" src="/peers/${tracker.peer}.js"></script>`;
  tracker.assets = [tracker.script];
}
for (const file of ['leadscore.js', 'leadscore-core.wasm']) {
  if (!existsSync(join(WEB, file))) throw new Error(`${join(WEB, file)} is missing: run scripts/build web first`);
}

async function openVisit(env, tracker, { clock }) {
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 700 } });
  await context.route('**/collect/**', (route) => route.fulfill({ status: 202, body: '' }));
  await context.route('**/bench/peer-visit.html', (route) => route.fulfill({ contentType: 'text/html', body: page(tracker.tag) }));
  if (tracker.script) {
    await context.route(`**/peers/${tracker.peer}.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: tracker.script }));
  }
  const tab = await context.newPage();
  // What the page fetched from /leadscore/ (the fake clock replaces performance, so not from there).
  const fetched = new Set();
  tab.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/leadscore/')) fetched.add(pathname.slice('/leadscore/'.length));
  });
  if (clock) await tab.clock.install({ time: START_TIME });
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Performance.enable');
  await tab.goto(`${env.origin}/bench/peer-visit.html`);
  return { context, tab, cdp, fetched };
}

// Ready: navigation start to the tracker's start having run (leadscore: init() resolved).
async function readyMs(env, tracker) {
  const { context, tab } = await openVisit(env, tracker, { clock: false });
  let ready = null;
  if (tracker.tag) {
    await tab.waitForFunction(() => window.peerReadyAt !== undefined, null, { polling: 5, timeout: 15000 });
    ready = await tab.evaluate(() => window.peerReadyAt);
  }
  await context.close();
  return ready;
}

// The visit: every block and slide read for 5 s, a link clicked, the form filled and sent, then
// idle to two minutes past the last step; script time from Chromium's own counter.
async function visit(env, tracker) {
  const { context, tab, cdp, fetched } = await openVisit(env, tracker, { clock: true });
  if (tracker.tag) await tab.waitForFunction(() => window.peerReadyAt !== undefined, null, { polling: 5, timeout: 15000 });
  const elements = await tab.$$('[data-ls-content], [data-ls-slide]');
  for (const element of elements) {
    await element.scrollIntoViewIfNeeded();
    await tab.mouse.move(100, 200);
    await tab.clock.runFor(5000);
  }
  await tab.click('a[href="#b30"]');
  await tab.fill('#lead [name=email]', 'ann@acme.example');
  await tab.fill('#lead [name=job_title]', 'Head of Data');
  await tab.clock.runFor(3000);
  await tab.click('#lead [type=submit]');
  await tab.clock.runFor(120000);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const scriptMs = 1000 * metrics.find((metric) => metric.name === 'ScriptDuration').value;
  const tasks = await tab.evaluate(() => window.longTasks || []);
  await context.close();
  return {
    scriptMs,
    longTasks: tasks.length,
    tbtMs: tasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
    fetched: [...fetched].sort(),
  };
}

const env = await setup();
const load = { start: loadavg()[0] };
const rows = [];
try {
  for (const tracker of trackers) {
    const ready = [];
    const visits = [];
    for (let i = 0; i < RUNS; i += 1) {
      ready.push(await readyMs(env, tracker));
      visits.push(await visit(env, tracker));
    }
    if (tracker.assetDir) {
      tracker.fetched = visits[0].fetched;
      tracker.assets.push(...tracker.fetched.map((file) => readFileSync(join(tracker.assetDir, file))));
    }
    rows.push({
      name: tracker.name,
      gzipKb: tracker.assets.reduce((sum, bytes) => sum + gzip(bytes), 0) / 1024,
      readyMs: tracker.tag ? median(ready) : null,
      scriptMs: median(visits.map((v) => v.scriptMs)),
      longTasks: median(visits.map((v) => v.longTasks)),
      tbtMs: median(visits.map((v) => v.tbtMs)),
    });
    console.error(`${tracker.name}: done`);
  }
} finally {
  load.end = loadavg()[0];
  await env.close();
}

// The chunks by what they hold: leadscore-forms.js is the "leadscore-forms chunk".
function describeFetched(files) {
  return files.map((file) => (file === 'leadscore.js' ? file : file.replace(/\.js$/, ' chunk'))).join(', ');
}

const baseline = rows[0].scriptMs;
const [, leadscore, plausible, snowplow] = rows;
const table = [
  '| tracker | gzip KB | ready ms (from navigation) | script ms over no tracker | long tasks | TBT ms |',
  '|---|--:|--:|--:|--:|--:|',
  ...rows.slice(1).map((row) => `| ${row.name} | ${row.gzipKb.toFixed(1)} | ${row.readyMs.toFixed(0)} | ` +
    `${(row.scriptMs - baseline).toFixed(0)} | ${row.longTasks} | ${row.tbtMs.toFixed(0)} |`),
];
const over = (row) => row.scriptMs - baseline;
const text = [
  SECTION,
  '',
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`node bench/web/peers.mjs\` (\`scripts/bench\` runs it): headless Chromium,`,
  `one page (${BLOCKS} content blocks, a ${SLIDES}-slide deck, a lead form) and one scripted visit on Playwright's clock`,
  '(every block and slide read for 5 s, a link clicked, the form filled and sent, two idle minutes),',
  `median of ${RUNS} visits each, all in one run; machine load average ${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end.`,
  'Plausible and Snowplow load as one module script each (their npm packages, bundled); leadscore as',
  'docs/page-script.md recommends: an `async` tag, `modulepreload` for the module and the chunks of the page\'s',
  'deck and form, `preload` for the wasm and the config.',
  `gzip KB: everything the tag loads, \`gzip -9\` (leadscore: ${trackers[1].fetched.length} files fetched from build/web: ${describeFetched(trackers[1].fetched)}, and the config). Ready: navigation start to`,
  'the tracker having started (leadscore: `leadscore:ready`), on a fresh page without the fake clock. Script ms:',
  `Chromium's ScriptDuration over the whole visit minus the page without a tracker (${baseline.toFixed(0)} ms).`,
  '',
  ...table,
  '',
  `Ratios: leadscore's weight is ${(leadscore.gzipKb / plausible.gzipKb).toFixed(1)}× Plausible's and ${(leadscore.gzipKb / snowplow.gzipKb).toFixed(1)}× Snowplow's (target ≤ 30 KB);`,
  `ready ${(leadscore.readyMs / plausible.readyMs).toFixed(2)}× Plausible's (target ≤ 1.2×) and ${(leadscore.readyMs / snowplow.readyMs).toFixed(2)}× Snowplow's (target ≤ 1×);`,
  `script time ${(over(leadscore) / Math.max(over(plausible), 1)).toFixed(1)}× Plausible's (target ≤ 2×) and ${(over(leadscore) / Math.max(over(snowplow), 1)).toFixed(2)}× Snowplow's.`,
].join('\n');
console.log(text);

if (args.write) {
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(SECTION);
  let next;
  if (start < 0) {
    next = `${doc.trimEnd()}\n\n${text}\n`;
  } else {
    const end = doc.indexOf('\n## ', start + SECTION.length);
    next = doc.slice(0, start) + text + '\n' + (end < 0 ? '' : doc.slice(end));
  }
  writeFileSync(DOC, next);
}
