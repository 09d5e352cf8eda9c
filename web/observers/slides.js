// Presentations and documents: [data-ls-deck="id"] holding [data-ls-slide="n"] children, or any
// viewer driven through show() (the instance's slide() and the reveal.js / PDF.js adapters).
// A slide is "current" while the visitor is on it; its dwell clock runs only while the visitor
// is attending (attention.js) and the slide is really shown. Leaving a slide emits one
// slide_view { deck, slide, of, ms } with the dwell.
//
// Three kinds of deck:
//  - scroll: slides laid out one after another; every slide in view is current.
//  - single: one slide at a time, chosen by the site's markup (aria-current, an active/present/
//    current class, or the only slide without `hidden`/aria-hidden); the deck must be in view.
//  - api: the current slide is whatever show() said last; the markup is not consulted.
// guard.js, attention.js and visibility.js are the entry's, handed over by init(): importing them
// would make the bundler split them into a chunk that every start waits for.
let guard = null;
let observer = null;
let attention = null;
let dwellMs = null;
let isInView = null;
let thresholds = null;

const ACTIVE_CLASSES = ['active', 'present', 'current', 'is-active'];
const MARKER_ATTRIBUTES = ['hidden', 'class', 'aria-hidden', 'aria-current'];

let emit = null;
let ratio = 0;
let maxDwellMs = 0;
let intersections = null;
let mutations = null;
let unsubscribe = null;
const decks = new Map(); // deck id -> Deck
const targets = new Map(); // observed element -> { deck, slide } (slide null: the deck element)
const currentListeners = new Set();

/**
 * config: { minVisibleRatio, maxDwellMs } (the engine's settings().content, defaults filled in);
 * shared: { guard, observer, attention, visibility } from the entry.
 */
export function init(config, emitEvent, shared) {
  teardown();
  ({ guard, observer, attention } = shared);
  ({ dwellMs, isInView, thresholds } = shared.visibility);
  emit = emitEvent;
  ratio = config.minVisibleRatio;
  maxDwellMs = config.maxDwellMs;
  intersections = observer(IntersectionObserver, onIntersections, { threshold: thresholds(ratio) });
  mutations = observer(MutationObserver, onMutations);
  for (const element of document.querySelectorAll('[data-ls-deck]')) addDomDeck(element);
  unsubscribe = attention.subscribe(onAttention);
}

/** Emits the slides still being viewed, then stops observing. */
export function teardown() {
  if (!intersections) return;
  for (const deck of decks.values()) leaveAll(deck);
  intersections.disconnect();
  mutations.disconnect();
  intersections = mutations = null;
  unsubscribe();
  unsubscribe = null;
  decks.clear();
  targets.clear();
  currentListeners.clear();
  emit = null;
}

/**
 * Tells which slide of a deck the visitor is on now (custom viewers, adapters). From the first
 * call on, the deck follows only these calls. Throws RangeError for a bad argument.
 */
export function show(deckId, slide, of) {
  if (typeof deckId !== 'string' || deckId === '') throw new RangeError('deck: expected a non-empty string');
  if (!Number.isInteger(slide) || slide < 1) throw new RangeError('slide: expected an integer ≥ 1');
  if (of !== undefined && of !== null && (!Number.isInteger(of) || of < slide)) {
    throw new RangeError('of: expected an integer ≥ slide');
  }
  let deck = decks.get(deckId);
  if (!deck) {
    deck = newDeck(deckId, null, 'api');
    decks.set(deckId, deck);
  } else if (deck.mode !== 'api') {
    leaveAll(deck);
    for (const [element, target] of targets) {
      if (target.deck === deck) {
        intersections.unobserve(element);
        targets.delete(element);
      }
    }
    deck.mode = 'api';
  }
  if (of) deck.of = of;
  setCurrent(deck, [slide]);
}

/** The slides a deck is on now (empty for an unknown deck). */
export function current(deckId) {
  const deck = decks.get(deckId);
  return deck ? [...deck.views.keys()] : [];
}

/** The deck's layout as this module sees it: 'scroll', 'single', 'api', or null if unknown. */
export function mode(deckId) {
  return decks.get(deckId)?.mode ?? null;
}

/** Re-reads lock states and restarts the clocks (after a gate locked or unlocked slides). */
export function refresh() {
  for (const deck of decks.values()) runClocks(deck);
}

/** Calls fn(deckId, slide) whenever a slide becomes current. Returns the unsubscribe function. */
export function onCurrent(fn) {
  const guarded = guard(fn);
  currentListeners.add(guarded);
  return () => currentListeners.delete(guarded);
}

function newDeck(id, element, deckMode) {
  return { id, element, mode: deckMode, of: 0, inView: false, slides: new Map(), views: new Map() };
}

function addDomDeck(element) {
  const id = element.getAttribute('data-ls-deck');
  if (!id || decks.has(id)) return;
  const slides = new Map();
  for (const slide of element.querySelectorAll('[data-ls-slide]')) {
    const n = Number(slide.getAttribute('data-ls-slide'));
    if (Number.isInteger(n) && n >= 1 && !slides.has(n)) slides.set(n, { element: slide, inView: false });
  }
  const deck = newDeck(id, element, layoutOf(element, slides));
  deck.slides = slides;
  deck.of = Number(element.getAttribute('data-ls-of')) || Math.max(0, ...slides.keys());
  decks.set(id, deck);
  if (deck.mode === 'scroll') {
    for (const [n, slide] of slides) watch(slide.element, { deck, slide: n });
  } else {
    watch(element, { deck, slide: null });
    mutations.observe(element, { subtree: true, attributes: true, attributeFilter: MARKER_ATTRIBUTES });
    setCurrent(deck, activeSlides(deck));
  }
}

function watch(element, target) {
  targets.set(element, target);
  intersections.observe(element);
}

/** A deck is 'single' when its markup already marks one slide as the shown one. */
function layoutOf(element, slides) {
  const declared = element.getAttribute('data-ls-mode');
  if (declared === 'single' || declared === 'scroll') return declared;
  for (const { element: slide } of slides.values()) {
    if (slide.hasAttribute('hidden') || slide.getAttribute('aria-hidden') === 'true' ||
        isMarkedCurrent(slide)) return 'single';
  }
  return 'scroll';
}

function isMarkedCurrent(slide) {
  const ariaCurrent = slide.getAttribute('aria-current');
  if (ariaCurrent && ariaCurrent !== 'false') return true;
  return ACTIVE_CLASSES.some((name) => slide.classList.contains(name));
}

function activeSlides(deck) {
  const entries = [...deck.slides];
  const marked = entries.find(([, slide]) => isMarkedCurrent(slide.element));
  if (marked) return [marked[0]];
  const shown = entries.find(([, { element }]) =>
    !element.hasAttribute('hidden') && element.getAttribute('aria-hidden') !== 'true');
  return shown ? [shown[0]] : [];
}

function onIntersections(entries) {
  const touched = new Set();
  for (const entry of entries) {
    const target = targets.get(entry.target);
    if (!target) continue;
    const inView = isInView(entry, ratio);
    if (target.slide === null) target.deck.inView = inView;
    else target.deck.slides.get(target.slide).inView = inView;
    touched.add(target.deck);
  }
  for (const deck of touched) {
    if (deck.mode === 'scroll') setCurrent(deck, [...deck.slides].filter(([, s]) => s.inView).map(([n]) => n));
    else runClocks(deck);
  }
}

function onMutations() {
  for (const deck of decks.values()) {
    if (deck.mode === 'single') setCurrent(deck, activeSlides(deck));
  }
}

function onAttention(change) {
  for (const deck of decks.values()) {
    if (change === 'pagehide') leaveAll(deck);
    else if (change === 'pageshow') setCurrent(deck, deck.lastCurrent || []);
    else runClocks(deck);
  }
}

function setCurrent(deck, slides) {
  deck.lastCurrent = slides;
  for (const n of [...deck.views.keys()]) {
    if (!slides.includes(n)) leave(deck, n);
  }
  for (const n of slides) {
    if (deck.views.has(n)) continue;
    deck.views.set(n, { ms: 0, since: null });
    for (const fn of [...currentListeners]) fn(deck.id, n);
  }
  runClocks(deck);
}

function runClocks(deck) {
  const now = performance.now();
  for (const [n, view] of deck.views) {
    const running = attention.attending() && isShown(deck, n);
    if (running && view.since === null) view.since = now;
    else if (!running && view.since !== null) {
      view.ms += dwellMs(view.since, now);
      view.since = null;
    }
  }
}

// A slide locked by a gate is current (the visitor reached it) but not shown.
function isShown(deck, n) {
  const element = deck.slides.get(n)?.element ?? slideElement(deck.id, n);
  if (element && element.hasAttribute('data-ls-locked')) return false;
  return deck.mode !== 'single' || deck.inView;
}

function slideElement(deckId, n) {
  for (const deckElement of document.querySelectorAll('[data-ls-deck]')) {
    if (deckElement.getAttribute('data-ls-deck') !== deckId) continue;
    const slide = deckElement.querySelector(`[data-ls-slide="${n}"]`);
    if (slide) return slide;
  }
  return null;
}

function leave(deck, n) {
  const view = deck.views.get(n);
  deck.views.delete(n);
  const ms = view.since === null ? view.ms : view.ms + dwellMs(view.since, performance.now());
  if (ms <= 0) return;
  const event = { type: 'slide_view', deck: deck.id, slide: n, ms: Math.min(ms, maxDwellMs) };
  if (deck.of >= n) event.of = deck.of;
  emit(event);
}

function leaveAll(deck) {
  for (const n of [...deck.views.keys()]) leave(deck, n);
}
