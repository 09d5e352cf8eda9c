// The one transport. A qualified lead is stored first (storage.js, when consent allows), then
// POSTed as a CORS-simple text/plain body holding the JSON — no preflight, so a collector on
// another origin needs no OPTIONS route. The payload's `id` is the idempotency key: same-origin
// requests also carry it as an Idempotency-Key header (a custom header would make a cross-origin
// request non-simple). Network errors, 5xx, 408 and 429 are retried with jittered exponential
// backoff (Retry-After wins when the server sends one); any other refusal is reported and
// dropped. Pending leads are flushed when the page is hidden and resent on the next load.

const KEEPALIVE_LIMIT = 65536; // bytes: what fetch keepalive and sendBeacon accept in flight
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 5 * 60 * 1000;
const MAX_ATTEMPTS = 8; // per page; a lead still pending afterwards waits for the next load
const REMEMBERED_IDS = 50;
const RETRIED_STATUSES = new Set([408, 429]);

let endpoint = '';
let sameOrigin = false;
let mayPersist = () => false;
let persist = () => {};
let report = () => {};
let qualifiedHook = () => {};
let listening = false;
let pending = new Map(); // id -> { id, body, size, attempts, timer, controller }
let sent = []; // ids delivered or refused: never offered again
let qualified = []; // ids onQualified was called for

/**
 * config: { endpoint, mayPersist() -> bool, persist(urgent), onError(code, message),
 * onQualified(payload), restored: { pending, sent, qualified } | null }
 */
export function init(config) {
  teardown();
  endpoint = new URL(config.endpoint, location.href).href;
  sameOrigin = new URL(endpoint).origin === location.origin;
  mayPersist = config.mayPersist;
  persist = config.persist;
  report = config.onError;
  qualifiedHook = config.onQualified;
  const restored = config.restored || { pending: [], sent: [], qualified: [] };
  sent = restored.sent.slice(-REMEMBERED_IDS);
  qualified = restored.qualified.slice(-REMEMBERED_IDS);
  pending = new Map();
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', flush);
  listening = true;
  // Leads an earlier page could not deliver go out now.
  for (const { id, body } of restored.pending) {
    if (!sent.includes(id)) send(entryOf(id, body));
  }
}

/** Stops timers and listeners; what is pending stays stored for the next load. */
export function teardown() {
  if (!listening) return;
  listening = false;
  document.removeEventListener('visibilitychange', onVisibility);
  window.removeEventListener('pagehide', flush);
  for (const entry of pending.values()) clearTimeout(entry.timer);
}

/** What storage.js keeps. */
export function state() {
  return {
    pending: [...pending.values()].map(({ id, body }) => ({ id, body })),
    sent: sent.slice(),
    qualified: qualified.slice(),
  };
}

/** A qualified lead's payload: stored, then sent, once per id. */
export function offer(payload) {
  if (!listening || !mayPersist()) return;
  const { id } = payload;
  if (sent.includes(id) || pending.has(id)) return;
  if (!qualified.includes(id)) {
    qualified = [...qualified, id].slice(-REMEMBERED_IDS);
    qualifiedHook(payload);
  }
  const entry = entryOf(id, JSON.stringify(payload));
  persist(true);
  send(entry);
}

/** Sends every pending lead now (the page is going away, or the site asked). */
export function flush() {
  for (const entry of pending.values()) {
    if (entry.controller) continue; // already on its way
    clearTimeout(entry.timer);
    entry.timer = null;
    if (entry.size <= KEEPALIVE_LIMIT || document.visibilityState === 'visible') send(entry);
    // A bigger body cannot outlive the page: it stays stored for the next load.
  }
}

/** Forgets every pending lead (consent withdrawn): nothing more is sent. */
export function clear() {
  for (const entry of pending.values()) {
    clearTimeout(entry.timer);
    if (entry.controller) entry.controller.abort();
  }
  pending.clear();
}

function entryOf(id, body) {
  const entry = { id, body, size: new Blob([body]).size, attempts: 0, timer: null, controller: null };
  pending.set(id, entry);
  return entry;
}

function onVisibility() {
  if (document.visibilityState === 'hidden') flush();
}

function send(entry) {
  const headers = { 'Content-Type': 'text/plain;charset=UTF-8' };
  if (sameOrigin) headers['Idempotency-Key'] = entry.id;
  entry.controller = new AbortController();
  entry.attempts += 1;
  let request;
  try {
    request = fetch(endpoint, {
      method: 'POST',
      body: entry.body,
      headers,
      credentials: sameOrigin ? 'same-origin' : 'omit',
      // keepalive lets the request outlive the page; the browser caps such bodies at 64 KB.
      keepalive: entry.size <= KEEPALIVE_LIMIT,
      signal: entry.controller.signal,
    });
  } catch (cause) {
    request = Promise.reject(cause);
  }
  request.then((response) => settle(entry, response), (cause) => settle(entry, null, cause));
}

function settle(entry, response, cause) {
  entry.controller = null;
  if (pending.get(entry.id) !== entry) return; // cleared meanwhile
  if (response && response.ok) {
    finish(entry);
  } else if (!response || response.status >= 500 || RETRIED_STATUSES.has(response.status)) {
    if (cause && cause.name === 'AbortError') return;
    retryLater(entry, response ? retryAfterMs(response.headers.get('Retry-After')) : null);
  } else {
    finish(entry);
    report('lead_refused', `${endpoint} refused lead ${entry.id} with HTTP ${response.status}; it will not be resent`);
  }
}

function finish(entry) {
  pending.delete(entry.id);
  sent = [...sent, entry.id].slice(-REMEMBERED_IDS);
  persist(true);
}

function retryLater(entry, serverDelayMs) {
  if (!listening) return;
  if (entry.attempts >= MAX_ATTEMPTS) {
    report('lead_delayed', `${endpoint} did not take lead ${entry.id} after ${entry.attempts} attempts; it stays stored and is resent on the next page load`);
    return;
  }
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (entry.attempts - 1));
  const delay = serverDelayMs ?? Math.round(backoff * (0.5 + Math.random()));
  entry.timer = setTimeout(() => {
    entry.timer = null;
    if (listening && pending.get(entry.id) === entry) send(entry);
  }, delay);
}

/** Retry-After as ms: delta-seconds or an HTTP date; null when absent or unreadable. */
function retryAfterMs(value) {
  if (!value) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_DELAY_MS) : null;
}
