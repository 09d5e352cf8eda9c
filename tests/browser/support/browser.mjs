// Browser side of the tests: one Chromium per test file, a fresh context per test, a controlled
// clock, and helpers to drive visibility and read what the page script recorded.
import { chromium } from 'playwright-core';
import { start } from './server.mjs';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const uncaught = new WeakMap(); // page -> messages of errors the page did not catch

/** Errors thrown into the page and not caught by anyone (must stay empty). */
export function uncaughtErrors(page) {
  return uncaught.get(page) || [];
}

export const START_TIME = Date.parse('2026-11-23T10:00:00Z');

/** Headless Chromium, as every spec runs it. */
export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
}

/** Starts the server and the browser for one test file; call the result's close() in after(). */
export async function setup() {
  const server = await start();
  const browser = await launchBrowser();
  return {
    ...server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * A page in a fresh context. options.ls: the init options boot.js passes (config object,
 * consent, storage, endpoint...); options.clock: install the controlled clock (default true),
 * starting at options.clockTime (default START_TIME).
 */
export async function openPage(env, fixture, options = {}) {
  const context = options.context || await env.browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  uncaught.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message));
  if (options.ls) await page.addInitScript((ls) => { window.__ls = ls; }, options.ls);
  if (options.clock !== false) await page.clock.install({ time: options.clockTime ?? START_TIME });
  await page.goto(`${env.origin}/fixtures/${fixture}`);
  if (options.waitReady !== false) await waitReady(page);
  return { page, context };
}

/** Waits for boot.js's init() to resolve (ready or failed). */
export async function waitReady(page) {
  await page.waitForFunction(() => window.lsDone === true, null, { polling: 20, timeout: 10000 });
}

/**
 * Resolves once no request of the page is on its way and the page script has handled the answers
 * (boot.js counts them). Timers the page clock fired have already made their requests by then, so
 * what the collector holds afterwards is final: the condition a "nothing more was sent" check needs.
 */
export async function networkSettled(page) {
  await page.evaluate(async () => {
    while (window.lsNet.inFlight.size) await Promise.all([...window.lsNet.inFlight]);
    // One task later (a message is not on the page's fake clock), the page script's own reactions
    // to the answers (reading a refusal's body, saving the outbox) have run.
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(null);
      });
    }
  });
}

/** The events the engine holds, in scoring order. */
export function events(page, type) {
  return page.evaluate((t) => window.ls.events().filter((e) => !t || e.type === t), type);
}

/** What boot.js's callbacks received. */
export function log(page) {
  return page.evaluate(() => window.lsLog);
}

/** Makes the tab hidden or visible the way the browser reports it. */
export async function setVisibility(page, state) {
  await page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/**
 * Scrolls so that `selector` is (or is not) in view, and resolves once the browser has delivered
 * the intersection change: a probe observer created after the page script's reports after it.
 */
export async function scrollTo(page, selector, { inView = true, y } = {}) {
  await page.evaluate(async ({ selector, inView, y }) => {
    const element = document.querySelector(selector);
    const settled = new Promise((resolve) => {
      const probe = new IntersectionObserver((entries) => {
        const entry = entries[entries.length - 1];
        const seen = entry.isIntersecting && (entry.intersectionRatio >= 0.5 ||
          entry.intersectionRect.height >= 0.5 * entry.rootBounds.height);
        if (seen === inView) {
          probe.disconnect();
          resolve();
        }
      }, { threshold: Array.from({ length: 21 }, (_, i) => i / 20) });
      probe.observe(element);
    });
    if (y !== undefined) window.scrollTo(0, y);
    else if (inView) element.scrollIntoView({ block: 'center' });
    else window.scrollTo(0, 0);
    await settled;
  }, { selector, inView, y });
}

/** Shallow-deep subset check: every key of `expected` equals (recursively) the one in `actual`. */
export function isSubset(actual, expected) {
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected);
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => isSubset(actual[i], e));
  }
  return Object.keys(expected).every((key) => isSubset(actual[key], expected[key]));
}
