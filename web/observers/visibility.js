// The one definition of "this element is in view", shared by content blocks and slides: at least
// minVisibleRatio of the element is in the viewport, or — for a block taller than the viewport,
// which can never show half of itself — it fills at least that share of the viewport.

/**
 * IntersectionObserver thresholds: the exact crossing of `ratio`, plus 5 % steps so that a block
 * taller than the viewport is noticed when it comes to fill the viewport.
 */
export function thresholds(ratio) {
  const steps = Array.from({ length: 21 }, (_, i) => i / 20);
  return [...new Set([...steps, Math.min(Math.max(ratio, 0), 1)])].sort((a, b) => a - b);
}

/** Whether an IntersectionObserverEntry counts as seen. */
export function isInView(entry, ratio) {
  if (!entry.isIntersecting) return false;
  if (entry.intersectionRatio >= ratio - 1e-6) return true;
  const viewport = entry.rootBounds;
  if (!viewport || viewport.height <= 0) return false;
  return entry.intersectionRect.height >= ratio * viewport.height - 0.5 && entry.intersectionRect.width > 0;
}

/** A measured duration in whole ms, never negative (an event caps it at the settings' maxDwellMs). */
export function dwellMs(startedAt, endedAt) {
  return Math.max(Math.round(endedAt - startedAt), 0);
}
