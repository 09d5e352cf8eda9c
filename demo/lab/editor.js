// The config editor: validates the JSON as the visitor types (by asking the engine itself, so
// the errors are exactly the core's `JSON-path: message`), and hands a valid config to onApply.

const VALIDATE_DELAY_MS = 250;

/**
 * elements: { text, status, errors, apply, reset }. original: the site's config text.
 * onApply(configText) may be async; its rejection is shown as an error.
 */
export function createEditor({ createEngine, original, elements, onApply }) {
  let timer = null;
  let generation = 0;
  let validText = null;

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

  async function validate() {
    const mine = ++generation;
    const text = elements.text.value;
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
      showStatus(text === original ? 'Valid: this is the site\'s config.' : 'Valid. Apply to re-score.', true);
    } else {
      validText = null;
      const lines = problem.errors?.length ? problem.errors : [problem.message];
      showErrors(lines);
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
    schedule();
  }

  elements.text.value = original;
  elements.text.addEventListener('input', schedule);
  elements.apply.addEventListener('click', apply);
  elements.reset.addEventListener('click', reset);
  validate();

  return {
    destroy() {
      clearTimeout(timer);
      elements.text.removeEventListener('input', schedule);
      elements.apply.removeEventListener('click', apply);
      elements.reset.removeEventListener('click', reset);
    },
  };
}
