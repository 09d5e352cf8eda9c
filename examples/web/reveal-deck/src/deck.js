// A reveal.js deck followed by leadscore: every slide change is a slide_view, and the gate in
// leadscore.json locks slides 3 and later until the lead form in the dialog is submitted.
import Reveal from 'reveal.js';
import 'reveal.js/reveal.css';
import 'reveal.js/theme/white.css';
import { followReveal, init } from 'leadscore';
import wasm from 'leadscore/leadscore-core.wasm';

// esbuild's file loader gives the copied wasm's path relative to the bundle.
const wasmUrl = new URL(wasm, import.meta.url);

const deck = new Reveal(document.querySelector('.reveal'), { hash: false, transition: 'none' });
await deck.initialize();
const ls = await init({ config: '/leadscore.json', wasmUrl, consent: true });
followReveal(ls, deck);
window.deck = deck;
window.ls = ls;
