// The configs the project ships, read through one loader so that a removed, renamed or unlisted
// one fails every test that checks them instead of silently dropping out of the check.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The examples in examples/web/, by folder name; each ships its own leadscore.json. */
export const WEB_EXAMPLES = ['plain-html', 'esbuild-typescript', 'reveal-deck', 'pdfjs-whitepaper'];

/** Every shipped config, as a path from the repository root. */
export const EXAMPLE_CONFIG_PATHS = [
  'examples/leadscore.json',
  'demo/leadscore.json',
  ...WEB_EXAMPLES.map((name) => `examples/web/${name}/leadscore.json`),
];

/**
 * Every shipped config as [path, JSON text]. Throws naming the file when a listed config is
 * missing, and naming the folder when examples/web/ holds an example this list does not know.
 */
export function exampleConfigs() {
  const folders = readdirSync(join(ROOT, 'examples/web'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const unlisted = folders.filter((name) => !WEB_EXAMPLES.includes(name));
  if (unlisted.length) {
    throw new Error(`examples/web/${unlisted[0]} is not listed in tests/support/example_configs.mjs WEB_EXAMPLES`);
  }
  return EXAMPLE_CONFIG_PATHS.map((path) => [path, readFileSync(join(ROOT, path), 'utf8')]);
}
