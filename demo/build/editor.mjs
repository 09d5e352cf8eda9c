// Bundles the demo's config editor (demo/lab/config-editor.js: CodeMirror 6 and the config's JSON
// Schema) into build/demo/config-editor.js. The schema's validator is compiled here, by ajv, into
// plain code (ajv's standalone output), so the page carries no schema compiler and needs no eval.
//
// usage: node demo/build/editor.mjs --out build/demo
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BROWSER_BUNDLE, requiredOptions, writeIfChanged } from '../../web/build/common.mjs';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const standaloneCode = require('ajv/dist/standalone').default;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = requiredOptions('node demo/build/editor.mjs --out DIR', ['out']);
const outDir = resolve(args.out);
mkdirSync(outDir, { recursive: true });

// The same options as the schema suite (tests/schema/schema_check.mjs), so the editor and the
// test see the same errors.
const schema = JSON.parse(readFileSync(join(root, 'schema/config.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, code: { source: true, esm: true } });
const validatorPath = join(outDir, 'config-validator.mjs');
writeIfChanged(validatorPath, Buffer.from(standaloneCode(ajv, ajv.compile(schema))));

const result = await build({
  ...BROWSER_BUNDLE,
  entryPoints: [join(root, 'demo/lab/config-editor.js')],
  plugins: [{
    name: 'config-validator',
    setup(context) {
      context.onResolve({ filter: /^leadscore-config-validator$/ }, () => ({ path: validatorPath }));
    },
  }],
});
const bytes = Buffer.from(result.outputFiles[0].contents);
writeIfChanged(join(outDir, 'config-editor.js'), bytes);
console.log(`editor: demo/lab/config-editor.js -> ${join(args.out, 'config-editor.js')} (${(bytes.length / 1024).toFixed(1)} KB, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzip)`);
