// Lead forms (form[data-ls-form="id"]): form_view when the form comes into view, form_start at
// the first field the visitor touches, form_submit with the fields when it is submitted. This
// module only listens: it never cancels a submit (gate.js does, for gate forms only) and never
// changes what the visitor typed.
//
// What a submit captures is an allow-list: only the fields the config names (settings.submit.fields:
// e-mail, the fit rules' fields and `submit.fields`), and of those never a secret, whatever the
// config says: hidden, password and file controls, card and one-time-code autocomplete, a name
// that reads like a card, CVC, bank-account, IBAN, password or national-id number, a value holding
// a card number (Luhn) or an IBAN (mod 97).
// guard.js and visibility.js are the entry's, handed over by init(): importing them would make
// the bundler split them into a chunk that every start waits for.
let listen = null;
let guardedObserver = null;
let isInView = null;

const SKIPPED_TYPES = new Set(['hidden', 'password', 'file', 'submit', 'button', 'reset', 'image']);
const SECRET_AUTOCOMPLETE = /(^|\s)(cc-\S+|one-time-code|current-password|new-password)(\s|$)/i;
// Matched against the name's words joined by `_` (`cardNumber`, `card-number` → `card_number`).
const SECRET_NAME = new RegExp('(^|_)(' + [
  'ccn', 'cc_?(no|num|number|exp|csc|cvc|cvv)', 'card(_?(no|num|number|code))?', '(credit|debit)_?card', 'pan',
  'cvc2?', 'cvv2?', 'cvn', 'csc', 'security_?code', 'iban', 'account_?(no|num|number)',
  'routing_?(no|num|number)', 'sort_?code', 'pass(word|wd|code)', 'pwd', 'otp', 'ssn', 'sin', 'nin',
  'social_?security(_?(no|num|number))?', 'national_?(id|insurance)(_?(no|num|number))?',
  'tax_?(id|no|num|number)', 'id_?(no|num|number)', 'passport(_?(no|num|number))?', 'personnummer',
  'dni', 'nie', 'nif', 'cpf', 'aadhaar', 'pesel', 'bsn',
].join('|') + ')(_|$)');
const VIEW_RATIO = 0.5;

let emit = null;
let allowed = new Set(['email']);
let observer = null;
let unlisten = [];
const forms = new Map(); // form element -> { id, viewedAt, startedAt } (performance.now() times)

/**
 * config.fields: the names a lead may carry (settings.submit.fields); `email` by default.
 * shared: { listen, observer, visibility } from the entry.
 */
export function init(config, emitEvent, shared) {
  teardown();
  ({ listen, observer: guardedObserver } = shared);
  ({ isInView } = shared.visibility);
  emit = emitEvent;
  allowed = new Set(config.fields || ['email']);
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

/** The fields a lead consists of: the allowed names, never a secret, a file or the honeypot. */
function fieldsOf(form) {
  const fields = {};
  const secret = new Set(); // names with a secret control or value: dropped altogether
  for (const control of form.elements) {
    const name = control.name;
    if (!name || !allowed.has(name) || control.disabled || !('value' in control)) continue;
    if (isHoneypot(control) || control.closest('[data-ls-ignore]')) continue;
    if (isSecretControl(control)) {
      secret.add(name);
      continue;
    }
    if ((control.type === 'checkbox' || control.type === 'radio') && !control.checked) continue;
    const value = control.type === 'select-multiple'
      ? [...control.selectedOptions].map((option) => option.value).join(', ')
      : control.value;
    if (isSecretValue(value)) secret.add(name);
    fields[name] = name in fields ? `${fields[name]}, ${value}` : value;
  }
  for (const name of secret) delete fields[name];
  return fields;
}

function isSecretControl(control) {
  return SKIPPED_TYPES.has(control.type) || SECRET_AUTOCOMPLETE.test(control.getAttribute('autocomplete') || '') ||
    isSecretName(control.name);
}

/** A name that reads like a card, CVC, bank-account, IBAN, password or national-id number. */
export function isSecretName(name) {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/);
  return SECRET_NAME.test(words.filter(Boolean).join('_'));
}

/** A value holding a card number (13–19 digits passing the Luhn check) or that is an IBAN. */
export function isSecretValue(value) {
  for (const run of String(value).match(/\d(?:[ -]?\d){12,18}/g) || []) {
    if (passesLuhn(run.replace(/\D/g, ''))) return true;
  }
  return isIban(String(value).replace(/\s/g, '').toUpperCase());
}

function passesLuhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

// ISO 13616: country, check digits, up to 30 letters or digits; valid when the number read with
// the first four characters moved to the end (A = 10 … Z = 35) is 1 modulo 97.
function isIban(text) {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(text)) return false;
  let rest = 0;
  for (const char of text.slice(4) + text.slice(0, 4)) {
    const code = parseInt(char, 36);
    rest = (code > 9 ? rest * 100 + code : rest * 10 + code) % 97;
  }
  return rest === 1;
}

function isHoneypot(control) {
  return Boolean(control.closest && control.closest('[data-ls-honeypot]'));
}

function honeypotValue(element) {
  const field = 'value' in element ? element : element.querySelector('input, textarea');
  return field ? String(field.value) : '';
}
