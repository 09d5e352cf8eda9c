// observers/forms.js: form_view, form_start, form_submit with the lead's fields (only those the
// config names, never a password or the honeypot), fillMs, honeypot and webdriver; the site's own
// submit is left alone. tests/browser/leads.spec.mjs follows secrets up to the collector's store.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { baseConfig } from './support/configs.mjs';
import { events, log, openPage, setup } from './support/browser.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const PAUSE = Date.parse('2026-11-23T10:01:00Z');
const ls = { config: baseConfig(), consent: true };

test('form_view, one form_start, then form_submit with fields, fillMs, honeypot and webdriver', async () => {
  const { page, context } = await openPage(env, 'lead.html', { ls });
  await page.clock.pauseAt(PAUSE);
  await page.fill('#lead [name=email]', 'ann@acme.example');
  await page.clock.runFor(1000);
  await page.fill('#lead [name=job_title]', 'CTO');
  await page.clock.runFor(1200);
  await page.click('#lead [type=submit]');
  const formEvents = (await events(page)).filter((e) => e.type.startsWith('form_'));
  assert.deepEqual(formEvents.map((e) => e.type), ['form_view', 'form_start', 'form_submit']);
  const submit = formEvents[2];
  assert.deepEqual(submit.fields, { email: 'ann@acme.example', job_title: 'CTO' });
  assert.equal(submit.fillMs, 2200);
  assert.equal(submit.honeypot, '');
  assert.equal(submit.webdriver, await page.evaluate(() => navigator.webdriver === true));
  assert.equal(await page.textContent('#status'), 'Thanks!', "the site's own handler ran");
  await context.close();
});

test('passwords, unchecked boxes and the honeypot are not fields; a filled honeypot is reported', async () => {
  const { page, context } = await openPage(env, 'forms.html', { ls });
  await page.fill('#contact [name=email]', 'bot@acme.example');
  await page.fill('#contact [name=password]', 'secret');
  await page.selectOption('#contact [name=company_size]', '500');
  await page.evaluate(() => { document.querySelector('[name=website]').value = 'http://spam.example'; });
  await page.evaluate(() => document.getElementById('contact').requestSubmit());
  await page.waitForURL(/thanks\.html/);
  // The site's own submit went through, with what the visitor typed.
  assert.match(page.url(), /email=bot%40acme\.example/);
  assert.match(page.url(), /company_size=500/);
  await context.close();
});

test('the fields of a submit are the named ones, never a password or the honeypot', async () => {
  // The config names the password and the honeypot too: neither is ever a field.
  const fields = ['company_size', 'newsletter', 'password', 'website'];
  const { page, context } = await openPage(env, 'forms.html', { ls: { ...ls, config: baseConfig({ submit: { fields } }) } });
  await page.evaluate(() => {
    // Keep the visitor on the page so the recorded event can be read.
    document.getElementById('contact').addEventListener('submit', (event) => event.preventDefault());
  });
  await page.fill('#contact [name=email]', 'bot@acme.example');
  await page.fill('#contact [name=password]', 'secret');
  await page.check('#contact [name=newsletter]');
  await page.evaluate(() => { document.querySelector('[name=website]').value = 'http://spam.example'; });
  await page.click('#contact [type=submit]');
  const [submit] = await events(page, 'form_submit');
  assert.deepEqual(submit.fields, { email: 'bot@acme.example', job_title: '', company_size: '10', newsletter: 'yes' });
  assert.equal(submit.honeypot, 'http://spam.example');
  assert.ok((await log(page)).lastScore.reasons.includes('bot_honeypot'));
  await context.close();
});

test('a field the config does not name is not captured', async () => {
  const { page, context } = await openPage(env, 'forms.html', { ls });
  await page.evaluate(() => {
    document.getElementById('contact').addEventListener('submit', (event) => event.preventDefault());
  });
  await page.fill('#contact [name=email]', 'ann@acme.example');
  await page.fill('#contact [name=job_title]', 'CTO');
  await page.check('#contact [name=newsletter]');
  await page.click('#contact [type=submit]');
  const [submit] = await events(page, 'form_submit');
  // baseConfig's fit rules name email and job_title; company_size and newsletter stay on the page.
  assert.deepEqual(submit.fields, { email: 'ann@acme.example', job_title: 'CTO' });
  await context.close();
});
