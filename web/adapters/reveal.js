// reveal.js: reports the deck's current slide on every `slidechanged` (and once when ready).
// Slides are numbered in reveal's own order (vertical slides included) and given data-ls-slide,
// so a gate on this deck can find and hide the ones it locks.


/**
 * Follows a Reveal instance (the global `Reveal` or `new Reveal(...)`) for the page script
 * instance `ls`. The deck id is options.deck, else the reveal element's data-ls-deck, else
 * "slides". Returns a function that stops following. The first argument is the entry's guard.js
 * (`{ guard }`), handed over rather than imported so that it stays out of a chunk every start waits for.
 */
export function followReveal({ guard }, ls, reveal, options = {}) {
  const root = reveal.getRevealElement();
  const deck = options.deck || root.getAttribute('data-ls-deck') || 'slides';
  root.setAttribute('data-ls-deck', deck);
  const report = guard(() => {
    const slides = reveal.getSlides();
    slides.forEach((slide, index) => slide.setAttribute('data-ls-slide', String(index + 1)));
    const n = slides.indexOf(reveal.getCurrentSlide()) + 1;
    if (n >= 1) ls.slide(deck, n, slides.length);
  });
  reveal.on('slidechanged', report);
  reveal.on('ready', report);
  if (reveal.isReady()) report();
  return () => {
    reveal.off('slidechanged', report);
    reveal.off('ready', report);
  };
}
