// The one transport. A qualified lead is stored first (storage.js, when consent allows), then
// POSTed as a CORS-simple text/plain body holding the JSON — no preflight, so a collector on
// another origin needs no OPTIONS route. The payload's `id` is the idempotency key of one
// delivery: every retry carries it, and same-origin requests also send it as an Idempotency-Key
// header (a custom header would make a cross-origin request non-simple).
//
// What happens to a lead (docs/leads.md, "In the visitor's browser"):
//  - 2xx: delivered; its id is remembered so it is never sent again.
//  - network error, 5xx, 408, 429: retried with jittered exponential backoff (Retry-After wins
//    when the server sends one); still pending after MAX_ATTEMPTS, it waits for the next load.
//  - any other status: refused. The lead stays in the outbox as refused with the collector's
//    reason code, is reported to onError, and is offered again when a newer payload of the same
//    id differs in revision, score or fields — never silently dropped, never resent unchanged.
// Pending leads are flushed when the page is hidden and resent on the next load, after the page
// had the chance to re-score them under the config it loaded.
import { later, listen, settle as whenSettled } from './guard.js';

const KEEPALIVE_LIMIT = 65536; // bytes: what fetch keepalive and sendBeacon accept in flight
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 5 * 60 * 1000;
const MAX_ATTEMPTS = 8; // per page; a lead still pending afterwards waits for the next load
const MAX_REOFFERS = 3; // per page: a refused lead whose score keeps changing is not resent at every event
const REMEMBERED_IDS = 50;
const REMEMBERED_REFUSALS = 10;
const RETRIED_STATUSES = new Set([408, 429]);

let endpoint = '';
let sameOrigin = false;
let maySend = () => false;
let persist = () => {};
let report = () => {};
let qualifiedHook = () => {};
let unlisten = null;
// id -> { id, body, size, print, total, stage, email, refused: reason | null, attempts, reoffers,
// timer, controller }; a lead is pending while `refused` is null.
let entries = new Map();
let sent = []; // ids delivered: never offered again
let qualified = []; // ids onQualified was called for

/**
 * config: { endpoint, maySend() -> bool, persist(urgent), onError(code, message, details),
 * onQualified(payload), restored: { pending, refused?, sent, qualified } | null }.
 * Restored leads wait for resume(), so that offer() can first bring them up to date.
 */
export function init(config) {
  teardown();
  endpoint = new URL(config.endpoint, location.href).href;
  sameOrigin = new URL(endpoint).origin === location.origin;
  maySend = config.maySend;
  persist = config.persist;
  report = config.onError;
  qualifiedHook = config.onQualified;
  const restored = config.restored || { pending: [], sent: [], qualified: [] };
  sent = restored.sent.slice(-REMEMBERED_IDS);
  qualified = restored.qualified.slice(-REMEMBERED_IDS);
  entries = new Map();
  for (const { id, body } of restored.pending) {
    if (!sent.includes(id)) entries.set(id, entryOf(id, body, null));
  }
  for (const { id, body, reason } of restored.refused || []) {
    if (!sent.includes(id) && !entries.has(id)) entries.set(id, entryOf(id, body, reason));
  }
  unlisten = [
    listen(document, 'visibilitychange', () => { if (document.visibilityState === 'hidden') flush(); }),
    listen(window, 'pagehide', flush),
  ];
}

/** Sends the leads an earlier page could not deliver. */
export function resume() {
  for (const entry of entries.values()) {
    if (!entry.refused && !entry.controller && entry.attempts === 0) send(entry);
  }
}

/** Stops timers and listeners; what is pending stays stored for the next load. */
export function teardown() {
  if (!unlisten) return;
  for (const remove of unlisten) remove();
  unlisten = null;
  for (const entry of entries.values()) clearTimeout(entry.timer);
}

/** What storage.js keeps. */
export function state() {
  const kept = [...entries.values()];
  return {
    pending: kept.filter((e) => !e.refused).map(({ id, body }) => ({ id, body })),
    refused: kept.filter((e) => e.refused).map(({ id, body, refused }) => ({ id, body, reason: refused })),
    sent: sent.slice(),
    qualified: qualified.slice(),
  };
}

/**
 * Whether a refused lead would now be scored differently (`readScore()`: the engine's Score, read
 * only when a refused lead may be offered again), so that building a fresh payload to offer() is
 * worth it.
 */
export function awaitsRescore(readScore) {
  for (const entry of entries.values()) {
    if (!entry.refused || entry.reoffers >= MAX_REOFFERS) continue;
    const score = readScore();
    if (entry.total !== score.total || entry.stage !== score.stage) return true;
  }
  return false;
}

/**
 * A qualified lead's payload. A new id is stored, then sent. A known id that is not on its way
 * takes the newer payload when it differs: a pending lead goes out with it, a refused one is
 * offered again.
 */
export function offer(payload) {
  if (!unlisten || !maySend()) return;
  const { id } = payload;
  if (sent.includes(id)) return;
  if (!qualified.includes(id)) {
    qualified = [...qualified, id].slice(-REMEMBERED_IDS);
    qualifiedHook(payload);
  }
  const known = entries.get(id);
  if (known && (known.controller || known.print === fingerprint(payload))) return;
  if (known && known.refused && known.reoffers >= MAX_REOFFERS) return;
  const entry = entryOf(id, JSON.stringify(payload), null, payload);
  if (known && !known.refused) {
    // A pending lead keeps its place in the backoff: its timer sends whatever body the id has then.
    Object.assign(entry, { attempts: known.attempts, reoffers: known.reoffers, timer: known.timer });
  } else if (known) {
    entry.reoffers = known.reoffers + 1;
  }
  entries.set(id, entry);
  persist(true);
  if (!entry.timer) send(entry);
}

/** Sends every pending lead now (the page is going away, or the site asked). */
export function flush() {
  for (const entry of entries.values()) {
    if (entry.refused || entry.controller) continue; // refused, or already on its way
    clearTimeout(entry.timer);
    entry.timer = null;
    if (entry.size <= KEEPALIVE_LIMIT || document.visibilityState === 'visible') send(entry);
    // A bigger body cannot outlive the page: it stays stored for the next load.
  }
}

/** Forgets every lead, pending or refused (consent withdrawn): nothing more is sent. */
export function clear() {
  for (const entry of entries.values()) {
    clearTimeout(entry.timer);
    if (entry.controller) entry.controller.abort();
  }
  entries.clear();
}

function entryOf(id, body, refused, payload = parse(body)) {
  return {
    id,
    body,
    size: new Blob([body]).size,
    print: payload ? fingerprint(payload) : '',
    total: payload?.score?.total,
    stage: payload?.score?.stage,
    email: payload?.lead?.email,
    refused,
    attempts: 0,
    reoffers: 0,
    timer: null,
    controller: null,
  };
}

/** What makes a payload worth offering again after a refusal: its config, score and fields. */
function fingerprint(payload) {
  return JSON.stringify([payload.revision, payload.score?.total, payload.score?.stage, payload.lead]);
}

function parse(body) {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

function send(entry) {
  const headers = { 'Content-Type': 'text/plain;charset=UTF-8' };
  if (sameOrigin) headers['Idempotency-Key'] = entry.id;
  entry.timer = null;
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
  whenSettled(request, (response) => answered(entry, response), (cause) => failed(entry, cause));
}

function current(entry) {
  entry.controller = null;
  return entries.get(entry.id) === entry; // false: cleared or replaced meanwhile
}

function failed(entry, cause) {
  if (current(entry) && cause?.name !== 'AbortError') retryLater(entry, null);
}

function answered(entry, response) {
  if (!current(entry)) return;
  if (response.ok) {
    delivered(entry);
  } else if (response.status >= 500 || RETRIED_STATUSES.has(response.status)) {
    retryLater(entry, retryAfterMs(response.headers.get('Retry-After')));
  } else {
    // The collector says why in its JSON body: { error, code?, message }.
    const status = response.status;
    whenSettled(response.json(), (body) => refuse(entry, status, body), () => refuse(entry, status, null));
  }
}

function delivered(entry) {
  entries.delete(entry.id);
  sent = [...sent, entry.id].slice(-REMEMBERED_IDS);
  // This person's lead is in: their earlier refused submissions are no longer owed.
  for (const other of [...entries.values()]) {
    if (other.refused && entry.email && other.email === entry.email) entries.delete(other.id);
  }
  persist(true);
}

function refuse(entry, status, body) {
  if (entries.get(entry.id) !== entry) return;
  const reason = String(body?.code || body?.error || `http_${status}`);
  entry.refused = reason;
  const refusals = [...entries.values()].filter((e) => e.refused);
  for (const old of refusals.slice(0, -REMEMBERED_REFUSALS)) entries.delete(old.id);
  persist(true);
  report('lead_refused', `${endpoint} refused lead ${entry.id} with HTTP ${status} (${reason}); ` +
    'it is kept and offered again when its score, fields or the config change', { reason, status, lead: entry.id });
}

function retryLater(entry, serverDelayMs) {
  if (!unlisten) return;
  if (entry.attempts >= MAX_ATTEMPTS) {
    report('lead_delayed', `${endpoint} did not take lead ${entry.id} after ${entry.attempts} attempts; it stays stored and is resent on the next page load`, { lead: entry.id });
    return;
  }
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (entry.attempts - 1));
  const delay = serverDelayMs ?? Math.round(backoff * (0.5 + Math.random()));
  const { id } = entry;
  entry.timer = later(() => {
    const due = entries.get(id);
    if (unlisten && due && !due.refused && !due.controller) send(due);
  }, delay);
}

/** Retry-After as ms: delta-seconds or an HTTP date; null when absent or unreadable. */
function retryAfterMs(value) {
  if (!value) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_DELAY_MS) : null;
}
