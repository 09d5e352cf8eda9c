// Visits and page views. A visit begins on the first load, or when the visitor comes back after
// 30 minutes without activity (the last activity is remembered across pages when consent
// allows). Campaign tags (utm_* query parameters) ride on the visit and the page view of the URL
// that carried them; the core keeps the first ones it sees as the lead's first touch.
import * as attention from './observers/attention.js';

const VISIT_GAP_MS = 30 * 60 * 1000;
const RETURN_CHANGES = new Set(['active', 'visible', 'pageshow']);

let emit = null;
let unsubscribe = null;
let visitStartedAt = 0;
let utm = null;
let announced = null; // this document's own page_view, so a re-init does not announce it twice

/**
 * config: { lastActivity, events } — the last activity stored by an earlier page (ms since
 * epoch), and the events the session already holds.
 */
export function init(config, emitEvent) {
  teardown();
  emit = emitEvent;
  utm = utmOf(location.search);
  const now = Date.now();
  const held = announced && config.events.some((e) => e.type === 'page_view' && e.t === announced.t && e.path === announced.path);
  if (held) {
    // Re-initialised on the same page: the restored session already has this page view.
  } else if (!config.lastActivity || now - config.lastActivity >= VISIT_GAP_MS) {
    startVisit(now);
  } else {
    pageView();
  }
  unsubscribe = attention.subscribe(onAttention);
}

export function teardown() {
  if (unsubscribe) unsubscribe();
  unsubscribe = null;
  emit = null;
}

/** What storage.js keeps for the next page. */
export function state() {
  return { lastActivity: attention.lastActivity() };
}

function onAttention(change, previousActivity) {
  const now = Date.now();
  if (change === 'pageshow') {
    // Restored from the back/forward cache: the page is shown again.
    if (now - previousActivity >= VISIT_GAP_MS) startVisit(now);
    else pageView();
  } else if (RETURN_CHANGES.has(change) && now - previousActivity >= VISIT_GAP_MS &&
             now - visitStartedAt >= VISIT_GAP_MS) {
    startVisit(now);
  }
}

function startVisit(now) {
  visitStartedAt = now;
  emit(withUtm({ type: 'visit' }));
  pageView();
}

function pageView() {
  const event = { type: 'page_view', path: location.pathname, t: Date.now() };
  if (document.title) event.title = document.title;
  announced = event;
  emit(withUtm(event));
}

function withUtm(event) {
  if (utm) event.utm = { ...utm };
  return event;
}

/** "?utm_source=news&utm_medium=email&x=1" -> { source: "news", medium: "email" }, or null. */
function utmOf(search) {
  const tags = {};
  for (const [name, value] of new URLSearchParams(search)) {
    if (name.startsWith('utm_') && name.length > 4 && value) tags[name.slice(4)] = value;
  }
  return Object.keys(tags).length ? tags : null;
}
