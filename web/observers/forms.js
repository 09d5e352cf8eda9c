// Lead forms (form[data-ls-form="id"]): form_view when the form comes into view, form_start at
// the first field the visitor touches, form_submit with the fields when it is submitted. This
// module only listens: it never cancels a submit (gate.js does, for gate forms only) and never
// changes what the visitor typed.
import { listen, observer as guardedObserver } from '../guard.js';
import { isInView } from './visibility.js';

const SKIPPED_TYPES = new Set(['password', 'file', 'submit', 'button', 'reset', 'image']);
const VIEW_RATIO = 0.5;

let emit = null;
let observer = null;
let unlisten = [];
const forms = new Map(); // form element -> { id, viewedAt, startedAt } (performance.now() times)

export function init(config, emitEvent) {
  teardown();
  emit = emitEvent;
  observer = guardedObserver(IntersectionObserver, onIntersections, { threshold: [0, VIEW_RATIO, 1] });
  for (const form of document.querySelectorAll('form[data-ls-form]')) {
    const id = form.getAttribute('data-ls-form');
    if (!id) continue;
    forms.set(form, { id, viewedAt: null, startedAt: null });
    observer.observe(form);
  }
  unlisten = [
    listen(document, 'input', onInput, true),
    listen(document, 'change', onInput, true),
    // Capture: the visitor's submit is recorded before any handler of the site or of gate.js runs.
    listen(document, 'submit', onSubmit, true),
  ];
}

export function teardown() {
  if (!observer) return;
  observer.disconnect();
  observer = null;
  for (const remove of unlisten) remove();
  unlisten = [];
  forms.clear();
  emit = null;
}

function onIntersections(entries) {
  for (const entry of entries) {
    if (isInView(entry, VIEW_RATIO)) markViewed(entry.target);
  }
}

function markViewed(form) {
  const state = forms.get(form);
  if (!state || state.viewedAt !== null) return;
  state.viewedAt = performance.now();
  emit({ type: 'form_view', form: state.id });
}

function onInput(event) {
  const form = event.target && event.target.form;
  const state = form && forms.get(form);
  if (!state || state.startedAt !== null || isHoneypot(event.target)) return;
  markViewed(form);
  state.startedAt = performance.now();
  emit({ type: 'form_start', form: state.id });
}

function onSubmit(event) {
  const form = event.target;
  const state = forms.get(form);
  // A form with `novalidate` reaches here even when invalid; gate.js reports it to the visitor.
  if (!state || !form.checkValidity()) return;
  const submit = { type: 'form_submit', form: state.id, fields: fieldsOf(form) };
  const startedAt = state.startedAt ?? state.viewedAt;
  if (startedAt !== null) submit.fillMs = Math.max(0, Math.round(performance.now() - startedAt));
  const honeypot = form.querySelector('[data-ls-honeypot]');
  if (honeypot) submit.honeypot = honeypotValue(honeypot);
  submit.webdriver = navigator.webdriver === true;
  emit(submit);
}

/** The named fields a lead consists of: never passwords, card numbers, files or the honeypot. */
function fieldsOf(form) {
  const fields = {};
  for (const control of form.elements) {
    const name = control.name;
    if (!name || control.disabled || !('value' in control)) continue;
    if (SKIPPED_TYPES.has(control.type) || isHoneypot(control) || control.closest('[data-ls-ignore]')) continue;
    if (/^cc-|password/.test(control.getAttribute('autocomplete') || '')) continue;
    if ((control.type === 'checkbox' || control.type === 'radio') && !control.checked) continue;
    const value = control.type === 'select-multiple'
      ? [...control.selectedOptions].map((option) => option.value).join(', ')
      : control.value;
    fields[name] = name in fields ? `${fields[name]}, ${value}` : value;
  }
  return fields;
}

function isHoneypot(control) {
  return Boolean(control.closest && control.closest('[data-ls-honeypot]'));
}

function honeypotValue(element) {
  const field = 'value' in element ? element : element.querySelector('input, textarea');
  return field ? String(field.value) : '';
}
