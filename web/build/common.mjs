// What the build scripts share: esbuild's options for code that runs in a page, their command
// line (required --NAME VALUE options), and writing only the files whose bytes change.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** esbuild's options for one minified ES module for the browsers the page script supports. */
export const BROWSER_BUNDLE = {
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2020',
  platform: 'browser',
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
};

/** The values of the --NAME VALUE options `names`, each required: without one, prints `usage` and exits 2. */
export function requiredOptions(usage, names) {
  const options = Object.fromEntries(names.map((name) => [name, { type: 'string' }]));
  const { values } = parseArgs({ options });
  if (names.some((name) => !values[name])) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return values;
}

/** Writes `bytes` to `path` unless the file already holds them, so an unchanged output keeps its time. */
export function writeIfChanged(path, bytes) {
  if (!existsSync(path) || !readFileSync(path).equals(bytes)) writeFileSync(path, bytes);
}
