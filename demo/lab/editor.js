// The config editor: validates the JSON as the visitor types (by asking the engine itself, so
// the errors are exactly the core's `JSON-path: message`), and hands a valid config to onApply.
// Once the code editor (config-editor.js: CodeMirror with the config's JSON Schema) has loaded,
// it replaces the plain text area, which it keeps in step: errors are then also marked at their
// key as you type, and keys, rule kinds and fit ops complete. Without it, the text area works alone.

const VALIDATE_DELAY_MS = 250;

/**
 * elements: { text, code, status, errors, apply, reset }. original: the site's config text.
 * onApply(configText) may be async; its rejection is shown as an error. loadCodeEditor(): a
 * promise of the config-editor module, mounted in elements.code.
 */
export function createEditor({ createEngine, original, elements, onApply, loadCodeEditor }) {
  let timer = null;
  let generation = 0;
  let validText = null;
  let code = null; // the code editor, once loaded

  const currentText = () => (code ? code.text : elements.text.value);

  function showStatus(message, ok) {
    elements.status.textContent = message;
    elements.status.className = `config-status ${ok ? 'is-ok' : 'is-error'}`;
  }

  function showErrors(lines) {
    elements.errors.replaceChildren(...lines.map((line) => {
      const item = document.createElement('li');
      item.textContent = line;
      return item;
    }));
    elements.text.setAttribute('aria-invalid', lines.length ? 'true' : 'false');
  }

  // Inline marks: the core's errors at their paths, and the schema's where the core has none
  // (the core stops at a broken rule; the schema still checks the rest of it).
  function mark(text, coreLines) {
    if (!code) return;
    const problems = coreLines.map((line) => {
      const split = line.startsWith('$') ? line.indexOf(': ') : -1;
      return split < 0 ? { path: '$', message: line, source: 'leadscore' }
        : { path: line.slice(0, split), message: line.slice(split + 2), source: 'leadscore' };
    });
    let value;
    try { value = JSON.parse(text); } catch { value = undefined; }
    if (value !== undefined) {
      const covered = new Set(problems.map(({ path }) => path));
      for (const problem of code.schemaErrors(value)) {
        const path = code.pathOf(problem.segments);
        if (!covered.has(path)) problems.push({ ...problem, source: 'schema' });
      }
    }
    code.show(problems);
  }

  async function validate() {
    const mine = ++generation;
    const text = currentText();
    let problem = null;
    try {
      const engine = await createEngine(text);
      engine.destroy();
    } catch (error) {
      problem = error;
    }
    if (mine !== generation) return;  // the visitor typed again meanwhile
    if (!problem) {
      validText = text;
      showErrors([]);
      mark(text, []);
      showStatus(text === original ? 'Valid: this is the site\'s config.' : 'Valid. Apply to re-score.', true);
    } else {
      validText = null;
      const lines = problem.errors?.length ? problem.errors : [problem.message];
      showErrors(lines);
      mark(text, lines);
      showStatus(lines.length === 1 ? '1 error' : `${lines.length} errors`, false);
    }
    elements.apply.disabled = validText === null;
  }

  function schedule() {
    clearTimeout(timer);
    elements.apply.disabled = true;
    elements.status.textContent = 'Checking…';
    elements.status.className = 'config-status';
    timer = setTimeout(validate, VALIDATE_DELAY_MS);
  }

  async function apply() {
    if (validText === null) return;
    elements.apply.disabled = true;
    try {
      await onApply(validText);
      showStatus('Applied: your session and the simulator were re-scored.', true);
    } catch (error) {
      showStatus(`Could not apply: ${error.message}`, false);
    } finally {
      elements.apply.disabled = validText === null;
    }
  }

  function reset() {
    elements.text.value = original;
    if (code) code.text = original;
    schedule();
  }

  function mount(module) {
    if (!module || !elements.code) return;
    code = module.createConfigEditor(elements.code, {
      doc: elements.text.value,
      label: 'Scoring config (JSON)',
      onChange: (text) => {
        elements.text.value = text;
        schedule();
      },
    });
    elements.text.hidden = true;
    elements.code.hidden = false;
    validate();
  }

  elements.text.value = original;
  elements.text.addEventListener('input', schedule);
  elements.apply.addEventListener('click', apply);
  elements.reset.addEventListener('click', reset);
  validate();
  // The plain text area stays usable when the code editor cannot load.
  if (loadCodeEditor) {
    loadCodeEditor().then(mount, (error) => console.warn('config editor: the code editor did not load; the plain text area stays', error));
  }

  return {
    destroy() {
      clearTimeout(timer);
      code?.view.destroy();
      elements.text.removeEventListener('input', schedule);
      elements.apply.removeEventListener('click', apply);
      elements.reset.removeEventListener('click', reset);
    },
  };
}
