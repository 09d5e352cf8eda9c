// A static server and lead collector for the browser tests, on 127.0.0.1 and a free port.
// It serves the built bundle (build/web/ under /leadscore/), the fixtures, the reveal.js and
// PDF.js packages, a generated PDF, and POST /leads, which records every request and answers the
// way `leadscore serve` does (201 stored, 200 for an id it already holds, a JSON body naming the
// error), and can be told to fail the next N. start() opens two servers sharing one collector, so
// a page can post to its own origin or to another one. Where a behaviour depends on the real
// collector's verification, specs use support/collector.mjs instead.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MOUNTS = {
  // LEADSCORE_WEB_DIR points the tests at another bundle directory (a benchmark, a release).
  '/leadscore/': process.env.LEADSCORE_WEB_DIR || join(ROOT, 'build/web'),
  '/fixtures/': join(ROOT, 'tests/browser/fixtures'),
  '/vendor/reveal/': join(ROOT, 'node_modules/reveal.js/dist'),
  '/vendor/pdfjs/': join(ROOT, 'node_modules/pdfjs-dist'),
  '/bench/': join(ROOT, 'bench/web'),
};
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.map': 'application/json',
};
// Fixtures named *.csp.html are served under the strictest policy the page script must work with.
const STRICT_CSP = "script-src 'self' 'wasm-unsafe-eval'";
export const PDF_PAGES = 4;

/** Records lead requests and answers them, failing on demand. */
export class Collector {
  constructor() {
    this.requests = []; // { method, headers, body, status }
    this.failures = [];
    this.stored = new Set(); // ids answered 201
  }

  /** Forgets what was recorded and any planned failures (between tests). */
  reset() {
    this.requests = [];
    this.failures = [];
    this.stored = new Set();
  }

  /**
   * The next n lead requests are answered with `status`, optional headers, and the collector's
   * JSON error body (`code`: the reason code a 422 carries).
   */
  failNext(n, status = 503, headers = {}, code = undefined) {
    for (let i = 0; i < n; i += 1) this.failures.push({ status, headers, code });
  }

  /** Bodies of the POSTs that were stored (201), parsed. */
  leads() {
    return this.requests.filter((r) => r.method === 'POST' && r.status === 201).map((r) => JSON.parse(r.body));
  }

  posts() {
    return this.requests.filter((r) => r.method === 'POST');
  }

  answer(request, body) {
    if (request.method !== 'POST') {
      this.requests.push({ method: request.method, headers: request.headers, body, status: 204 });
      return { status: 204, headers: {}, body: '' };
    }
    const failure = this.failures.shift();
    const { status, headers, answer } = failure ? refusal(failure) : this.accept(body);
    this.requests.push({ method: request.method, headers: request.headers, body, status });
    return { status, headers, body: JSON.stringify(answer) };
  }

  accept(body) {
    let id;
    try {
      ({ id } = JSON.parse(body));
    } catch {
      // Below: the real collector's answer to a body that is not JSON.
    }
    if (typeof id !== 'string') {
      return { status: 400, headers: {}, answer: { error: 'malformed', message: '$: expected a lead payload', path: '$' } };
    }
    if (this.stored.has(id)) return { status: 200, headers: {}, answer: { id, status: 'duplicate' } };
    this.stored.add(id);
    return { status: 201, headers: {}, answer: { id, status: 'stored' } };
  }
}

// The shapes of the real collector's error bodies: { error, message } and, for a 422, a `code`.
function refusal({ status, headers, code }) {
  const answer = status === 422
    ? { error: 'rejected', code: code || 'forged_score', message: 'the payload does not verify' }
    : { error: code || `http_${status}`, message: `failed on purpose with HTTP ${status}` };
  return { status, headers, answer };
}

let pdfBytes = null;
async function samplePdf() {
  if (pdfBytes) return pdfBytes;
  const doc = new PDFDocument({ size: [400, 300], margin: 30 });
  const chunks = [];
  doc.on('data', (chunk) => chunks.push(chunk));
  const done = new Promise((resolve) => doc.on('end', resolve));
  for (let page = 1; page <= PDF_PAGES; page += 1) {
    if (page > 1) doc.addPage();
    doc.fontSize(28).text(`Page ${page} of ${PDF_PAGES}`);
  }
  doc.end();
  await done;
  pdfBytes = Buffer.concat(chunks);
  return pdfBytes;
}

function fileFor(pathname) {
  for (const [prefix, dir] of Object.entries(MOUNTS)) {
    if (!pathname.startsWith(prefix)) continue;
    const file = normalize(join(dir, decodeURIComponent(pathname.slice(prefix.length))));
    return file.startsWith(dir + sep) ? file : null;
  }
  return null;
}

function handler(collector) {
  return async (request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    try {
      if (url.pathname === '/leads') {
        const chunks = [];
        for await (const chunk of request) chunks.push(chunk);
        const { status, headers, body } = collector.answer(request, Buffer.concat(chunks).toString('utf8'));
        response.writeHead(status, {
          'Access-Control-Allow-Origin': request.headers.origin || '*',
          'Access-Control-Allow-Headers': 'Content-Type, Idempotency-Key',
          'Access-Control-Expose-Headers': 'Retry-After',
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        });
        response.end(body);
        return;
      }
      if (url.pathname === '/fixtures/sample.pdf') {
        const bytes = await samplePdf();
        response.writeHead(200, { 'Content-Type': TYPES['.pdf'] });
        response.end(bytes);
        return;
      }
      const file = fileFor(url.pathname);
      if (!file) throw Object.assign(new Error('not found'), { code: 'ENOENT' });
      const bytes = await readFile(file);
      const headers = { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' };
      if (file.endsWith('.csp.html')) headers['Content-Security-Policy'] = STRICT_CSP;
      response.writeHead(200, headers);
      response.end(bytes);
    } catch (error) {
      response.writeHead(error.code === 'ENOENT' || error.code === 'EISDIR' ? 404 : 500, { 'Content-Type': 'text/plain' });
      response.end(String(error.message));
    }
  };
}

function listen(collector) {
  const server = createServer(handler(collector));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** Starts the site and a second, cross-origin collector; close() stops both. */
export async function start() {
  const collector = new Collector();
  const site = await listen(collector);
  const other = await listen(collector);
  return {
    origin: site.origin,
    otherOrigin: other.origin,
    collector,
    close: () => Promise.all([site, other].map(({ server }) => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }))),
  };
}
