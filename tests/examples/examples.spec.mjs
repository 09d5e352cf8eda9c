// The examples in examples/web/, run as a site would run them: the npm package is packed from
// build/package/, installed with each example's own dependencies into an empty temporary folder
// without network (npm --offline: its cache holds what `npm ci` of this repository fetched), the
// example is built (esbuild; tsc --noEmit for the TypeScript one), served, and driven in Chromium.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { launchBrowser } from '../browser/support/browser.mjs';
import { WEB_EXAMPLES, exampleConfigs } from '../support/example_configs.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE_DIR = join(ROOT, 'build/package');
const EXAMPLES = join(ROOT, 'examples/web');
if (!existsSync(join(PACKAGE_DIR, 'package.json'))) throw new Error(`${PACKAGE_DIR} is missing: run scripts/build web first`);

const scratch = mkdtempSync(join(tmpdir(), 'leadscore-examples-'));
const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
let tarball;
let browser;

// npm never reaches the network here: --offline answers from its cache or fails.
const NPM_ENV = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function npm(args, cwd) {
  return run('npm', args, { cwd, env: NPM_ENV, maxBuffer: 16 << 20 });
}

before(async () => {
  const { stdout } = await npm(['pack', '--json', '--pack-destination', scratch], PACKAGE_DIR);
  tarball = join(scratch, JSON.parse(stdout)[0].filename);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Copies an example into an empty folder, installs the packed package and its dependencies offline, builds it. */
async function install(name) {
  const dir = join(scratch, name);
  cpSync(join(EXAMPLES, name), dir, { recursive: true, filter: (path) => !path.includes(`${sep}node_modules`) && !path.includes(`${sep}dist`) });
  await npm(['install', '--offline', '--no-audit', '--no-fund', tarball], dir);
  const installed = JSON.parse(readFileSync(join(dir, 'node_modules/leadscore/package.json'), 'utf8'));
  assert.equal(installed.version, manifest.version);
  const scripts = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts || {};
  if (scripts.build) await npm(['run', '--silent', 'build'], dir);
  return dir;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.pdf': 'application/pdf',
};

/** Serves an example on 127.0.0.1: mounts (URL prefix -> folder), and POST /leads recorded in `leads` once per id. */
async function serve(mounts) {
  const leads = [];
  const requests = [];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    requests.push(url.pathname);
    if (request.method === 'POST') {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      if (url.pathname === '/leads') {
        const lead = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        // What the real collector answers (docs/leads.md): a submission is stored once, however
        // often it arrives. Chromium may send a keepalive POST twice when the page navigates
        // while it is in flight: the second is a duplicate, not a second lead.
        const known = leads.some(({ id }) => id === lead.id);
        if (!known) leads.push(lead);
        response.writeHead(known ? 200 : 201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: lead.id, status: known ? 'duplicate' : 'stored' }));
      } else {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<p>Thanks</p>');
      }
      return;
    }
    const path = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
    const prefix = Object.keys(mounts).filter((p) => path.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    const file = prefix && normalize(join(mounts[prefix], decodeURIComponent(path.slice(prefix.length))));
    if (!file || !file.startsWith(mounts[prefix])) return response.writeHead(404).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    leads,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A fresh page that records uncaught errors; the caller closes its context. */
async function openPage(origin) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    document.addEventListener('leadscore:ready', () => { window.leadscoreReady = true; });
    document.addEventListener('leadscore:error', (event) => { (window.leadscoreErrors ||= []).push(event.detail.code); });
  });
  await page.goto(`${origin}/`);
  return { page, context, errors };
}

async function waitFor(condition, what, timeout = 10000) {
  const end = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the npm package', () => {
  test('packs what the exports name, with types, README, CHANGELOG and the schemas', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.split('\n').filter(Boolean).map((name) => name.replace(/^package\//, ''));
    for (const file of ['package.json', 'leadscore.js', 'leadscore-core.wasm', 'leadscore.d.ts', 'wasm.d.ts', 'README.md', 'CHANGELOG.md',
      'schema/config.schema.json', 'schema/forward.schema.json']) {
      assert.ok(files.includes(file), `${file} is in the tarball (${files.join(', ')})`);
    }
    assert.equal(manifest.exports['.'].default, './leadscore.js');
    assert.equal(manifest.exports['.'].types, './leadscore.d.ts');
    assert.equal(manifest.exports['./leadscore-core.wasm'].default, './leadscore-core.wasm');
    assert.deepEqual(Object.keys(manifest.dependencies || {}), []);
  });

  test('declares every export of the module, and nothing it does not export', async () => {
    const { default: ts } = await import('typescript');
    const declarations = ts.createSourceFile('leadscore.d.ts', readFileSync(join(PACKAGE_DIR, 'leadscore.d.ts'), 'utf8'), ts.ScriptTarget.ES2022);
    const declared = declarations.statements
      .filter((node) => (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
      .map((node) => node.name.text);
    const module = await import(pathToFileURL(join(PACKAGE_DIR, 'leadscore.js')));
    assert.deepEqual([...new Set(declared)].sort(), Object.keys(module).sort());
  });

  test('names every error code the page script raises in LeadscoreErrorCode', () => {
    const declarations = readFileSync(join(PACKAGE_DIR, 'leadscore.d.ts'), 'utf8').replace(/\/\/[^\n]*/g, '');
    const union = declarations.match(/export type LeadscoreErrorCode =([^;]*);/)[1];
    const declared = new Set([...union.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]));
    const raised = new Set();
    const sources = readdirSync(join(ROOT, 'web'), { recursive: true }).map(String).filter((name) => name.endsWith('.js') && !name.startsWith('build'));
    for (const name of sources) {
      const text = readFileSync(join(ROOT, 'web', name), 'utf8');
      for (const match of text.matchAll(/(?:LeadscoreError|report|onError)\('([a-z_]+)'/g)) raised.add(match[1]);
    }
    assert.ok(raised.size >= 10, [...raised].join(' '));
    assert.deepEqual([...raised].filter((code) => !declared.has(code)), []);
  });

  test('its Config type accepts every valid config the project ships and tests with', async () => {
    const dir = join(scratch, 'config-types');
    mkdirSync(dir);
    cpSync(join(PACKAGE_DIR, 'leadscore.d.ts'), join(dir, 'leadscore.d.ts'));
    const configs = exampleConfigs();
    for (const name of readdirSync(join(ROOT, 'tests/vectors')).filter((file) => file.endsWith('.json'))) {
      const vector = JSON.parse(readFileSync(join(ROOT, 'tests/vectors', name), 'utf8'));
      if (!vector.expect.configErrors) configs.push([`tests/vectors/${name}`, JSON.stringify(vector.config)]);
    }
    const source = ["import type { Config } from './leadscore.js';",
      ...configs.map(([name, text], index) => `// ${name}\nexport const config${index}: Config = ${text.trim()};`)].join('\n');
    writeFileSync(join(dir, 'configs.ts'), `${source}\n`);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'ESNext', moduleResolution: 'bundler', target: 'ES2022', types: [] }, files: ['configs.ts'] }));
    const result = await run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', dir]).then(() => null, (error) => error);
    assert.equal(result, null, result && `${result.stdout}`.split('\n').slice(0, 20).join('\n'));
    assert.ok(configs.length > 50, `${configs.length} configs`);
  });
});

describe('examples', { concurrency: false }, () => {
  test('lock only packages this repository\'s own lock holds, so they install from the npm cache', () => {
    const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).packages;
    for (const name of WEB_EXAMPLES) {
      const lockPath = join(EXAMPLES, name, 'package-lock.json');
      if (!existsSync(lockPath)) continue;
      for (const [path, entry] of Object.entries(JSON.parse(readFileSync(lockPath, 'utf8')).packages)) {
        if (path === '') continue;
        assert.equal(rootLock[path]?.integrity, entry.integrity, `${name}: ${path}@${entry.version} is not in package-lock.json: add it there (npm install -D) or the offline install fails`);
      }
    }
  });

  test('plain HTML, one tag: the page scores, and a qualified lead is posted on submit', async () => {
    const dir = await install('plain-html');
    const site = await serve({ '/': dir, '/leadscore/': join(dir, 'node_modules/leadscore') });
    const { page, context, errors } = await openPage(site.origin);
    try {
      await page.waitForFunction(() => window.leadscoreReady === true, null, { timeout: 10000 });
      const score = await page.evaluate(async () => (await import('/leadscore/leadscore.js')).current().score());
      assert.deepEqual(score.breakdown.map(({ rule, count }) => [rule, count]), [['home', 1]]);
      await page.fill('[name=email]', 'dana@northwind.example');
      await Promise.all([page.waitForURL(/\/thanks$/), page.click('button')]);
      await waitFor(() => site.leads.length === 1, 'the lead');
      const [lead] = site.leads;
      assert.equal(lead.site, 'plain.example');
      assert.equal(lead.lead.email, 'dana@northwind.example');
      assert.equal(lead.score.stage, 'mql');
      assert.ok(site.requests.includes('/leadscore/leadscore-core.wasm'), 'the wasm was loaded from beside the script');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await site.close();
    }
  });

  test('esbuild + TypeScript: tsc --noEmit passes, the bundle loads the copied wasm and scores', async () => {
    const dir = await install('esbuild-typescript'); // its build runs tsc --noEmit first
    const wasm = readdirSync(join(dir, 'dist')).filter((name) => name.endsWith('.wasm'));
    assert.equal(wasm.length, 1, 'esbuild copied the wasm into dist/');
    const site = await serve({ '/': dir });
    const { page, context, errors } = await openPage(site.origin);
    try {
      await page.locator('#status').filter({ hasText: 'visitor 5.00' }).waitFor();
      await page.click('#watch-demo');
      await page.locator('#status').filter({ hasText: 'mql 20.00' }).waitFor();
      assert.ok(site.requests.includes(`/dist/${wasm[0]}`), 'the page fetched the wasm esbuild emitted');
      assert.equal(await page.evaluate(() => document.getElementById('status').dataset.error), undefined);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await site.close();
    }

    // The engine alone in Node, as the package's README shows it.
    writeFileSync(join(dir, 'engine.mjs'), [
      "import { readFileSync } from 'node:fs';",
      "import { createEngine } from 'leadscore';",
      "const wasmBinary = readFileSync(new URL(import.meta.resolve('leadscore/leadscore-core.wasm')));",
      "const engine = await createEngine({ version: 1, thresholds: { mql: 10 }, engagement: { rules: [{ id: 'p', on: 'page_view', points: 10 }] } }, { wasmBinary });",
      "engine.track({ type: 'page_view', t: Date.now(), path: '/pricing' });",
      'console.log(JSON.stringify(engine.score()));',
    ].join('\n'));
    const { stdout: scored } = await run(process.execPath, ['engine.mjs'], { cwd: dir });
    assert.equal(JSON.parse(scored).stage, 'mql');

    // A deliberately wrong use of the API fails the type check, each at its line.
    writeFileSync(join(dir, 'src/wrong.ts'), [
      "import { init, createEngine, type Config } from 'leadscore';",
      "const ls = await init({ config: '/leadscore.json', consent: 'yes' });", // 2: consent is boolean | 'pending'
      "ls.track({ type: 'page_view' });", // 3: a page_view needs its path
      "ls.slide(3);", // 4: slide(deck, n, of?)
      "const config: Config = { version: 1, thresholds: { mql: 10 }, engagement: { rules: [",
      "  { id: 'a', on: 'page_view', where: { deck: 'tour' }, points: 1 }] } };", // 6: deck is not a page_view where key
      "await createEngine(config, { wasmUrl: 42 });", // 7: wasmUrl is a string or URL
      'export {};',
      '',
    ].join('\n'));
    const failure = await npm(['run', '--silent', 'check'], dir).then(() => null, (error) => error);
    assert.ok(failure, 'tsc --noEmit fails on the wrong calls');
    const lines = [...`${failure.stdout}`.matchAll(/src\/wrong\.ts\((\d+),\d+\): error TS\d+/g)].map((match) => Number(match[1]));
    assert.deepEqual([...new Set(lines)].sort((a, b) => a - b), [2, 3, 4, 6, 7], failure.stdout);
  });

  test('reveal.js deck: the gate opens at slide 3, the form unlocks it, the lead is posted', async () => {
    const dir = await install('reveal-deck');
    const site = await serve({ '/': dir });
    const { page, context, errors } = await openPage(site.origin);
    try {
      await page.waitForFunction(() => window.ls && window.deck, null, { timeout: 10000 });
      const gate = page.locator('[data-ls-gate="tour-gate"]');
      await page.evaluate(() => window.deck.slide(1));
      assert.equal(await gate.isVisible(), false);
      await page.evaluate(() => window.deck.slide(2));
      await gate.waitFor({ state: 'visible' });
      assert.equal(await page.locator('.slides > section').nth(2).isVisible(), false, 'slide 3 stays hidden while locked');
      await page.fill('[data-ls-gate="tour-gate"] [name=email]', 'dana@northwind.example');
      await page.keyboard.press('Enter');
      await page.locator('.slides > section').nth(2).waitFor({ state: 'visible' });
      const score = await page.evaluate(() => window.ls.score());
      assert.deepEqual(score.gates, [{ id: 'tour-gate', locked: false }]);
      await waitFor(() => site.leads.length === 1, 'the lead');
      assert.equal(site.leads[0].lead.email, 'dana@northwind.example');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await site.close();
    }
  });

  test('PDF.js whitepaper: scrolling to page 3 opens the gate, the form unlocks it, the lead is posted', async () => {
    const dir = await install('pdfjs-whitepaper');
    cpSync(join(ROOT, 'demo/assets/whitepaper.pdf'), join(dir, 'whitepaper.pdf'));
    const site = await serve({ '/': dir });
    const { page, context, errors } = await openPage(site.origin);
    try {
      await page.waitForFunction(() => window.ls && window.viewer && window.viewer.pagesCount > 0, null, { timeout: 15000 });
      const pageShown = (n) => page.locator(`#viewer .page[data-page-number="${n}"]`).isVisible();
      await page.locator('#viewer .page[data-page-number="2"]').waitFor({ state: 'visible' });
      assert.equal(await pageShown(3), false, 'page 3 is hidden while locked');
      await page.evaluate(() => { const c = document.getElementById('viewerContainer'); c.scrollTop = c.scrollHeight; });
      await page.locator('[data-ls-gate="paper-gate"]').waitFor({ state: 'visible' });
      await page.fill('[data-ls-gate="paper-gate"] [name=email]', 'dana@northwind.example');
      await page.keyboard.press('Enter');
      await page.locator('#viewer .page[data-page-number="3"]').waitFor({ state: 'visible' });
      await waitFor(() => site.leads.length === 1, 'the lead');
      assert.equal(site.leads[0].lead.email, 'dana@northwind.example');
      assert.deepEqual((await page.evaluate(() => window.ls.score())).gates, [{ id: 'paper-gate', locked: false }]);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await site.close();
    }
  });
});
