// Checks a config or a forwarding file against the shipped JSON Schemas (schema/) with ajv, and
// turns ajv's errors into the core's JSON paths ($.engagement.rules[0].points), each at the key it
// concerns: a missing key, an unknown key or a key a rule's type does not allow is reported at
// that key, not at the object holding it. Used by the schema suite and the demo's editor tests.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;

const schemaDir = new URL('../../schema/', import.meta.url);
export const configSchema = JSON.parse(readFileSync(new URL('config.schema.json', schemaDir), 'utf8'));
export const forwardSchema = JSON.parse(readFileSync(new URL('forward.schema.json', schemaDir), 'utf8'));

// strict: an unknown keyword or a malformed schema fails the compile instead of passing silently.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
export const validateConfig = ajv.compile(configSchema);
export const validateForward = ajv.compile(forwardSchema);

const IDENTIFIER = /^[A-Za-z_-][A-Za-z0-9_-]*$/;

/** A JSON pointer (/engagement/rules/0) as the core writes the path ($.engagement.rules[0]). */
export function corePath(pointer, key) {
  const parts = pointer === '' ? [] : pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (key !== undefined) parts.push(key);
  let path = '$';
  for (const part of parts) {
    if (/^\d+$/.test(part)) path += `[${part}]`;
    else if (IDENTIFIER.test(part)) path += `.${part}`;
    else path += `[${JSON.stringify(part)}]`;
  }
  return path;
}

/** The core-style paths of ajv's errors, each at the key concerned. */
export function errorPaths(errors) {
  const paths = new Set();
  for (const error of errors || []) {
    const { params } = error;
    if (error.keyword === 'required') paths.add(corePath(error.instancePath, params.missingProperty));
    else if (error.keyword === 'additionalProperties') paths.add(corePath(error.instancePath, params.additionalProperty));
    else if (error.keyword === 'dependentRequired') paths.add(corePath(error.instancePath, params.missingProperty));
    else if (error.keyword === 'propertyNames') paths.add(corePath(error.instancePath, params.propertyName));
    else if (error.keyword !== 'if' && !error.propertyName) paths.add(corePath(error.instancePath));
  }
  return paths;
}
