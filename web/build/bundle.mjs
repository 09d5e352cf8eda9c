// Assembles build/web/: the page script (web/leadscore.js and everything it imports, or only
// web/engine.js while there is no page script) as one minified ES module, leadscore.js, beside
// the wasm core it loads from its own URL and the chunks it imports only when a page needs them
// (leadscore-<module>.js: observers for markup a page may not have, the gate, the reveal.js and
// PDF.js adapters). Files are rewritten only when their bytes change, and anything else in the
// output directory is removed, so build/web/ is exactly what a site copies.
//
// usage: node web/build/bundle.mjs --core DIR_WITH_leadscore-core.{mjs,wasm} --out DIR
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BROWSER_BUNDLE, requiredOptions, writeIfChanged } from './common.mjs';

const CORE_GLUE = 'leadscore-core.mjs';
const CORE_WASM = 'leadscore-core.wasm';
const ENTRY_OUTPUT = 'leadscore.js';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = requiredOptions('node web/build/bundle.mjs --core DIR --out DIR', ['core', 'out']);
const coreDir = resolve(args.core);
const outDir = resolve(args.out);
for (const file of [CORE_GLUE, CORE_WASM]) {
  if (!existsSync(join(coreDir, file))) {
    console.error(`bundle: ${join(coreDir, file)} is missing: build the wasm core first`);
    process.exit(1);
  }
}

const entry = join(webDir, 'leadscore.js');

// engine.js imports the core's glue as './leadscore-core.mjs'; it is a build product, so it is
// taken from the wasm build directory instead of web/.
const coreGluePlugin = {
  name: 'leadscore-core',
  setup(context) {
    context.onResolve({ filter: /^\.\/leadscore-core\.mjs$/ }, () => ({ path: join(coreDir, CORE_GLUE) }));
  },
};

const result = await build({
  ...BROWSER_BUNDLE,
  entryPoints: [entry],
  splitting: true,
  outdir: outDir,
  entryNames: 'leadscore',
  // Names without a hash, like leadscore.js and the wasm beside it, so that a page can preload the
  // chunks its markup needs (docs/page-script.md): the folder is one release, served as a whole.
  chunkNames: 'leadscore-[name]',
  plugins: [coreGluePlugin],
});
const assets = new Map([[CORE_WASM, readFileSync(join(coreDir, CORE_WASM))]]);
for (const file of result.outputFiles) assets.set(relative(outDir, file.path), Buffer.from(file.contents));
if (!assets.has(ENTRY_OUTPUT)) {
  console.error(`bundle: esbuild produced no ${ENTRY_OUTPUT}`);
  process.exit(1);
}

mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(outDir)) {
  if (!assets.has(name)) rmSync(join(outDir, name), { recursive: true, force: true });
}
for (const [name, bytes] of assets) writeIfChanged(join(outDir, name), bytes);
console.log(`bundle: ${entry.slice(webDir.length + 1)} -> ${join(args.out, ENTRY_OUTPUT)} (+ ${CORE_WASM}, ${assets.size - 2} chunks)`);
