// The config editor's text area: CodeMirror 6 with JSON highlighting, the config's JSON Schema for
// inline errors and completion, and a way to mark any JSON path (the core's errors) at its key.
// Bundled with CodeMirror and the schema's precompiled validator into build/demo/ by
// demo/build/editor.mjs; demo/lab/editor.js drives it.
import { autocompletion, closeBrackets, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { findNodeAtLocation, getLocation, getNodeValue, parseTree } from 'jsonc-parser';
import schema from '../../schema/config.schema.json';
import validateSchema from 'leadscore-config-validator';

/** Splits a core path ($.engagement.rules[0]["odd key"]) into segments. */
export function pathSegments(path) {
  const segments = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let match;
  while ((match = pattern.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]));
  }
  return segments;
}

/** Segments as the core writes the path: $.engagement.rules[0]["odd key"]. */
export function pathOf(segments) {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (/^[A-Za-z_-][A-Za-z0-9_-]*$/.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** A JSON pointer (/engagement/rules/0) as segments. */
function pointerSegments(pointer, key) {
  const parts = pointer === '' ? [] : pointer.slice(1).split('/').map((part) => {
    const text = part.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(text) ? Number(text) : text;
  });
  if (key !== undefined) parts.push(key);
  return parts;
}

/** The schema's errors for a config value, each as { segments, message }, at the key concerned. */
export function schemaErrors(value) {
  if (validateSchema(value)) return [];
  const errors = [];
  for (const error of validateSchema.errors) {
    const { params } = error;
    if (error.keyword === 'if' || error.propertyName) continue;
    let segments = pointerSegments(error.instancePath);
    let message = error.message;
    if (error.keyword === 'required' || error.keyword === 'dependentRequired') {
      segments = pointerSegments(error.instancePath, params.missingProperty);
      message = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      segments = pointerSegments(error.instancePath, params.additionalProperty);
      message = 'unknown key';
    } else if (error.keyword === 'false schema') {
      message = 'does not apply here';
    } else if (error.keyword === 'enum') {
      message = `expected one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (error.keyword === 'propertyNames') {
      segments = pointerSegments(error.instancePath, params.propertyName);
      message = 'is not allowed as a name here';
    }
    errors.push({ segments, message });
  }
  return errors;
}

/** The text range of a path: its key when it has one, else its value, else its nearest ancestor. */
function rangeOf(tree, segments) {
  // The whole document (text that is not JSON, not an object): its first character.
  if (segments.length === 0) return { from: 0, to: tree ? Math.min(1, tree.length) : 0 };
  for (let length = segments.length; length >= 0; length -= 1) {
    const node = tree && findNodeAtLocation(tree, segments.slice(0, length));
    if (!node) continue;
    const target = node.parent?.type === 'property' ? node.parent.children[0] : node;
    // An ancestor stands in for a missing key: mark only its first character, not all of it.
    const to = length === segments.length ? target.offset + target.length : target.offset + 1;
    return { from: target.offset, to };
  }
  return { from: 0, to: 0 };
}

function resolve(node) {
  let current = node;
  while (current && current.$ref) current = current.$ref.slice(2).split('/').reduce((n, part) => n[part], schema);
  return current;
}

// Does an `if` of the form { required, properties: { key: { const | enum } } } hold for this object?
function holds(condition, value) {
  if (!value || typeof value !== 'object') return false;
  for (const key of condition.required || []) if (!(key in value)) return false;
  for (const [key, rule] of Object.entries(condition.properties || {})) {
    if (!(key in value)) continue;
    if ('const' in rule && value[key] !== rule.const) return false;
    if (rule.enum && !rule.enum.includes(value[key])) return false;
  }
  return true;
}

/** The schemas that apply to a value at this schema node: the node and its matching if/then branches. */
function branches(node, value) {
  const resolved = resolve(node);
  if (!resolved || typeof resolved !== 'object') return [];
  const list = [resolved];
  for (const part of resolved.allOf || []) {
    if (part.if) {
      const branch = holds(part.if, value) ? part.then : part.else;
      if (branch) list.push(...branches(branch, value));
    } else {
      list.push(...branches(part, value));
    }
  }
  if (resolved.if) {
    const branch = holds(resolved.if, value) ? resolved.then : resolved.else;
    if (branch) list.push(...branches(branch, value));
  }
  return list;
}

/** The schema nodes of the value at `segments` in `root` (a parsed config). */
function schemasAt(segments, root) {
  let nodes = [schema];
  let value = root;
  for (const segment of segments) {
    const next = [];
    for (const node of nodes.flatMap((n) => branches(n, value))) {
      if (typeof segment === 'number') {
        if (node.items) next.push(node.items);
      } else if (node.properties && segment in node.properties) {
        next.push(node.properties[segment]);
      } else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        next.push(node.additionalProperties);
      }
    }
    value = value == null ? undefined : value[segment];
    nodes = next.filter((node) => node !== false);
  }
  return { nodes: nodes.flatMap((n) => branches(n, value)), value };
}

/** Completion of keys (with their descriptions) and of enum values such as rule kinds and fit ops. */
function completeFromSchema(context) {
  const text = context.state.doc.toString();
  const location = getLocation(text, context.pos);
  const word = context.matchBefore(/"?[\w$-]*"?/);
  const from = word ? word.from : context.pos;
  // A closing quote the editor inserted after the cursor is part of what a completion replaces.
  const to = word && word.to === context.pos && context.state.sliceDoc(context.pos, context.pos + 1) === '"' && !word.text.endsWith('"') && word.text.startsWith('"')
    ? context.pos + 1 : context.pos;
  if (!context.explicit && (!word || word.from === word.to) && !location.isAtPropertyKey) return null;
  const tree = parseTree(text);
  const root = tree ? getNodeValue(tree) : undefined;
  const quoted = (label) => `"${label}"`;
  if (location.isAtPropertyKey) {
    const { nodes, value } = schemasAt(location.path.slice(0, -1), root);
    const forbidden = new Set(nodes.flatMap((n) => Object.entries(n.properties || {}).filter(([, s]) => s === false).map(([k]) => k)));
    const options = new Map();
    for (const node of nodes) {
      for (const [key, property] of Object.entries(node.properties || {})) {
        if (property === false || forbidden.has(key) || options.has(key)) continue;
        if (value && typeof value === 'object' && key in value && key !== location.path.at(-1)) continue;
        options.set(key, { label: quoted(key), apply: `${quoted(key)}: `, type: 'property', info: resolve(property)?.description || property.description });
      }
    }
    return { from, to, options: [...options.values()], validFor: /^"?[\w$-]*"?$/ };
  }
  const { nodes } = schemasAt(location.path, root);
  const options = new Map();
  for (const node of nodes) {
    for (const candidate of [...(node.enum || []), ...('const' in node ? [node.const] : [])]) {
      const label = JSON.stringify(candidate);
      if (!options.has(label)) options.set(label, { label, type: 'enum', info: node.description });
    }
  }
  if (!options.size) return null;
  return { from, to, options: [...options.values()], validFor: /^"?[\w$-]*"?$/ };
}

/**
 * An editor in `parent` holding `doc`. onChange(text) after every edit. show(problems) marks
 * [{ path (core form) or segments, message, source }] at their keys.
 */
export function createConfigEditor(parent, { doc, label, onChange }) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        json(),
        lintGutter(),
        autocompletion({ override: [completeFromSchema], activateOnTyping: true }),
        keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false', autocapitalize: 'off' }),
        EditorView.updateListener.of((update) => { if (update.docChanged) onChange(update.state.doc.toString()); }),
      ],
    }),
  });

  return {
    view,
    schemaErrors,
    pathOf,
    get text() { return view.state.doc.toString(); },
    set text(value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    },
    /** Marks each problem at its key; returns how many were placed. */
    show(problems) {
      const tree = parseTree(view.state.doc.toString());
      const diagnostics = problems.map(({ path, segments, message, source }) => {
        const range = rangeOf(tree, segments || pathSegments(path || '$'));
        return { ...range, severity: 'error', message, source };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
      view.contentDOM.setAttribute('aria-invalid', problems.length ? 'true' : 'false');
      return diagnostics.length;
    },
  };
}
