// observers/slides.js and the adapters: one slide_view per slide left, with the time the visitor
// really spent on it (tab visible, active), for scroll decks, one-at-a-time decks, the slide()
// API, reveal.js and PDF.js.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { baseConfig } from './support/configs.mjs';
import { PDF_PAGES } from './support/server.mjs';
import { events, log, openPage, scrollTo, setup, setVisibility } from './support/browser.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const PAUSE = Date.parse('2026-11-23T10:01:00Z');
const ls = { config: baseConfig({ content: { idleMs: 600000 } }), consent: true };

async function slideViews(page, deck) {
  return (await events(page, 'slide_view')).filter((e) => e.deck === deck).map(({ slide, of, ms }) => ({ slide, of, ms }));
}

test('scroll deck: each slide scrolled past is one slide_view with its dwell', async () => {
  const { page, context } = await openPage(env, 'slides.html', { ls });
  await page.clock.pauseAt(PAUSE);
  await scrollTo(page, '[data-ls-deck="tour"] [data-ls-slide="1"]');
  await page.clock.runFor(2000);
  await scrollTo(page, '[data-ls-deck="tour"] [data-ls-slide="2"]');
  await page.clock.runFor(3000);
  await scrollTo(page, '[data-ls-deck="tour"] [data-ls-slide="3"]');
  assert.deepEqual(await slideViews(page, 'tour'), [{ slide: 1, of: 4, ms: 2000 }, { slide: 2, of: 4, ms: 3000 }]);
  await context.close();
});

test('scroll deck: a hidden tab pauses the dwell without ending the view', async () => {
  const { page, context } = await openPage(env, 'slides.html', { ls });
  await page.clock.pauseAt(PAUSE);
  await scrollTo(page, '[data-ls-deck="tour"] [data-ls-slide="1"]');
  await page.clock.runFor(1000);
  await setVisibility(page, 'hidden');
  await page.clock.runFor(45000);
  await setVisibility(page, 'visible');
  await page.clock.runFor(1500);
  assert.deepEqual(await slideViews(page, 'tour'), []);
  await scrollTo(page, '[data-ls-deck="tour"] [data-ls-slide="2"]');
  assert.deepEqual(await slideViews(page, 'tour'), [{ slide: 1, of: 4, ms: 2500 }]);
  await context.close();
});

test('scroll deck: an idle visitor stops the dwell clock', async () => {
  const config = baseConfig({ content: { idleMs: 4000 } });
  const { page, context } = await openPage(env, 'slides.html', { ls: { ...ls, config } });
  await page.clock.pauseAt(PAUSE);
  await scrollTo(page, '[data-ls-deck="tour"] [data-ls-slide="1"]');
  await page.clock.runFor(30000);
  await scrollTo(page, '[data-ls-deck="tour"] [data-ls-slide="2"]');
  assert.deepEqual(await slideViews(page, 'tour'), [{ slide: 1, of: 4, ms: 4000 }]);
  await context.close();
});

test('one-at-a-time deck: the shown slide is timed while the deck is in view', async () => {
  const { page, context } = await openPage(env, 'slides.html', { ls });
  await page.clock.pauseAt(PAUSE);
  const show = (n) => page.evaluate((shown) => {
    for (const slide of document.querySelectorAll('#steps [data-ls-slide]')) {
      slide.hidden = Number(slide.dataset.lsSlide) !== shown;
    }
  }, n);
  await scrollTo(page, '#steps');
  await page.clock.runFor(2000);
  await show(2);
  await page.clock.runFor(1500);
  await scrollTo(page, '#steps', { inView: false });
  await page.clock.runFor(20000); // the deck is off screen: slide 2's clock stands still
  await scrollTo(page, '#steps');
  await page.clock.runFor(500);
  await show(3);
  assert.deepEqual(await slideViews(page, 'steps'), [{ slide: 1, of: 3, ms: 2000 }, { slide: 2, of: 3, ms: 2000 }]);
  await context.close();
});

test('slide() API: a custom viewer reports its slides; bad arguments go to onError', async () => {
  const { page, context } = await openPage(env, 'slides.html', { ls });
  await page.clock.pauseAt(PAUSE);
  await page.evaluate(() => window.ls.slide('viewer', 1, 3));
  await page.clock.runFor(1200);
  await page.evaluate(() => window.ls.slide('viewer', 2, 3));
  await page.clock.runFor(800);
  const threw = await page.evaluate(() => {
    try { window.ls.slide('viewer', 0, 3); return false; } catch { return true; }
  });
  assert.equal(threw, false);
  await page.evaluate(() => window.ls.slide('viewer', 3, 3));
  assert.deepEqual(await slideViews(page, 'viewer'), [{ slide: 1, of: 3, ms: 1200 }, { slide: 2, of: 3, ms: 800 }]);
  const { errors } = await log(page);
  assert.deepEqual(errors, [{ code: 'invalid_argument', message: 'slide(): slide: expected an integer ≥ 1' }]);
  await context.close();
});

test('reveal.js: slidechanged drives the dwell per slide', async () => {
  const { page, context } = await openPage(env, 'reveal.html', { ls });
  await page.waitForFunction(() => window.deckReady === true, null, { polling: 20 });
  await page.clock.pauseAt(PAUSE);
  await page.evaluate(() => window.deck.slide(1)); // reveal counts from 0: the second slide
  await page.clock.runFor(3000);
  await page.evaluate(() => window.deck.next());
  await page.clock.runFor(1000);
  await page.evaluate(() => window.deck.slide(0));
  const views = await slideViews(page, 'talk');
  assert.deepEqual(views.slice(1), [{ slide: 2, of: 4, ms: 3000 }, { slide: 3, of: 4, ms: 1000 }]);
  assert.equal(views[0].slide, 1);
  await context.close();
});

test('PDF.js viewer: pagechanging drives the dwell per page', async () => {
  const { page, context } = await openPage(env, 'pdf.html', { ls });
  await page.waitForFunction(() => window.deckReady === true, null, { polling: 20 });
  await page.clock.pauseAt(PAUSE);
  await page.evaluate(() => { window.viewer.currentPageNumber = 2; });
  await page.clock.runFor(4000);
  await page.evaluate(() => { window.viewer.currentPageNumber = 3; });
  await page.clock.runFor(1000);
  await page.evaluate(() => { window.viewer.currentPageNumber = 1; });
  const views = await slideViews(page, 'whitepaper');
  assert.deepEqual(views.slice(1), [{ slide: 2, of: PDF_PAGES, ms: 4000 }, { slide: 3, of: PDF_PAGES, ms: 1000 }]);
  const pages = await page.evaluate(() => [...document.querySelectorAll('#viewer .page')].map((p) => p.dataset.lsSlide));
  assert.deepEqual(pages, ['1', '2', '3', '4']);
  await context.close();
});

test('PDF.js custom renderer: pdfPageReporter turns page numbers into slide views', async () => {
  const { page, context } = await openPage(env, 'slides.html', { ls });
  await page.clock.pauseAt(PAUSE);
  await page.evaluate(async () => {
    const { pdfPageReporter } = await import('/leadscore/leadscore.js');
    window.showPage = pdfPageReporter(window.ls, 'paper', 5);
    window.showPage(1);
  });
  await page.clock.runFor(2500);
  await page.evaluate(() => window.showPage(2));
  await page.clock.runFor(500);
  await page.evaluate(() => window.showPage(5));
  assert.deepEqual(await slideViews(page, 'paper'), [{ slide: 1, of: 5, ms: 2500 }, { slide: 2, of: 5, ms: 500 }]);
  await context.close();
});
