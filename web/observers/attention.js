// Whether the visitor is paying attention right now: the tab is visible, the page is not being
// unloaded, and there was activity (pointer, key, scroll, touch) within the last idleMs. Content
// and slide clocks run only while this holds. The idle timer is one-shot: it is armed by activity
// and not re-armed once the visitor went idle, so an abandoned tab runs no timers at all.

import { guard, later, listen } from '../guard.js';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'];

let idleMs = 30000;
let lastActive = 0; // ms since epoch of the latest activity
let idle = false;
let unloading = false;
let idleTimer = null;
let listening = false;
let unlisten = [];
const subscribers = new Set();

/** Starts watching; the page load itself counts as activity. */
export function init(config) {
  teardown();
  idleMs = config.idleMs > 0 ? config.idleMs : 30000;
  lastActive = config.lastActivity || 0;
  listening = true;
  unlisten = [
    ...ACTIVITY_EVENTS.map((type) => listen(document, type, noteActivity, { capture: true, passive: true })),
    listen(document, 'visibilitychange', onVisibility),
    listen(window, 'pagehide', onPageHide),
    listen(window, 'pageshow', onPageShow),
  ];
  noteActivity();
}

export function teardown() {
  if (!listening) return;
  listening = false;
  for (const remove of unlisten) remove();
  unlisten = [];
  clearTimeout(idleTimer);
  idleTimer = null;
  subscribers.clear();
  idle = false;
  unloading = false;
}

/** True while time spent on visible content should count. */
export function attending() {
  return listening && !unloading && !idle && document.visibilityState === 'visible';
}

/** ms since epoch of the visitor's latest activity. */
export function lastActivity() {
  return lastActive;
}

/**
 * Calls fn(change, previousActivity) on every change of attention: 'hidden', 'visible', 'idle',
 * 'active', 'pagehide', 'pageshow'. previousActivity is the activity time before this one, so a
 * listener can tell how long the visitor was away. Returns the unsubscribe function.
 */
export function subscribe(fn) {
  const guarded = guard(fn); // one failing subscriber does not keep the others from hearing
  subscribers.add(guarded);
  return () => subscribers.delete(guarded);
}

function notify(change, previousActivity) {
  for (const fn of [...subscribers]) fn(change, previousActivity);
}

function noteActivity() {
  const previous = lastActive;
  lastActive = Date.now();
  if (!idleTimer) idleTimer = later(checkIdle, idleMs);
  if (idle) {
    idle = false;
    notify('active', previous);
  }
}

function checkIdle() {
  idleTimer = null;
  const quiet = Date.now() - lastActive;
  if (quiet < idleMs) {
    idleTimer = later(checkIdle, idleMs - quiet);
    return;
  }
  idle = true;
  notify('idle', lastActive);
}

function onVisibility() {
  if (document.visibilityState === 'visible') {
    notify('visible', lastActive);
    // Coming back to the tab is a deliberate act: it counts as activity.
    noteActivity();
  } else {
    notify('hidden', lastActive);
  }
}

function onPageHide() {
  unloading = true;
  notify('pagehide', lastActive);
}

function onPageShow(event) {
  if (!event.persisted || !unloading) return;
  unloading = false;
  notify('pageshow', lastActive);
  noteActivity();
}
