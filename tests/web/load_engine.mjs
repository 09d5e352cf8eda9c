// Loads the engine exactly as a site gets it: the bundle in build/web/, with the wasm bytes read
// from beside it (Node has no page URL to fetch them from).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const webBuild = fileURLToPath(new URL('../../build/web/', import.meta.url));
const bundlePath = `${webBuild}leadscore.js`;
const wasmPath = `${webBuild}leadscore-core.wasm`;

for (const path of [bundlePath, wasmPath]) {
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/build first`);
}

const bundle = await import(bundlePath);
export const { LeadscoreError } = bundle;
export const wasmBinary = readFileSync(wasmPath);

/** createEngine from the bundle, given the wasm bytes. */
export function createEngine(config, options = {}) {
  return bundle.createEngine(config, { wasmBinary, ...options });
}
