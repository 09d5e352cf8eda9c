// Assembles the npm package in build/package/ from build/web/ (whatever the bundle holds: the
// page script, its chunks, the wasm) plus what web/package/ and schema/ add: package.json, the
// TypeScript declarations, the README, the CHANGELOG and the JSON Schemas. `npm pack` in the
// output directory makes the tarball a site installs. Files are rewritten only when their bytes
// change, and anything else in the output directory is removed.
//
// usage: node web/build/package.mjs --web build/web --out build/package
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requiredOptions, writeIfChanged } from './common.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = requiredOptions('node web/build/package.mjs --web DIR --out DIR', ['web', 'out']);
const webDir = resolve(args.web);
const outDir = resolve(args.out);

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

/** Every file under dir, as paths relative to it. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true }).map(String).filter((name) => statSync(join(dir, name)).isFile());
}

const manifest = JSON.parse(readFileSync(join(root, 'web/package/package.json'), 'utf8'));
const changelog = readFileSync(join(root, 'web/package/CHANGELOG.md'), 'utf8');
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(manifest.version)) fail(`version ${manifest.version} is not a semantic version`);
if (!changelog.includes(`\n## ${manifest.version}\n`)) fail(`web/package/CHANGELOG.md has no "## ${manifest.version}" section`);

const assets = new Map(); // path in the package -> bytes
for (const name of filesUnder(webDir)) assets.set(name, readFileSync(join(webDir, name)));
for (const name of ['leadscore.d.ts', 'wasm.d.ts', 'README.md', 'CHANGELOG.md']) {
  assets.set(name, readFileSync(join(root, 'web/package', name)));
}
for (const name of ['config.schema.json', 'forward.schema.json']) {
  assets.set(`schema/${name}`, readFileSync(join(root, 'schema', name)));
}
// Every file the exports name must be in the package: a missing one is a broken import for a site.
const exported = Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
for (const target of [...exported, manifest.main, manifest.types]) {
  const name = target.replace(/^\.\//, '');
  if (name !== 'package.json' && !assets.has(name)) fail(`${target} is exported but ${name} is not in ${relative(root, webDir)} or web/package`);
}
manifest.files = [...new Set([...assets.keys()].map((name) => name.split('/')[0]))].sort();
assets.set('package.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));

mkdirSync(outDir, { recursive: true });
for (const name of filesUnder(outDir)) {
  if (!assets.has(name)) rmSync(join(outDir, name), { force: true });
}
for (const [name, bytes] of assets) {
  const path = join(outDir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeIfChanged(path, bytes);
}
console.log(`package: ${manifest.name}@${manifest.version} -> ${args.out} (${assets.size} files)`);
