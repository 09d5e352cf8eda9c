// The product tour: reveal.js embedded in the page. leadscore reads the current slide from
// reveal's own markup (the `present` class on data-ls-slide sections), as on any customer site.
import Reveal from '/vendor/reveal/reveal.mjs';

export async function initTour(element) {
  const deck = new Reveal(element, {
    embedded: true,
    hash: false,
    history: false,
    respondToHashChanges: false,
    keyboardCondition: 'focused',
    controls: true,
    progress: true,
    slideNumber: 'c/t',
    transition: 'slide',
    width: 1100,
    height: 640,
    margin: 0.08,
  });
  await deck.initialize();
  return deck;
}
