// The real collector for the specs where a behaviour spans the page script and the collector:
// `leadscore serve` (build/native/leadscore) with SQLite in a fresh directory. It serves the built
// bundle and the fixtures itself, so a page posts its leads to its own origin as a site's would.
// It can be stopped and started again on the same port with another config, keeping its database.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'build/native/leadscore');
const STARTUP = /listening on (http:\/\/\S+)/;
export const ADMIN_TOKEN = 'browser-specs-admin-token'; // the collector wants 16 characters or more

/** A free port on 127.0.0.1, for a server that cannot be told to pick one itself. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `leadscore serve --config <config>`; `args` are more options (`--max-body`, …). */
export async function startCollector(config, { args = [] } = {}) {
  const collector = new RealCollector(mkdtempSync(join(tmpdir(), 'leadscore-collector-')), args);
  try {
    await collector.start(config);
  } catch (error) {
    collector.remove();
    throw error;
  }
  return collector;
}

class RealCollector {
  constructor(dir, args) {
    this.dir = dir;
    this.db = join(dir, 'leads.db');
    this.args = args;
    this.child = null;
    this.port = 0; // 0 until the first start; later starts reuse the port, so pages keep their origin
    this.origin = null;
    this.output = '';
    this.config = null; // the config it runs with
  }

  /** Starts the collector with this config (an object, written to a file of its own). */
  async start(config) {
    const file = join(this.dir, `config-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(config));
    this.config = config;
    const child = spawn(CLI, ['serve', '--config', file, '--db', this.db,
      '--static', `/leadscore=${process.env.LEADSCORE_WEB_DIR || join(ROOT, 'build/web')}`,
      '--static', `/fixtures=${join(ROOT, 'tests/browser/fixtures')}`,
      '--admin-token', ADMIN_TOKEN, '--rate-limit', '0',
      '--host', '127.0.0.1', '--port', String(this.port), ...this.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout.on('data', (chunk) => { this.output += chunk; });
    child.stderr.on('data', (chunk) => { this.output += chunk; });
    const since = this.output.length;
    await new Promise((resolve, reject) => {
      const check = () => {
        const match = this.output.slice(since).match(STARTUP);
        if (match) {
          cleanup();
          resolve(match[1]);
        }
      };
      const failed = () => {
        cleanup();
        reject(new Error(`leadscore serve did not start:\n${this.output.slice(since)}`));
      };
      const timer = setTimeout(failed, 20_000);
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.off('exit', failed);
      };
      child.stdout.on('data', check);
      child.once('exit', failed);
    }).then((url) => {
      this.origin = url.replace(/\/$/, '');
      this.port = Number(new URL(this.origin).port);
    });
  }

  /** Stops the collector (SIGTERM: in-flight requests finish) and waits for its exit. */
  async stop() {
    const { child } = this;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  /** Stops and starts again on the same port and database, with this config. */
  async restart(config) {
    await this.stop();
    await this.start(config);
  }

  /** POSTs a body to /leads the way the page script does (text/plain); resolves to { status, body }. */
  async post(body) {
    const response = await fetch(`${this.origin}/leads`, {
      method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body,
    });
    return { status: response.status, body: await response.text() };
  }

  /** GET /leads as the admin: { status, text } (text, so a test can check that it is JSON). */
  async leadsText() {
    const response = await fetch(`${this.origin}/leads`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    return { status: response.status, text: await response.text() };
  }

  /** GET /leads as the admin, parsed. */
  async leads() {
    const { status, text } = await this.leadsText();
    if (status !== 200) throw new Error(`GET /leads answered ${status}: ${text}`);
    return JSON.parse(text).leads;
  }

  /** GET /leads.csv as the admin, as text. */
  async csv() {
    const response = await fetch(`${this.origin}/leads.csv`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    if (response.status !== 200) throw new Error(`GET /leads.csv answered ${response.status}`);
    return response.text();
  }

  /** Everything the database holds, as SQL text (sqlite3 .dump): what a check of stored rows reads. */
  dump() {
    if (!existsSync(this.db)) return '';
    return execFileSync('sqlite3', [this.db, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  }

  /** The database's bytes, its write-ahead log included: a secret must be in neither. */
  rawBytes() {
    return [this.db, `${this.db}-wal`].filter(existsSync).map((file) => readFileSync(file).toString('latin1')).join('');
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Stops the collector and removes its directory. */
  async close() {
    await this.stop();
    this.remove();
  }
}
