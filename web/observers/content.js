// Content blocks ([data-ls-content="id"], optional data-ls-tags="a,b"): one content_view per
// viewable impression. An impression is one unbroken stretch during which the block is in view
// and the visitor is attending (attention.js); it ends when the block scrolls out, the tab is
// hidden, the visitor goes idle or the page is left, and counts only if it lasted minVisibleMs.
// Everything is event-driven (IntersectionObserver + attention changes): nothing polls.
import { observer as guardedObserver } from '../guard.js';
import * as attention from './attention.js';
import { dwellMs, isInView, thresholds } from './visibility.js';

let observer = null;
let unsubscribe = null;
let emit = null;
let settings = null;
const blocks = new Map(); // element -> { inView, since: performance.now() at impression start | null }

/** config: { minVisibleRatio, minVisibleMs, maxDwellMs } (the engine's settings().content, defaults filled in). */
export function init(config, emitEvent) {
  teardown();
  emit = emitEvent;
  settings = config;
  observer = guardedObserver(IntersectionObserver, onIntersections, { threshold: thresholds(config.minVisibleRatio) });
  for (const element of document.querySelectorAll('[data-ls-content]')) {
    blocks.set(element, { inView: false, since: null });
    observer.observe(element);
  }
  unsubscribe = attention.subscribe(() => {
    for (const element of blocks.keys()) update(element);
  });
}

/** Ends every running impression (so its time is not lost), then stops observing. */
export function teardown() {
  if (!observer) return;
  for (const [element, block] of blocks) {
    block.inView = false;
    update(element);
  }
  observer.disconnect();
  observer = null;
  unsubscribe();
  unsubscribe = null;
  blocks.clear();
  emit = null;
}

function onIntersections(entries) {
  for (const entry of entries) {
    const block = blocks.get(entry.target);
    if (!block) continue;
    block.inView = isInView(entry, settings.minVisibleRatio);
    update(entry.target);
  }
}

function update(element) {
  const block = blocks.get(element);
  const counting = block.inView && attention.attending();
  if (counting && block.since === null) {
    block.since = performance.now();
  } else if (!counting && block.since !== null) {
    const ms = dwellMs(block.since, performance.now());
    block.since = null;
    if (ms >= settings.minVisibleMs) emit(contentView(element, Math.min(ms, settings.maxDwellMs)));
  }
}

function contentView(element, ms) {
  const event = { type: 'content_view', id: element.getAttribute('data-ls-content'), ms };
  const tags = parseTags(element.getAttribute('data-ls-tags'));
  if (tags.length) event.tags = tags;
  return event;
}

/** "a, b,,c" -> ["a", "b", "c"]; spaces separate tags too ("product security"). */
function parseTags(text) {
  return (text || '').split(/[\s,]+/).filter(Boolean);
}
