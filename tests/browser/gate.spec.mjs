// gate.js: the overlay appears when the visitor reaches a locked slide, locked slides are really
// hidden (not visible, not in the accessibility tree), the form is validated and keyboard-usable,
// and a submit unlocks whatever the score.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { baseConfig } from './support/configs.mjs';
import { events, log, openPage, scrollTo, setup } from './support/browser.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const gates = [{ id: 'tour-gate', deck: 'tour', atSlide: 4, form: 'lead' }];
// The gate form asks for a name too: the config names it as a lead field.
const ls = { config: baseConfig({ gates, submit: { endpoint: '/leads', fields: ['name'] } }), consent: true };

async function inAccessibilityTree(page, selector) {
  const snapshot = await page.locator('body').ariaSnapshot();
  const heading = await page.evaluate((s) => document.querySelector(`${s} h2`).textContent, selector);
  return snapshot.includes(heading);
}

test('locked slides are hidden and out of the accessibility tree until the gate form is sent', async () => {
  const { page, context } = await openPage(env, 'gate.html', { ls });
  await assert.doesNotReject(page.locator('#slide-4').waitFor({ state: 'hidden' }));
  assert.equal(await page.locator('#slide-5').isVisible(), false);
  assert.equal(await inAccessibilityTree(page, '#slide-4'), false);
  assert.equal(await inAccessibilityTree(page, '[data-ls-slide="3"]'), true);
  assert.equal(await page.locator('#gate').isVisible(), false);
  assert.deepEqual((await log(page)).gates, [{ id: 'tour-gate', locked: true, open: false }]);
  await context.close();
});

test('the gate opens as a modal dialog at atSlide, traps focus, closes on Escape', async () => {
  const { page, context } = await openPage(env, 'gate.html', { ls });
  await scrollTo(page, '[data-ls-slide="3"]');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.locator('#gate').waitFor({ state: 'visible' });
  assert.equal(await page.getAttribute('#gate', 'role'), 'dialog');
  assert.equal(await page.getAttribute('#gate', 'aria-modal'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'email');
  // Tab cycles inside the dialog: e-mail, name, submit, back to e-mail (the honeypot is skipped).
  for (const expected of ['name', 'submit', 'email']) {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.name || document.activeElement.type), expected);
  }
  await page.keyboard.press('Escape');
  await page.locator('#gate').waitFor({ state: 'hidden' });
  assert.equal(await page.locator('#slide-4').isVisible(), false, 'closing the dialog does not unlock');
  assert.deepEqual((await log(page)).gates.map((g) => [g.locked, g.open]), [[true, false], [true, true], [true, false]]);
  await context.close();
});

test('an invalid e-mail is refused by the form; a valid one records form_submit and unlocks', async () => {
  const { page, context } = await openPage(env, 'gate.html', { ls });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.locator('#gate').waitFor({ state: 'visible' });
  await page.keyboard.type('not-an-email');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#gate').isVisible(), true);
  assert.deepEqual(await events(page, 'form_submit'), []);
  await page.fill('#gate [name=email]', 'ann@gmail.com'); // free mail: does not qualify
  await page.fill('#gate [name=name]', 'Ann');
  await page.keyboard.press('Enter');
  await page.locator('#slide-4').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#gate').isVisible(), false);
  assert.equal(await inAccessibilityTree(page, '#slide-4'), true);
  assert.equal(page.url(), `${env.origin}/fixtures/gate.html`, 'the gate form does not navigate away');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'slide-4');
  const [submit] = await events(page, 'form_submit');
  assert.equal(submit.form, 'lead');
  assert.deepEqual(submit.fields, { email: 'ann@gmail.com', name: 'Ann' });
  assert.equal(submit.honeypot, '');
  const { gates: changes, lastScore } = await log(page);
  assert.deepEqual(changes.at(-1), { id: 'tour-gate', locked: false, open: false });
  assert.equal(lastScore.qualified, false);
  assert.deepEqual(lastScore.gates, [{ id: 'tour-gate', locked: false }]);
  await context.close();
});

test('without the page script the gated slides and the form work as plain HTML', async () => {
  const { page, context } = await openPage(env, 'gate.html', { ls: { config: { version: 1 } }, waitReady: true });
  assert.equal((await log(page)).errors[0].code, 'invalid_config');
  assert.equal(await page.locator('#slide-4').isVisible(), true);
  assert.equal(await inAccessibilityTree(page, '#slide-5'), true);
  await page.evaluate(() => { document.getElementById('gate').hidden = false; });
  await page.fill('#gate [name=email]', 'ann@example.com');
  await Promise.all([page.waitForURL(/thanks\.html\?email=ann%40example\.com/), page.keyboard.press('Enter')]);
  await context.close();
});

test('reveal.js deck: moving to a locked slide opens the gate; the slide stays hidden', async () => {
  const config = baseConfig({ gates: [{ id: 'talk-gate', deck: 'talk', atSlide: 3, form: 'lead' }] });
  const { page, context } = await openPage(env, 'reveal.html', { ls: { config, consent: true } });
  await page.waitForFunction(() => window.deckReady === true, null, { polling: 20 });
  await page.evaluate(() => window.deck.slide(1));
  assert.equal(await page.locator('[data-ls-gate="talk-gate"]').isVisible(), false);
  await page.evaluate(() => window.deck.slide(2));
  await page.locator('[data-ls-gate="talk-gate"]').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#talk-3').isVisible(), false);
  assert.equal(await inAccessibilityTree(page, '#talk-3'), false);
  await page.fill('[data-ls-gate="talk-gate"] [name=email]', 'ann@acme.example');
  await page.keyboard.press('Enter');
  await page.locator('#talk-3').waitFor({ state: 'visible' });
  await context.close();
});

test('reveal.js deck: a slide the viewer made present while it was locked is shown and usable on unlock', async () => {
  const config = baseConfig({ gates: [{ id: 'talk-gate', deck: 'talk', atSlide: 6, form: 'lead' }] });
  const { page, context } = await openPage(env, 'reveal-long.html', { ls: { config, consent: true } });
  await page.waitForFunction(() => window.deckReady === true, null, { polling: 20 });
  // Locked while reveal.js had slide 6 unloaded; reveal.js loads it on the way there.
  for (const index of [3, 4, 5]) await page.evaluate((i) => window.deck.slide(i), index);
  await page.locator('[data-ls-gate="talk-gate"]').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#talk-6').isVisible(), false);
  await page.fill('[data-ls-gate="talk-gate"] [name=email]', 'ann@acme.example');
  await page.keyboard.press('Enter');
  await page.locator('#talk-6').waitFor({ state: 'visible', timeout: 3000 });
  // reveal.js made slide 6 the present one (not inert) while it was locked; so it is now.
  assert.equal(await page.evaluate(() => document.getElementById('talk-6').inert), false);
  assert.equal(await inAccessibilityTree(page, '#talk-6'), true);
  await context.close();
});

test('PDF.js viewer: scrolling to a locked page opens the gate dialog; the pages stay hidden', async () => {
  const config = baseConfig({ gates: [{ id: 'paper-gate', deck: 'whitepaper', atSlide: 3, form: 'lead' }] });
  const { page, context } = await openPage(env, 'pdf.html', { ls: { config, consent: true } });
  await page.waitForFunction(() => window.deckReady === true, null, { polling: 20 });
  const pageShown = (n) => page.locator(`#viewer .page[data-page-number="${n}"]`).isVisible();
  assert.deepEqual([await pageShown(2), await pageShown(3), await pageShown(4)], [true, false, false]);
  assert.equal(await page.locator('#paper-gate').isVisible(), false);
  await page.evaluate(() => { const c = document.getElementById('viewerContainer'); c.scrollTop = c.scrollHeight; });
  await page.locator('#paper-gate').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.getElementById('paper-gate').open), true);
  await page.fill('#paper-gate [name=email]', 'ann@acme.example');
  await page.keyboard.press('Enter');
  await page.locator('#viewer .page[data-page-number="3"]').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#paper-gate').isVisible(), false);
  await context.close();
});

test('one-at-a-time deck: showing a locked slide opens the gate; the slide is hidden meanwhile', async () => {
  const config = baseConfig({ gates: [{ id: 'steps-gate', deck: 'steps', atSlide: 3, form: 'lead' }] });
  const { page, context } = await openPage(env, 'slides.html', { ls: { config, consent: true } });
  const show = (n) => page.evaluate((shown) => {
    for (const slide of document.querySelectorAll('#steps [data-ls-slide]')) slide.hidden = Number(slide.dataset.lsSlide) !== shown;
  }, n);
  await scrollTo(page, '#steps');
  await show(2);
  assert.equal(await page.locator('#steps-gate').isVisible(), false);
  await show(3);
  await page.locator('#steps-gate').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#steps [data-ls-slide="3"]').isVisible(), false);
  await page.fill('#steps-gate [name=email]', 'ann@acme.example');
  await page.keyboard.press('Enter');
  await page.locator('#steps [data-ls-slide="3"]').waitFor({ state: 'visible' });
  await context.close();
});

test('content gate: the block is hidden until the form is sent; reaching its place opens the gate', async () => {
  const config = baseConfig({ gates: [{ id: 'story-gate', content: 'case-*', form: 'lead' }] });
  const { page, context } = await openPage(env, 'content.html', { ls: { config, consent: true } });
  assert.equal(await page.locator('#story').isVisible(), false);
  assert.equal(await page.locator('#pricing').isVisible(), true, 'other blocks stay open');
  assert.equal(await page.locator('#story-gate').isVisible(), false);
  await page.evaluate(() => document.querySelector('[data-ls-gate-sentinel]').scrollIntoView());
  await page.locator('#story-gate').waitFor({ state: 'visible' });
  await page.fill('#story-gate [name=email]', 'ann@acme.example');
  await page.keyboard.press('Enter');
  await page.locator('#story').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#story-gate').isVisible(), false);
  await context.close();
});
