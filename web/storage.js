// The one module that touches localStorage. With consent, a visitor's session (its events), the
// visit clock and the outbox survive reloads under one versioned key. Storage may be disabled,
// full or edited by hand, so every access is guarded and a stored state is accepted only when its
// shape is exactly what this version writes; anything else is discarded and reported. Nothing is
// written, and nothing read, before the visitor said yes (mayPersist).
import { later, listen } from './guard.js';

const VERSION = 1;
const MAX_CHARS = 200000; // a share of the ~5 M characters an origin gets, which the site needs too
const SAVE_DELAY_MS = 1000; // batches the saves of a burst of events into one write
// Dropped first when over budget: what only adds engagement detail. Then visits, then submits;
// consent answers and pending leads are never dropped.
const DROP_TIERS = [
  (type) => !['visit', 'form_submit', 'consent'].includes(type),
  (type) => type === 'visit',
  (type) => type === 'form_submit',
];

let key = '';
let enabled = false;
let mayPersist = () => false;
let report = () => {};
let sources = null;
let timer = null;
let unlisten = [];

/**
 * config: { site, storage: "local" | "none", mayPersist() -> bool, onError(code, message),
 * sources: { events() -> [], visit() -> {lastActivity}, outbox() -> {pending, refused, sent, qualified} } }
 */
export function init(config) {
  teardown();
  key = `leadscore:${config.site || location.host}`;
  enabled = config.storage !== 'none';
  mayPersist = config.mayPersist;
  report = config.onError;
  sources = config.sources;
  unlisten = [
    // A hidden page may never run again: what it learned is written now, not after the delay.
    listen(document, 'visibilitychange', () => { if (document.visibilityState === 'hidden') save(); }),
    listen(window, 'pagehide', save),
  ];
}

/** Writes what is pending and stops. */
export function teardown() {
  if (!sources) return;
  if (timer !== null) save();
  for (const remove of unlisten) remove();
  unlisten = [];
  sources = null;
}

/** The stored state, or null when there is none, it may not be read, or it was discarded. */
export function load() {
  if (!enabled || !mayPersist()) return null;
  let text;
  try {
    text = localStorage.getItem(key);
  } catch (cause) {
    report('storage_unavailable', `localStorage cannot be read: ${cause.message}`);
    return null;
  }
  if (text === null) return null;
  let state;
  try {
    state = JSON.parse(text);
  } catch {
    state = undefined;
  }
  const problem = shapeProblem(state);
  if (problem) {
    remove();
    report('storage_discarded', `the stored session was discarded: ${problem}`);
    return null;
  }
  return state;
}

/** Something changed: saves soon, or at once when `urgent` (a lead is pending, the page is hiding). */
export function changed(urgent = false) {
  if (urgent) {
    save();
  } else if (timer === null) {
    timer = later(save, SAVE_DELAY_MS);
  }
}

/** Forgets everything stored (consent withdrawn). */
export function clear() {
  clearTimeout(timer);
  timer = null;
  remove();
}

function save() {
  clearTimeout(timer);
  timer = null;
  if (!enabled || !sources || !mayPersist()) return;
  const outbox = sources.outbox();
  const state = {
    v: VERSION,
    savedAt: Date.now(),
    events: sources.events(),
    lastActivity: sources.visit().lastActivity,
    outbox,
  };
  try {
    localStorage.setItem(key, fitToBudget(state));
  } catch (cause) {
    report('storage_full', `the session could not be saved: ${cause.message}`);
  }
}

function remove() {
  try {
    localStorage.removeItem(key);
  } catch {
    // Storage that cannot be read holds nothing of ours to forget.
  }
}

/** The state as JSON within MAX_CHARS, dropping the oldest, least valuable events first. */
function fitToBudget(state) {
  const json = JSON.stringify(state);
  let excess = json.length - MAX_CHARS;
  if (excess <= 0) return json;
  // One pass over sizes measured once: re-serializing after each drop would cost O(n²).
  const sizes = state.events.map((event) => JSON.stringify(event).length + 1);
  const dropped = new Set();
  for (const droppable of DROP_TIERS) {
    for (let i = 0; i < state.events.length && excess > 0; i += 1) {
      if (!dropped.has(i) && droppable(state.events[i].type)) {
        dropped.add(i);
        excess -= sizes[i];
      }
    }
  }
  return JSON.stringify({ ...state, events: state.events.filter((_, i) => !dropped.has(i)) });
}

function shapeProblem(state) {
  if (!isObject(state)) return 'not a JSON object';
  if (state.v !== VERSION) return `version ${JSON.stringify(state.v)} is not ${VERSION}`;
  if (!Array.isArray(state.events)) return 'events: expected an array';
  const badEvent = state.events.findIndex((e) => !isObject(e) || typeof e.type !== 'string' || !Number.isSafeInteger(e.t));
  if (badEvent >= 0) return `events[${badEvent}]: expected an object with a type and an integer t`;
  if (state.lastActivity !== undefined && !Number.isSafeInteger(state.lastActivity)) return 'lastActivity: expected an integer';
  const { outbox } = state;
  if (!isObject(outbox)) return 'outbox: expected an object';
  if (!Array.isArray(outbox.pending) ||
      !outbox.pending.every((entry) => isObject(entry) && isText(entry.id) && isText(entry.body))) {
    return 'outbox.pending: expected [{id, body}]';
  }
  // Absent in what versions before refused leads were kept wrote.
  if (outbox.refused !== undefined && !(Array.isArray(outbox.refused) &&
      outbox.refused.every((entry) => isObject(entry) && isText(entry.id) && isText(entry.body) && isText(entry.reason)))) {
    return 'outbox.refused: expected [{id, body, reason}]';
  }
  if (!isTextArray(outbox.sent)) return 'outbox.sent: expected an array of strings';
  if (!isTextArray(outbox.qualified)) return 'outbox.qualified: expected an array of strings';
  return '';
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value) {
  return typeof value === 'string' && value !== '';
}

function isTextArray(value) {
  return Array.isArray(value) && value.every(isText);
}
