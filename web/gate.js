// Content gates. For each gate in the config, the site provides the overlay markup
// ([data-ls-gate="gate-id"], normally `hidden`, holding the lead form). While the engine says a
// gate is locked, its slides (slide ≥ atSlide of its deck) or content block are really hidden —
// display:none and inert, so out of sight and out of the accessibility tree — and the overlay
// opens as a modal dialog when the visitor reaches them. Submitting the gate's form (after the
// browser's own validation) unlocks them whatever the score.
//
// Fail open: nothing is hidden before this module runs, which is only after the engine is ready;
// a gate whose overlay markup is missing is reported and never enforced.
// guard.js is the entry's, handed over by init() (config.shared): importing it would make the
// bundler split it into a chunk that every start waits for.
let listen = null;
let observer = null;
import * as locking from './locking.js';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ' +
  'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

let gates = []; // { id, deck, atSlide, content, form, overlay, locked, unlocked, sentinel, returnFocus }
let onChange = () => {};
let report = () => {};
let sentinels = null;
let unlisten = [];
// The slide observer (observers/slides.js), handed over by the page script, which loads the two
// together: imported here, it would be a chunk of its own that the gate's chunk waits for.
let slides = null;

/**
 * config: { gates (settings().gates), slides (the slide observer, started), onChange({id, locked,
 * open}), onError(code, message), shared (the entry's { listen, observer }) }.
 * Gates start unlocked; update() applies what the engine says.
 */
export function init(config) {
  teardown();
  ({ listen, observer } = config.shared);
  onChange = config.onChange;
  report = config.onError;
  slides = config.slides;
  sentinels = observer(IntersectionObserver, onSentinels);
  locking.start(observer);
  gates = [];
  for (const gate of config.gates) {
    const overlay = document.querySelector(`[data-ls-gate="${CSS.escape(gate.id)}"]`);
    if (!overlay) {
      report('gate_markup_missing', `gate ${gate.id}: no [data-ls-gate="${gate.id}"] overlay on this page; its content stays open`);
      continue;
    }
    const state = { ...gate, overlay, locked: false, unlocked: false, sentinel: null, returnFocus: null };
    prepareOverlay(state);
    gates.push(state);
  }
  unlisten.push(
    listen(document, 'keydown', onKeyDown, true),
    listen(document, 'focusin', onFocusIn),
    listen(document, 'click', onOpenClick),
    listen(document, 'submit', onSubmit),
    slides.onCurrent(onSlideReached),
  );
}

/** Unlocks everything and restores the page as it was. */
export function teardown() {
  if (!sentinels) return;
  for (const gate of gates) {
    close(gate, false);
    setLocked(gate, false, false);
  }
  sentinels.disconnect();
  locking.stop();
  sentinels = null;
  for (const remove of unlisten) remove();
  unlisten = [];
  gates = [];
}

/** Applies the engine's gate states ([{id, locked}], Score.gates). */
export function update(states) {
  for (const gate of gates) {
    const state = states.find((s) => s.id === gate.id);
    setLocked(gate, Boolean(state && state.locked) && !gate.unlocked, true);
  }
}

function prepareOverlay(gate) {
  const { overlay } = gate;
  if (overlay.tagName !== 'DIALOG') {
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    if (!overlay.hasAttribute('tabindex')) overlay.tabIndex = -1;
    overlay.hidden = true;
  }
  unlisten.push(listen(overlay, 'cancel', (event) => {
    event.preventDefault();
    close(gate, true);
  }));
}

function lockedElements(gate) {
  if (gate.deck) {
    return [...document.querySelectorAll('[data-ls-deck]')]
      .filter((deck) => deck.getAttribute('data-ls-deck') === gate.deck)
      .flatMap((deck) => [...deck.querySelectorAll('[data-ls-slide]')])
      .filter((slide) => Number(slide.getAttribute('data-ls-slide')) >= gate.atSlide);
  }
  const pattern = globPattern(gate.content);
  return [...document.querySelectorAll('[data-ls-content]')]
    .filter((block) => pattern.test(block.getAttribute('data-ls-content')));
}

function setLocked(gate, locked, notify) {
  const changed = gate.locked !== locked;
  gate.locked = locked;
  const elements = lockedElements(gate);
  for (const element of elements) {
    if (locked) locking.hide(element, gate.id);
    else locking.reveal(element);
  }
  placeSentinel(gate, locked ? elements[0] : null);
  if (!locked) close(gate, false);
  if (changed && notify) onChange({ id: gate.id, locked, open: isOpen(gate) });
  if (changed) slides.refresh();
  if (changed && locked && isReached(gate)) open(gate);
}

// In a scroll deck or for a content block, the visitor "reaches" the locked part when the spot
// where it begins scrolls into view; a one-pixel marker stands there while it is hidden. A deck
// driven by a viewer (slide(), adapters) scrolls only when it says so with data-ls-mode="scroll"
// (the PDF.js adapter does); a one-at-a-time deck has no such spot.
function placeSentinel(gate, firstLocked) {
  const wanted = firstLocked && scrolls(gate) ? firstLocked : null;
  if (gate.sentinel && (!wanted || gate.sentinel.nextElementSibling !== wanted)) {
    sentinels.unobserve(gate.sentinel);
    gate.sentinel.remove();
    gate.sentinel = null;
  }
  if (!wanted || gate.sentinel) return;
  const sentinel = document.createElement('div');
  sentinel.setAttribute('data-ls-gate-sentinel', gate.id);
  sentinel.setAttribute('aria-hidden', 'true');
  sentinel.style.setProperty('height', '1px');
  wanted.before(sentinel);
  gate.sentinel = sentinel;
  sentinels.observe(sentinel);
}

function scrolls(gate) {
  if (!gate.deck) return true;
  const mode = slides.mode(gate.deck);
  if (mode === 'scroll') return true;
  return mode === 'api' && [...document.querySelectorAll('[data-ls-deck]')].some((deck) =>
    deck.getAttribute('data-ls-deck') === gate.deck && deck.getAttribute('data-ls-mode') === 'scroll');
}

function onSentinels(entries) {
  for (const entry of entries) {
    const gate = gates.find((g) => g.sentinel === entry.target);
    if (gate && entry.isIntersecting && gate.locked) open(gate);
  }
}

function isReached(gate) {
  return Boolean(gate.deck) && slides.current(gate.deck).some((n) => n >= gate.atSlide);
}

function onSlideReached(deckId, slide) {
  for (const gate of gates) {
    if (!gate.locked || gate.deck !== deckId) continue;
    // A viewer may have created slide elements since the last update: lock them too.
    setLocked(gate, true, false);
    if (slide >= gate.atSlide) open(gate);
  }
}

function onOpenClick(event) {
  const trigger = event.target.closest && event.target.closest('[data-ls-gate-open]');
  const gate = trigger && gates.find((g) => g.id === trigger.getAttribute('data-ls-gate-open'));
  if (gate && gate.locked) {
    event.preventDefault();
    open(gate);
  }
}

function isOpen(gate) {
  return gate.overlay.tagName === 'DIALOG' ? gate.overlay.open : !gate.overlay.hidden;
}

function open(gate) {
  if (isOpen(gate)) return;
  gate.returnFocus = document.activeElement;
  if (gate.overlay.tagName === 'DIALOG') {
    gate.overlay.hidden = false;
    gate.overlay.showModal();
  } else {
    gate.overlay.hidden = false;
    (focusables(gate.overlay)[0] || gate.overlay).focus();
  }
  onChange({ id: gate.id, locked: gate.locked, open: true });
}

function close(gate, notify) {
  if (!isOpen(gate)) return;
  if (gate.overlay.tagName === 'DIALOG') gate.overlay.close();
  else gate.overlay.hidden = true;
  const back = gate.returnFocus;
  gate.returnFocus = null;
  if (back && back.isConnected && back !== document.body) back.focus();
  if (notify) onChange({ id: gate.id, locked: gate.locked, open: false });
}

// What Tab reaches inside the overlay (a honeypot with tabindex=-1 is not one of them).
function focusables(overlay) {
  return [...overlay.querySelectorAll(FOCUSABLE)].filter((element) => element.tabIndex >= 0 && !element.closest('[hidden]'));
}

function openGate() {
  return gates.find((gate) => isOpen(gate) && gate.overlay.tagName !== 'DIALOG');
}

function onKeyDown(event) {
  const gate = openGate();
  if (!gate) return;
  if (event.key === 'Escape') {
    event.preventDefault();
    close(gate, true);
  } else if (event.key === 'Tab') {
    const focusable = focusables(gate.overlay);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
}

// Focus that escapes the modal (a click behind it, assistive technology) is brought back.
function onFocusIn(event) {
  const gate = openGate();
  if (gate && !gate.overlay.contains(event.target)) {
    (focusables(gate.overlay)[0] || gate.overlay).focus();
  }
}

function onSubmit(event) {
  const gate = gates.find((g) => g.overlay.contains(event.target));
  if (!gate) return;
  const form = event.target;
  // The page script sends the lead; the form must not also navigate away.
  event.preventDefault();
  if (!form.checkValidity()) {
    form.reportValidity();
    return;
  }
  gate.unlocked = true;
  const firstLocked = lockedElements(gate)[0];
  setLocked(gate, false, true);
  if (firstLocked) {
    if (!firstLocked.hasAttribute('tabindex')) firstLocked.tabIndex = -1;
    firstLocked.focus({ preventScroll: false });
  }
}

/** "case-*" -> /^case-.*$/ (`*` is the only wildcard, as in the config's where clauses). */
function globPattern(glob) {
  const escaped = glob.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}
