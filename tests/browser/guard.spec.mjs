// guard.js: a failure inside any browser callback of the page script (a form, gate, slide or
// attention listener or observer) is reported to onError, never thrown into the host page, and
// the page script keeps working afterwards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { baseConfig } from './support/configs.mjs';
import { events, log, openPage, scrollTo, setup, uncaughtErrors } from './support/browser.mjs';
import { until } from './support/lead.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const gates = [{ id: 'tour-gate', deck: 'tour', atSlide: 4, form: 'lead' }];
const gated = { config: baseConfig({ gates }), consent: true };
const ls = { config: baseConfig(), consent: true };

/** Makes the next call of `owner[name]` (a platform function the page script uses) throw once. */
function failOnce(page, owner, name) {
  return page.evaluate(([ownerPath, method]) => {
    const target = ownerPath.split('.').reduce((object, key) => object[key], window);
    const original = target[method];
    target[method] = function failing(...args) {
      target[method] = original;
      throw new Error(`planted failure in ${method}`);
    };
  }, [owner, name]);
}

async function assertContained(page, method) {
  await until(async () => (await log(page)).errors.length > 0, { what: 'onError' });
  const { errors } = await log(page);
  assert.deepEqual(errors.map((e) => e.code), ['internal']);
  assert.match(errors[0].message, new RegExp(`planted failure in ${method}`));
  assert.deepEqual(uncaughtErrors(page), [], 'nothing reached the host page');
}

test('a form listener that fails is contained; the gate still unlocks and the next submit is recorded', async () => {
  const { page, context } = await openPage(env, 'gate.html', { ls: gated });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.locator('#gate').waitFor({ state: 'visible' });
  await page.fill('#gate [name=email]', 'ann@acme.example');
  await failOnce(page, 'HTMLFormElement.prototype', 'checkValidity'); // forms.js's submit listener
  await page.keyboard.press('Enter');
  await assertContained(page, 'checkValidity');
  await page.locator('#slide-4').waitFor({ state: 'visible' });
  assert.deepEqual(await events(page, 'form_submit'), [], 'the failed listener recorded nothing');
  await page.evaluate(() => document.querySelector('#gate form').requestSubmit());
  await until(async () => (await events(page, 'form_submit')).length === 1, { what: 'the second submit' });
  await context.close();
});

test('a gate observer that fails is contained; the gate still closes on Escape', async () => {
  const { page, context } = await openPage(env, 'gate.html', { ls: gated });
  await failOnce(page, 'HTMLElement.prototype', 'focus'); // gate.js opening its overlay
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await assertContained(page, 'focus');
  await page.locator('#gate').waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await page.locator('#gate').waitFor({ state: 'hidden' });
  assert.deepEqual((await log(page)).gates.at(-1), { id: 'tour-gate', locked: true, open: false });
  assert.equal(await page.locator('#slide-4').isVisible(), false, 'still locked');
  await context.close();
});

test('a slide observer that fails is contained; slides are still timed', async () => {
  const { page, context } = await openPage(env, 'slides.html', { ls });
  await failOnce(page, 'performance', 'now'); // slides.js starting a slide's clock
  await scrollTo(page, '[data-ls-slide="1"]');
  await assertContained(page, 'now');
  await scrollTo(page, '[data-ls-slide="2"]');
  await page.clock.runFor(3000);
  await scrollTo(page, '#steps');
  await until(async () => (await events(page, 'slide_view')).some((e) => e.slide === 2 && e.ms >= 3000), { what: 'slide 2 timed' });
  await context.close();
});

test('an attention listener that fails is contained; activity still counts', async () => {
  const { page, context } = await openPage(env, 'lead.html', { ls });
  await page.clock.runFor(2000);
  await failOnce(page, 'Date', 'now'); // attention.js noting activity
  await page.keyboard.press('Shift');
  await assertContained(page, 'now');
  await page.clock.runFor(1000);
  await page.keyboard.press('Shift');
  await page.evaluate(() => window.ls.track({ type: 'custom', name: 'still-running' }));
  assert.equal((await events(page, 'custom')).length, 1);
  await context.close();
});
