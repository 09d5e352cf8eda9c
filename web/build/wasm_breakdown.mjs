// Attributes a wasm module's code and data to the parts of the program they come from, raw and
// gzip -9 (each part compressed alone, so the parts add up to a little more than the whole).
// Needs function names: link with --profiling-funcs (cmake -DLEADSCORE_WASM_PROFILE=ON).
//
// usage: node web/build/wasm_breakdown.mjs FILE.wasm [--top N]   (--top: also the N largest functions)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const SECTION = { custom: 0, import: 2, code: 10, data: 11 };

// First match wins: the order puts specific libraries before the catch-alls.
const PARTS = [
  ['nlohmann/json (parse, DOM, dump)', /nlohmann/],
  ['core: config parser (inlined by LTO into the export that opens a session)', /leadscore_session_new|SessionAdapter::SessionAdapter/],
  ['core (scoring, events, payload)', /leadscore/],
  ['libc: strtod', /strtod|scanexp|__shgetc|__shlim|__floatscan|strtox|decfloat|hexfloat|__intscan/],
  ['libc: long double (for printf %g and strtod)', /^[a-z_]+(tf[23]|tf2|l)$|__multi3|__lshrti3|__ashlti3/],
  ['libc: printf', /printf|^fmt_|^pop_arg$|^out$|^pad|__towrite|__fwritex|sn_write|^getint$|frexp|wctomb|wcrtomb/],
  ['emmalloc', /malloc|^free$|claim_more|attempt_allocate|emmalloc|sbrk|memalign|operator new|operator delete/],
  ['libc++ (strings, containers, algorithms)', /std::/],
  ['other (libc, C++ ABI, runtime)', /./],
];

function readLeb(bytes, offset) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[offset++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return [value, offset];
  }
}

function sections(bytes) {
  const found = new Map();
  for (let offset = 8; offset < bytes.length;) {
    const id = bytes[offset++];
    const [size, start] = readLeb(bytes, offset);
    if (!found.has(id)) found.set(id, []);
    found.get(id).push({ start, size });
    offset = start + size;
  }
  return found;
}

function importedFunctionCount(bytes, { start }) {
  let [count, offset] = readLeb(bytes, start);
  let functions = 0;
  const skipLimits = () => {
    const flags = bytes[offset++];
    [, offset] = readLeb(bytes, offset);
    if (flags & 1) [, offset] = readLeb(bytes, offset);
  };
  while (count--) {
    for (let name = 0; name < 2; name++) {
      const [length, next] = readLeb(bytes, offset);
      offset = next + length;
    }
    const kind = bytes[offset++];
    if (kind === 0) { [, offset] = readLeb(bytes, offset); functions++; }
    else if (kind === 1) { offset++; skipLimits(); }
    else if (kind === 2) skipLimits();
    else if (kind === 3) offset += 2;
  }
  return functions;
}

function functionNames(bytes, customSections) {
  const names = new Map();
  for (const { start, size } of customSections) {
    let [length, offset] = readLeb(bytes, start);
    if (Buffer.from(bytes.subarray(offset, offset + length)).toString() !== 'name') continue;
    offset += length;
    while (offset < start + size) {
      const kind = bytes[offset++];
      const [subsectionSize, body] = readLeb(bytes, offset);
      if (kind === 1) {
        let [count, cursor] = readLeb(bytes, body);
        while (count--) {
          let index;
          [index, cursor] = readLeb(bytes, cursor);
          [length, cursor] = readLeb(bytes, cursor);
          names.set(index, Buffer.from(bytes.subarray(cursor, cursor + length)).toString());
          cursor += length;
        }
      }
      offset = body + subsectionSize;
    }
  }
  return names;
}

const { values: options, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' } } });
const file = positionals[0];
const top = Number(options.top || 0);
if (!file || !Number.isInteger(top) || top < 0) {
  console.error('usage: node web/build/wasm_breakdown.mjs FILE.wasm [--top N]');
  process.exit(2);
}
const bytes = readFileSync(file);
const found = sections(bytes);
const names = functionNames(bytes, found.get(SECTION.custom) || []);
if (names.size === 0) {
  console.error(`${file} has no function names: link it with --profiling-funcs (-DLEADSCORE_WASM_PROFILE=ON)`);
  process.exit(1);
}
const imported = importedFunctionCount(bytes, found.get(SECTION.import)[0]);

const indices = [...names.keys()];
const demangled = execFileSync('c++filt', { input: indices.map((index) => names.get(index)).join('\n') })
  .toString().split('\n');
const readable = new Map(indices.map((index, position) => [index, demangled[position]]));

const parts = new Map(PARTS.map(([part]) => [part, []]));
const functions = [];
const code = found.get(SECTION.code)[0];
let [count, offset] = readLeb(bytes, code.start);
for (let index = imported; count--; index++) {
  const [size, body] = readLeb(bytes, offset);
  const name = readable.get(index) || '';
  const [part] = PARTS.find(([, pattern]) => pattern.test(name));
  parts.get(part).push(bytes.subarray(offset, body + size));
  functions.push({ name, raw: body + size - offset });
  offset = body + size;
}
const data = found.get(SECTION.data)[0];
parts.set('data (strings, tables)', [bytes.subarray(data.start, data.start + data.size)]);

const rows = [...parts].map(([part, chunks]) => {
  const joined = Buffer.concat(chunks);
  return { part, raw: joined.length, gzip: joined.length ? gzipSync(joined, { level: 9 }).length : 0 };
}).filter((row) => row.raw > 0).sort((a, b) => b.gzip - a.gzip);
const total = rows.reduce((sum, row) => sum + row.gzip, 0);
console.log('| part | raw B | gzip B | share |\n|---|--:|--:|--:|');
for (const row of rows) {
  console.log(`| ${row.part} | ${row.raw.toLocaleString('en')} | ${row.gzip.toLocaleString('en')} | ${Math.round(100 * row.gzip / total)}% |`);
}
if (top) {
  console.log(`\n| largest functions | raw B |\n|---|--:|`);
  for (const { name, raw } of functions.sort((a, b) => b.raw - a.raw).slice(0, top)) {
    console.log(`| \`${name.slice(0, 110).replace(/\|/g, '\\|')}\` | ${raw.toLocaleString('en')} |`);
  }
}
