// guard.js: every browser callback of the page script enters through it. A failure inside one is
// reported and goes no further, and no module registers a callback any other way.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { guard, later, listen, reportTo, settle, soon } from '../../web/guard.js';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));

test('a throwing listener, timer, microtask or promise reaction is reported, not thrown', async () => {
  const reported = [];
  reportTo((error) => reported.push(error.message));
  const target = new EventTarget();
  const unlisten = listen(target, 'ping', () => { throw new Error('listener'); });
  target.dispatchEvent(new Event('ping'));
  unlisten();
  target.dispatchEvent(new Event('ping')); // removed: not called again
  later(() => { throw new Error('timer'); }, 0);
  soon(() => { throw new Error('microtask'); });
  settle(Promise.resolve(1), () => { throw new Error('fulfilled'); }, () => {});
  settle(Promise.reject(new Error('x')), () => {}, () => { throw new Error('rejected'); });
  await new Promise((resolve) => { setTimeout(resolve, 20); });
  assert.deepEqual(reported.sort(), ['fulfilled', 'listener', 'microtask', 'rejected', 'timer']);
  assert.equal(guard((a, b) => a + b)(2, 3), 5, 'a guarded function returns what it returns');
});

// The engine's own promise chain (engine.js) is awaited by its caller, which reports its failure.
const EXEMPT = new Set(['guard.js', 'engine.js']);
const RAW_CALLBACKS = [
  /\baddEventListener\(/, /\bsetTimeout\(/, /\bsetInterval\(/, /\bqueueMicrotask\(/,
  /\brequestAnimationFrame\(/, /\bnew \w*Observer\(/, /\.then\(/,
];

function pageScriptFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'build' ? [] : pageScriptFiles(path);
    return entry.name.endsWith('.js') && !EXEMPT.has(relative(WEB, path)) ? [path] : [];
  });
}

test('no page-script module registers a browser callback except through guard.js', () => {
  const files = pageScriptFiles(WEB);
  assert.ok(files.length > 10, `found only ${files.length} page-script files under ${WEB}`);
  const raw = [];
  for (const file of files) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (RAW_CALLBACKS.some((pattern) => pattern.test(line))) raw.push(`${relative(WEB, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(raw, []);
});
