// The schemas as VS Code uses them: vscode-json-languageservice (the JSON support inside VS Code)
// loads the schema a file names in "$schema", relative to the file, and must validate it with
// errors at the right text and complete keys, rule kinds, fit ops and destination types.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { exampleConfigs } from '../support/example_configs.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const service = getLanguageService({
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
  schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), 'utf8'),
});

/** A document at `path` in the repository (only its URI: its text is given). */
function documentAt(path, text) {
  return TextDocument.create(pathToFileURL(join(root, path)).href, 'json', 1, text);
}

/** The diagnostics VS Code shows, as [the text marked, message]. */
async function diagnostics(document) {
  const found = await service.doValidation(document, service.parseJSONDocument(document), { schemaValidation: 'error' });
  return found.map((diagnostic) => [document.getText(diagnostic.range), diagnostic.message]);
}

/** The labels VS Code offers at the first `marker` in the text (the marker is removed). */
async function completionsAt(path, textWithMarker, marker = '|') {
  const offset = textWithMarker.indexOf(marker);
  const document = documentAt(path, textWithMarker.replace(marker, ''));
  const list = await service.doComplete(document, document.positionAt(offset), service.parseJSONDocument(document));
  return list.items.map((item) => item.label.replace(/^"|"$/g, ''));
}

/** A config's text with "$schema" naming the shipped schema from `path`. */
function withSchema(path, config, schemaFile = 'config.schema.json') {
  const depth = path.split('/').length - 1;
  return JSON.stringify({ $schema: `${'../'.repeat(depth)}schema/${schemaFile}`, ...config }, null, 2);
}

describe('the config schema in VS Code', () => {
  test('raises nothing on the shipped and example configs', async () => {
    for (const [path, text] of exampleConfigs()) {
      const config = JSON.parse(text);
      delete config.$schema;
      assert.deepEqual(await diagnostics(documentAt(path, withSchema(path, config))), [], path);
    }
  });

  test('marks each mistake at its text', async () => {
    const path = 'examples/broken.json';
    const text = withSchema(path, {
      version: 1,
      thresholds: { mql: 10 },
      engagement: { rules: [{ id: 'a', on: 'page_view', where: { deck: 'tour' }, points: 'ten' }] },
      fit: { rules: [{ id: 'b', field: 'email', op: 'corporate_email' }] },
      submit: { format: 'csv' },
    });
    const marked = (await diagnostics(documentAt(path, text))).map(([at]) => at);
    for (const expected of ['"deck"', '"ten"', '"corporate_email"', '"csv"']) {
      assert.ok(marked.includes(expected), `${expected} is marked; marks: ${marked.join(', ')}`);
    }
  });

  test('completes the keys of the config, the rule kinds and the fit ops', async () => {
    const path = 'examples/new.json';
    const head = withSchema(path, {}).slice(0, -2);
    const topKeys = await completionsAt(path, `${head},\n  |\n}`);
    for (const key of ['version', 'thresholds', 'engagement', 'fit', 'gates', 'qualify', 'submit']) assert.ok(topKeys.includes(key), topKeys.join(' '));
    const kinds = await completionsAt(path, `${head}, "engagement": { "rules": [ { "id": "a", "on": |, "points": 1 } ] } }`);
    assert.deepEqual(kinds.sort(), ['click', 'consent', 'content_view', 'custom', 'deck_complete', 'download', 'form_start', 'form_submit', 'form_view', 'page_view', 'slide_view', 'visit']);
    const ops = await completionsAt(path, `${head}, "fit": { "rules": [ { "id": "a", "field": "email", "op": | } ] } }`);
    assert.ok(ops.includes('business_email') && ops.includes('domain_in'), ops.join(' '));
  });
});

describe('the forwarding schema in VS Code', () => {
  test('raises nothing on the shipped forwarding file, marks a plain-http URL and completes destination types', async () => {
    const path = 'examples/forward.json';
    assert.deepEqual(await diagnostics(documentAt(path, readFileSync(join(root, path), 'utf8'))), []);
    const config = JSON.parse(readFileSync(join(root, path), 'utf8'));
    config.destinations[0].url = 'http://hooks.example.com/leads';
    const marked = (await diagnostics(documentAt(path, JSON.stringify(config, null, 2)))).map(([at]) => at);
    assert.deepEqual(marked, ['"http://hooks.example.com/leads"']);
    const types = await completionsAt(path, '{ "$schema": "../schema/forward.schema.json", "destinations": [ { "id": "x", "type": | } ] }');
    assert.deepEqual(types.sort(), ['hubspot', 'salesforce', 'slack', 'webhook']);
  });
});
