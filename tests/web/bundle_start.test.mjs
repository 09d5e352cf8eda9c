// What a page downloads before the page script can start: leadscore.js and the wasm core, nothing
// else. A static import in the bundle (a chunk the bundler split out of code two modules share)
// would be one more round trip before the start; the optional modules get what they share with
// the start handed to them instead (web/leadscore.js, `shared`), and load only when used.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const webBuild = process.env.LEADSCORE_WEB_DIR || fileURLToPath(new URL('../../build/web/', import.meta.url));
if (!existsSync(join(webBuild, 'leadscore.js'))) throw new Error(`${webBuild}leadscore.js is missing: run scripts/build web first`);

// `import{a as b}from"./x.js"`, `import"./x.js"` and `export*from"./x.js"`; not `import("./x.js")`.
const STATIC_IMPORT = /\bimport\s*(?:[\w$*{][^;()]*?\bfrom\s*)?["']([^"']+)["']|\bexport\s*(?:\*|\{[^}]*\})\s*from\s*["']([^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function staticImports(text) {
  return [...text.matchAll(STATIC_IMPORT)].map((match) => match[1] || match[2]);
}

test('the import patterns find what a bundler writes', () => {
  assert.deepEqual(staticImports('import{a as b}from"./chunk-A.js";import"./side.js";export*from"./c.js";x=import("./lazy.js")'),
    ['./chunk-A.js', './side.js', './c.js']);
});

test('leadscore.js imports nothing statically; what it loads later is there', () => {
  const text = readFileSync(join(webBuild, 'leadscore.js'), 'utf8');
  assert.deepEqual(staticImports(text), []);
  const later = [...text.matchAll(DYNAMIC_IMPORT)].map((match) => match[1]);
  assert.ok(later.length >= 5, later.join(' ')); // slides, gate, forms and the two adapters
  for (const path of later) assert.ok(existsSync(join(webBuild, path)), `${path} is in ${webBuild}`);
});

test('no module loaded on demand pulls in another chunk before it can run', () => {
  const chunks = readdirSync(webBuild).filter((name) => name.endsWith('.js') && name !== 'leadscore.js');
  assert.ok(chunks.length >= 5, chunks.join(' '));
  for (const name of chunks) assert.deepEqual(staticImports(readFileSync(join(webBuild, name), 'utf8')), [], name);
});
