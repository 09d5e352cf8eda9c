// Loads the engine exactly as a site gets it: the bundle in build/web/ (or LEADSCORE_WEB_DIR, as
// for the browser specs), with the wasm bytes read from beside it (Node has no page URL to fetch
// them from).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const webBuild = process.env.LEADSCORE_WEB_DIR || fileURLToPath(new URL('../../build/web/', import.meta.url));
const bundlePath = join(webBuild, 'leadscore.js');
const wasmPath = join(webBuild, 'leadscore-core.wasm');

for (const path of [bundlePath, wasmPath]) {
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/build first`);
}

const bundle = await import(pathToFileURL(bundlePath));
export const { LeadscoreError } = bundle;
export const wasmBinary = readFileSync(wasmPath);

/** createEngine from the bundle, given the wasm bytes. */
export function createEngine(config, options = {}) {
  return bundle.createEngine(config, { wasmBinary, ...options });
}
