// The product tour: reveal.js embedded in the page. leadscore reads the current slide from
// reveal's own markup (the `present` class on data-ls-slide sections), as on any customer site.
import Reveal from '/vendor/reveal/reveal.mjs';

// Slides are laid out at one of two sizes and scaled to the frame: wide for a desktop column,
// portrait for a phone, so the text stays readable on both.
const WIDE = { width: 1100, height: 640 };
const PORTRAIT = { width: 640, height: 760 };
const PORTRAIT_BELOW_PX = 560;

function sizeFor(element) {
  return element.clientWidth < PORTRAIT_BELOW_PX ? PORTRAIT : WIDE;
}

export async function initTour(element) {
  let size = sizeFor(element);
  element.dataset.layout = size === WIDE ? 'wide' : 'portrait';
  const deck = new Reveal(element, {
    embedded: true,
    hash: false,
    history: false,
    respondToHashChanges: false,
    // Arrow keys move the deck only while it has the keyboard focus (Tab to it, or click it).
    keyboardCondition: () => element.contains(document.activeElement),
    controls: true,
    progress: true,
    slideNumber: 'c/t',
    transition: 'slide',
    ...size,
    margin: 0.08,
    // reveal turns narrow decks into a scrolling page; embedded in a page that already scrolls, it stays a deck.
    scrollActivationWidth: null,
  });
  await deck.initialize();
  new ResizeObserver(() => {
    const wanted = sizeFor(element);
    if (wanted === size) return;
    size = wanted;
    element.dataset.layout = size === WIDE ? 'wide' : 'portrait';
    deck.configure(size);
  }).observe(element);
  return deck;
}
