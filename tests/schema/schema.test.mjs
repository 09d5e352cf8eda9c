// The JSON Schemas (schema/) against the core's validator: every shipped, demo, test and vector
// config, and every forwarding file, goes through both, and both must give the same verdict. The
// core may refuse more only for reasons no schema can express (a value compared with another
// value, a set environment variable); the schema may never refuse what the core accepts. For the
// vectors that name the core's error paths, the schema reports an error at each expressible one.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { baseConfig } from '../browser/support/configs.mjs';
import { exampleConfigs } from '../support/example_configs.mjs';
import { configSchema, errorPaths, forwardSchema, validateConfig, validateForward } from './schema_check.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = process.env.LEADSCORE_CLI || join(root, 'build/native/leadscore');
if (!existsSync(cli)) throw new Error(`${cli} is missing: run scripts/build native first`);

const scratch = mkdtempSync(join(tmpdir(), 'leadscore-schema-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Refusals the core makes that a JSON Schema cannot express: values compared with each other,
// uniqueness of one key across array elements, and the collector's environment. A name listed
// twice is `uniqueItems`, which a schema reports at the array, not at the repeated element.
const INEXPRESSIBLE = [
  / is listed twice$/,
  /has the same value as ".*"; values must differ$/,
  /^duplicate (rule|gate|destination) id /,
  /^qualify\.stage ".*" is not a threshold$/,
  /^gte must not be greater than lte$/,
  /^low must not be greater than high$/,
  /^must be at least initialMs$/,
  /the environment variable \S+ is not set$/,
  /^the config holds more than \d+ values$/, // a total over every array and object
];

let fileCount = 0;

// Runs of the CLI at once: each mostly waits for the process to start.
const PARALLEL_RUNS = 8;
let running = 0;
const waiting = [];

function run(args, env) {
  return new Promise((resolve) => {
    const start = () => {
      running += 1;
      execFile(cli, args, { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } }, (error, stdout, stderr) => {
        running -= 1;
        if (waiting.length) waiting.shift()();
        resolve({ status: error ? error.code : 0, stderr });
      });
    };
    if (running < PARALLEL_RUNS) start();
    else waiting.push(start);
  });
}

/** The core's verdict on a file: { ok, errors: [{ path, message }] }. */
async function coreVerdict(args, text, env = {}) {
  const file = join(scratch, `input-${fileCount++}.json`);
  writeFileSync(file, text);
  const { status, stderr } = await run([...args, file], env);
  assert.ok(status === 0 || status === 2, `leadscore ${args.join(' ')} exited ${status}: ${stderr}`);
  const errors = stderr.split('\n').filter(Boolean).map((line) => {
    const rest = line.slice(file.length + 2);
    const split = rest.search(/: /);
    return { path: rest.slice(0, split), message: rest.slice(split + 2) };
  });
  return { ok: status === 0, errors };
}

/** The schema's verdict on JSON text: text that is not JSON is refused, as the core refuses it. */
function schemaVerdict(validate, text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, paths: new Set(['$']) };
  }
  const ok = validate(value);
  return { ok, paths: errorPaths(validate.errors), errors: validate.errors };
}

/** Both verdicts on one file, and the rules they must keep. */
async function checkSame(name, validate, args, text, env) {
  const core = await coreVerdict(args, text, env);
  const schema = schemaVerdict(validate, text);
  if (core.ok) {
    assert.ok(schema.ok, `${name}: the core accepts it, the schema refuses it: ${JSON.stringify(schema.errors, null, 1)}`);
    return { core, schema };
  }
  const expressible = core.errors.filter(({ message }) => !INEXPRESSIBLE.some((pattern) => pattern.test(message)));
  if (expressible.length) {
    assert.ok(!schema.ok, `${name}: the core refuses it (${expressible.map((e) => `${e.path}: ${e.message}`).join('; ')}), the schema accepts it`);
  }
  return { core, schema, expressible };
}

function readJson(path) {
  return readFileSync(join(root, path), 'utf8');
}

// Every config the project ships, demonstrates or tests with, as [name, JSON text].
function shippedConfigs() {
  const configs = [
    ...exampleConfigs(),
    ['tests/browser/fixtures/site-config.json', readJson('tests/browser/fixtures/site-config.json')],
    ['tests/cli/fixtures/invalid_config.json', readJson('tests/cli/fixtures/invalid_config.json')],
    ['tests/cli/fixtures/not_json.json', readJson('tests/cli/fixtures/not_json.json')],
    ['tests/browser/support/configs.mjs baseConfig()', JSON.stringify(baseConfig())],
  ];
  // The docs' complete configs (a JSON block with a version is a whole config).
  for (const [index, block] of jsonBlocks('docs/config.md').entries()) {
    if (/"version"/.test(block)) configs.push([`docs/config.md json block ${index + 1}`, block]);
  }
  return configs;
}

function jsonBlocks(path) {
  return [...readJson(path).matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]);
}

function vectors() {
  const dir = join(root, 'tests/vectors');
  return readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => [name, JSON.parse(readFileSync(join(dir, name), 'utf8'))]);
}

describe('the config schema', () => {
  test('is a draft 2020-12 schema with a description and an example on every key', () => {
    assert.equal(configSchema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(undocumentedKeys(configSchema), []);
  });

  test('gives the core\'s verdict on every shipped, demo and test config', async () => {
    const configs = shippedConfigs();
    assert.ok(configs.length >= 7, `only ${configs.length} configs found`);
    const verdicts = await Promise.all(configs.map(([name, text]) => checkSame(name, validateConfig, ['validate'], text)));
    const refused = verdicts.filter(({ core }) => !core.ok).length;
    assert.ok(refused >= 2, 'the refused fixtures were refused');
  });

  test('gives the core\'s verdict on every vector\'s config, with an error at each expressible path', async () => {
    let refused = 0;
    const all = vectors();
    const verdicts = await Promise.all(all.map(([name, vector]) => checkSame(name, validateConfig, ['validate'], JSON.stringify(vector.config))));
    for (const [index, [name, vector]] of all.entries()) {
      const { core, schema, expressible } = verdicts[index];
      assert.equal(core.ok, !vector.expect.configErrors, `${name}: the core's verdict is the vector's`);
      if (core.ok) continue;
      refused += 1;
      for (const { path, message } of expressible) {
        assert.ok(schema.paths.has(path), `${name}: the core refuses ${path} (${message}); the schema's errors are at ${[...schema.paths].join(', ')}`);
      }
    }
    assert.ok(refused >= 10, `${refused} config-error vectors`);
  });

  // Each case breaks one rule the core enforces; the schema must refuse it, at the same key.
  const refusals = {
    'version 2': { version: 2 },
    'an unknown top-level key': { scoring: {} },
    'no thresholds': { thresholds: undefined },
    'empty thresholds': { thresholds: {} },
    'a threshold named visitor': { thresholds: { visitor: 10, mql: 30 } },
    'a string threshold': { thresholds: { mql: '30' } },
    'a negative half-life': { decay: { halfLifeDays: -1 } },
    'an engagement cap of 0': { engagement: { cap: 0 } },
    'an unknown event type': { engagement: { rules: [{ id: 'x', on: 'scroll', points: 1 }] } },
    'a where key for another event type': { engagement: { rules: [{ id: 'x', on: 'page_view', where: { deck: 'tour' }, points: 1 }] } },
    'a where key on a consent rule': { engagement: { rules: [{ id: 'x', on: 'consent', where: { name: 'x' }, points: 1 }] } },
    'minMs on a page_view rule': { engagement: { rules: [{ id: 'x', on: 'page_view', minMs: 10, points: 1 }] } },
    'a fit key on an engagement rule': { engagement: { rules: [{ id: 'x', on: 'page_view', op: 'exists', points: 1 }] } },
    'maxTimes 0': { engagement: { rules: [{ id: 'x', on: 'visit', maxTimes: 0, points: 1 }] } },
    'a maxEvents no 64-bit integer holds': { submit: { maxEvents: 1e19 } },
    'a fractional minMs': { engagement: { rules: [{ id: 'x', on: 'slide_view', minMs: 1.5, points: 1 }] } },
    'an empty range': { engagement: { rules: [{ id: 'x', on: 'visit', where: { nth: {} }, points: 1 }] } },
    'an empty glob': { engagement: { rules: [{ id: 'x', on: 'page_view', where: { path: '' }, points: 1 }] } },
    'a rule without points': { engagement: { rules: [{ id: 'x', on: 'visit' }] } },
    'an unknown fit op': { fit: { rules: [{ id: 'x', field: 'email', op: 'matches', value: 'a' }] } },
    'a value for business_email': { fit: { rules: [{ id: 'x', field: 'email', op: 'business_email', value: 'a' }] } },
    'no value for gte': { fit: { rules: [{ id: 'x', field: 'size', op: 'gte' }] } },
    'a string for gte': { fit: { rules: [{ id: 'x', field: 'size', op: 'gte', value: '200' }] } },
    'three numbers for between': { fit: { rules: [{ id: 'x', field: 'size', op: 'between', value: [1, 2, 3] }] } },
    'a boolean for equals': { fit: { rules: [{ id: 'x', field: 'size', op: 'equals', value: true }] } },
    'an engagement key on a fit rule': { fit: { rules: [{ id: 'x', field: 'email', op: 'exists', maxTimes: 1 }] } },
    'a completeRatio above 1': { decks: { tour: { completeRatio: 1.5 } } },
    'a gate with a deck and content': { gates: [{ id: 'g', form: 'lead', deck: 'tour', atSlide: 2, content: 'paper' }] },
    'a gate with neither': { gates: [{ id: 'g', form: 'lead' }] },
    'a deck gate without atSlide': { gates: [{ id: 'g', form: 'lead', deck: 'tour' }] },
    'a content gate with atSlide': { gates: [{ id: 'g', form: 'lead', content: 'paper', atSlide: 2 }] },
    'an empty qualify stage': { qualify: { stage: '' } },
    'a minVisibleRatio of 0': { content: { minVisibleRatio: 0 } },
    'an idleMs of 0': { content: { idleMs: 0 } },
    'a csv submit format': { submit: { format: 'csv' } },
    'a non-string origin': { submit: { allowedOrigins: [1] } },
    'a non-string $schema': { $schema: 1 },
    'a site of 2049 characters': { site: 'x'.repeat(2049) },
    '1001 allowed origins': { submit: { allowedOrigins: Array.from({ length: 1001 }, (_, i) => `https://${i}.example`) } },
    '1001 thresholds': { thresholds: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`stage${i}`, i])) },
  };
  for (const [name, change] of Object.entries(refusals)) {
    test(`refuses ${name}, as the core does`, async () => {
      const config = { version: 1, thresholds: { mql: 30 }, ...change };
      for (const key of Object.keys(change)) if (change[key] === undefined) delete config[key];
      const { core, schema, expressible } = await checkSame(name, validateConfig, ['validate'], JSON.stringify(config));
      assert.equal(core.ok, false, `${name}: the core refuses it`);
      assert.ok(expressible.length > 0, `${name}: a reason a schema can express`);
      for (const { path } of expressible) assert.ok(schema.paths.has(path), `${name}: an error at ${path}; the schema's are at ${[...schema.paths].join(', ')}`);
    });
  }

  test('accepts what only the core can refuse, and nothing else of it', async () => {
    const onlyCore = [
      { version: 1, thresholds: { mql: 30, sql: 30 } },
      { version: 1, thresholds: { sql: 80 } },
      { version: 1, thresholds: { mql: 30 }, engagement: { rules: [{ id: 'a', on: 'visit', points: 1 }, { id: 'a', on: 'visit', points: 2 }] } },
      { version: 1, thresholds: { mql: 30 }, engagement: { rules: [{ id: 'a', on: 'visit', where: { nth: { gte: 3, lte: 2 } }, points: 1 }] } },
      { version: 1, thresholds: { mql: 30 }, fit: { rules: [{ id: 'a', field: 'size', op: 'between', value: [9, 1] }] } },
    ];
    for (const config of onlyCore) {
      const { core, schema, expressible } = await checkSame(JSON.stringify(config), validateConfig, ['validate'], JSON.stringify(config));
      assert.equal(core.ok, false);
      assert.deepEqual(expressible, []);
      assert.equal(schema.ok, true);
    }
  });
});

describe('the forwarding schema', () => {
  const environment = (text) => {
    const env = {};
    for (const match of text.matchAll(/"(?:secretEnv|urlEnv)"\s*:\s*"([^"]+)"/g)) env[match[1]] = 'https://hooks.example.com/x';
    return env;
  };
  const check = async (name, text) => checkSame(name, validateForward, ['validate', '--forward'], text, environment(text));

  test('is a draft 2020-12 schema with a description and an example on every key', () => {
    assert.equal(forwardSchema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(undocumentedKeys(forwardSchema), []);
  });

  test('gives the core\'s verdict on the shipped, documented and demo forwarding files', async () => {
    const files = [['examples/forward.json', readJson('examples/forward.json')]];
    for (const [index, block] of jsonBlocks('docs/forwarding.md').entries()) {
      if (/"destinations"/.test(block)) files.push([`docs/forwarding.md json block ${index + 1}`, block]);
    }
    const demo = readJson('scripts/demo').match(/forward\.json" <<JSON\n([\s\S]*?)\nJSON/);
    assert.ok(demo, 'scripts/demo writes a forwarding file');
    files.push(['scripts/demo forward.json', demo[1].replace('$receiver_port', '8081')]);
    for (const [name, text] of files) {
      const { core } = await check(name, text);
      assert.ok(core.ok, `${name}: ${JSON.stringify(core.errors)}`);
    }
  });

  const cases = {
    'no destinations': { ok: false, file: {} },
    'an empty list': { ok: false, file: { destinations: [] } },
    'an unknown key': { ok: false, file: { destinations: [{ id: 'c', type: 'slack', urlEnv: 'S' }], extra: 1 } },
    'an id with a slash': { ok: false, file: { destinations: [{ id: 'a/b', type: 'slack', urlEnv: 'S' }] } },
    'a 65-character id': { ok: false, file: { destinations: [{ id: 'x'.repeat(65), type: 'slack', urlEnv: 'S' }] } },
    'an unknown type': { ok: false, file: { destinations: [{ id: 'c', type: 'teams', url: 'https://a.example/x' }] } },
    'a webhook without a secret': { ok: false, file: { destinations: [{ id: 'c', type: 'webhook', url: 'https://a.example/x' }] } },
    'url and urlEnv together': { ok: false, file: { destinations: [{ id: 'c', type: 'slack', url: 'https://a.example/x', urlEnv: 'S' }] } },
    'neither url nor urlEnv': { ok: false, file: { destinations: [{ id: 'c', type: 'slack' }] } },
    'plain http to another host': { ok: false, file: { destinations: [{ id: 'c', type: 'slack', url: 'http://a.example/x' }] } },
    'plain http to a look-alike of localhost': { ok: false, file: { destinations: [{ id: 'c', type: 'slack', url: 'http://localhost.example/x' }] } },
    'an https URL without a host': { ok: false, file: { destinations: [{ id: 'c', type: 'slack', url: 'https:///x' }] } },
    'plain http to 127.0.0.1': { ok: true, file: { destinations: [{ id: 'c', type: 'slack', url: 'http://127.0.0.1:9/x' }] } },
    'a key of another type': { ok: false, file: { destinations: [{ id: 'c', type: 'slack', urlEnv: 'S', secretEnv: 'H' }] } },
    'hubspot without formGuid': { ok: false, file: { destinations: [{ id: 'h', type: 'hubspot', portalId: '1' }] } },
    'an empty field map': { ok: false, file: { destinations: [{ id: 'h', type: 'hubspot', portalId: '1', formGuid: 'g', fieldMap: {} }] } },
    'an unknown lead value': { ok: false, file: { destinations: [{ id: 'h', type: 'hubspot', portalId: '1', formGuid: 'g', fieldMap: { $total: 'x' } }] } },
    'a mapped $score': { ok: true, file: { destinations: [{ id: 's', type: 'salesforce', oid: '00D', fieldMap: { $score: '00N1', email: 'email' } }] } },
    'salesforce without oid': { ok: false, file: { destinations: [{ id: 's', type: 'salesforce' }] } },
    'a retry wait over a day': { ok: false, file: { destinations: [{ id: 'c', type: 'slack', urlEnv: 'S' }], retry: { maxMs: 86400001 } } },
    '1001 attempts': { ok: false, file: { destinations: [{ id: 'c', type: 'slack', urlEnv: 'S' }], retry: { maxAttempts: 1001 } } },
    'a fractional wait': { ok: false, file: { destinations: [{ id: 'c', type: 'slack', urlEnv: 'S' }], retry: { initialMs: 1.5 } } },
    'a $schema': { ok: true, file: { $schema: '../schema/forward.schema.json', destinations: [{ id: 'c', type: 'slack', urlEnv: 'S' }] } },
  };
  for (const [name, { ok, file }] of Object.entries(cases)) {
    test(`${ok ? 'accepts' : 'refuses'} ${name}, as the core does`, async () => {
      const { core, schema, expressible } = await check(name, JSON.stringify(file));
      assert.equal(core.ok, ok, `${name}: the core's verdict: ${JSON.stringify(core.errors)}`);
      assert.equal(schema.ok, ok);
      for (const { path } of expressible || []) assert.ok(schema.paths.has(path), `${name}: an error at ${path}; the schema's are at ${[...schema.paths].join(', ')}`);
    });
  }

  test('leaves to the core only what it cannot see: other values and the environment', async () => {
    const text = JSON.stringify({ destinations: [{ id: 'c', type: 'slack', urlEnv: 'UNSET_FOR_THIS_TEST' }, { id: 'c', type: 'slack', urlEnv: 'UNSET_FOR_THIS_TEST' }], retry: { initialMs: 500, maxMs: 100 } });
    const { core, schema, expressible } = await checkSame('only the core', validateForward, ['validate', '--forward'], text, {});
    assert.equal(core.ok, false);
    assert.deepEqual(expressible, []);
    assert.equal(core.errors.length, 4, JSON.stringify(core.errors));
    assert.equal(schema.ok, true);
  });
});

// Paths of the keys a schema defines without a description or an example (examples, enum,
// const or default count as one), so an editor's hover and completion have something to show.
function undocumentedKeys(schema) {
  const missing = [];
  const visit = (node, path) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, property] of Object.entries(node.properties || {})) {
      if (property === false) continue;
      const resolved = property.$ref ? { ...resolve(schema, property.$ref), ...property } : property;
      const documented = resolved.description && (resolved.examples || 'const' in resolved || resolved.enum);
      if (!documented && !isConditional(path)) missing.push(`${path}/${key}`);
      visit(property, `${path}/${key}`);
    }
    for (const keyword of ['items', 'additionalProperties', 'then', 'else', 'if']) {
      if (node[keyword] && typeof node[keyword] === 'object') visit(node[keyword], `${path}/${keyword}`);
    }
    for (const keyword of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
      for (const [index, sub] of (node[keyword] || []).entries()) visit(sub, `${path}/${keyword}/${index}`);
    }
    for (const [name, sub] of Object.entries(node.$defs || {})) visit(sub, `${path}/$defs/${name}`);
  };
  visit(schema, '#');
  return missing;
}

// Properties under if/then/else restate keys defined (and documented) on the object itself.
function isConditional(path) {
  return /\/(if|then|else)(\/|$)/.test(path);
}

function resolve(schema, ref) {
  return ref.slice(2).split('/').reduce((node, part) => node[part], schema);
}
