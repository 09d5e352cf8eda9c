// The page script. It only wires the modules: observers and visits produce events, the engine
// scores them, the gate and the outbox act on the score, storage and consent decide what is
// remembered. Nothing here throws into the host page: every failure becomes a LeadscoreError
// handed to onError (console.warn without one), and a failure before the engine is ready leaves
// the page exactly as it was (gated content readable, forms submitting normally).
//
// One tag starts it: <script type="module" async src=".../leadscore.js" data-config="/leadscore.json">
// (optional data-endpoint, data-consent, data-storage). The running instance is announced with a
// `leadscore:ready` DOM event on document (detail: the instance) and returned by current().
import { createEngine, LeadscoreError } from './engine.js';
import * as attention from './observers/attention.js';
import * as content from './observers/content.js';
import * as consent from './consent.js';
import { guard, listen, observer, reportTo, settle, soon } from './guard.js';
import * as outbox from './outbox.js';
import * as storage from './storage.js';
import { dwellMs, isInView, thresholds } from './observers/visibility.js';
import * as visits from './visits.js';

export { createEngine, LeadscoreError };

let running = null;

// Modules for markup a page may not have load only when it has it, so a page without a deck, a
// gate or a lead form downloads none of their code. Each is asked for once and shared by every
// instance; a failed load is reported by the start that awaits it.
const OPTIONAL_MODULES = {
  slides: () => import('./observers/slides.js'),
  gate: () => import('./gate.js'),
  forms: () => import('./observers/forms.js'),
};
const optionalLoads = new Map();
// What those modules use of the ones every start loads is handed to them, not imported: an import
// would make the bundler split the shared code into a chunk that every start waits for. Plain
// objects, not module namespaces, for the same reason (a namespace as a value needs a helper
// the bundler puts in a chunk of its own).
const shared = {
  guard,
  listen,
  observer,
  attention: { attending: attention.attending, subscribe: attention.subscribe },
  visibility: { dwellMs, isInView, thresholds },
};

function loadOptional(name) {
  if (!optionalLoads.has(name)) {
    const loading = OPTIONAL_MODULES[name]();
    // Until a start awaits it, a failure must not surface as an unhandled rejection on the page.
    settle(loading, () => {}, () => { if (optionalLoads.get(name) === loading) optionalLoads.delete(name); });
    optionalLoads.set(name, loading);
  }
  return optionalLoads.get(name);
}

// What the page's markup needs, asked for as soon as the script runs: the chunks then download
// while the config and the core do. The config can add decks and gates (settingsNeed).
function markupNeeds() {
  if (typeof document === 'undefined') return [];
  const needs = [];
  if (document.querySelector('[data-ls-deck]')) needs.push('slides');
  if (document.querySelector('[data-ls-gate]')) needs.push('slides', 'gate'); // a gate follows the slides
  if (document.querySelector('form[data-ls-form]')) needs.push('forms');
  return needs;
}

function settingsNeed(settings) {
  const needs = [];
  if (Object.keys(settings.decks).length) needs.push('slides');
  if (settings.gates.length) needs.push('slides', 'gate'); // a gate follows the slides' positions
  return needs;
}

async function loadModules(names) {
  const modules = { slides: null, gate: null, forms: null };
  for (const name of new Set(names)) modules[name] = await loadOptional(name);
  return modules;
}

/** Follows a reveal.js deck (web/adapters/reveal.js), loaded on first use; returns the function that stops following. */
export function followReveal(ls, reveal, options) {
  return following(import('./adapters/reveal.js'), (adapter) => adapter.followReveal(shared, ls, reveal, options));
}

/** Follows a PDF.js viewer (web/adapters/pdfjs.js), loaded on first use; returns the function that stops following. */
export function followPdfViewer(ls, viewer, options) {
  return following(import('./adapters/pdfjs.js'), (adapter) => adapter.followPdfViewer(shared, ls, viewer, options));
}

/** For a custom PDF renderer: returns show(pageNumber), to call each time another page is shown. */
export function pdfPageReporter(ls, deck, pageCount) {
  return (pageNumber) => ls.slide(deck, pageNumber, pageCount);
}

// Starts an adapter once its module has loaded; the stop function works before and after that.
function following(loading, start) {
  let stop = null;
  let stopped = false;
  settle(loading, (adapter) => { if (!stopped) stop = start(adapter); }, (cause) => {
    throw new LeadscoreError('load_failed', `an adapter could not load: ${cause && cause.message}`);
  });
  return () => {
    stopped = true;
    if (stop) stop();
  };
}

/**
 * Starts the page script. options: config (object or URL), endpoint, consent (true / false /
 * "pending"), storage ("local" / "none"), wasmUrl, onScore, onQualified, onGate, onError.
 * A second init replaces the first. Always resolves: on failure the instance has `error` set and
 * its methods do nothing.
 */
export async function init(options = {}) {
  if (running) running.destroy();
  const instance = new Instance(options);
  running = instance;
  await instance.start();
  return instance.api;
}

/** The running instance's API, or null. */
export function current() {
  return running && running.ready ? running.api : null;
}

class Instance {
  constructor(options) {
    this.options = options;
    this.engine = null;
    this.modules = { slides: null, gate: null, forms: null }; // the optional modules this page uses
    this.settings = null;
    this.recordEvent = null; // what an observer loaded after the start records through
    this.ready = false;
    this.wired = false; // the shared modules were started for this instance
    this.destroyed = false;
    this.offerDue = true; // a form_submit or consent change may have made a new lead
    // Every event the engine accepted, in arrival order: what storage saves. Keeping it here
    // spares a full dump of the engine's log (engine.events()) at every save.
    this.log = [];
    this.evaluation = false; // an evaluate() is queued
    const guarded = (method) => (...args) => this.guard(() => this[method](...args));
    this.api = {
      error: null,
      track: guarded('track'),
      score: guarded('score'),
      slide: guarded('slide'),
      setConsent: guarded('setConsent'),
      flush: guarded('flush'),
      events: guarded('events'),
      destroy: () => this.destroy(),
    };
  }

  async start() {
    try {
      const engineOptions = this.options.wasmUrl ? { wasmUrl: this.options.wasmUrl } : {};
      if (typeof this.options.config === 'string') warmUp(engineOptions);
      const configLoading = loadConfig(this.options.config);
      settle(configLoading, () => {}, () => {}); // its failure is awaited below, not unhandled meanwhile
      // An `async` tag runs while the page is still being parsed: the config and the core download
      // meanwhile, and the markup is read once it is all there.
      await documentParsed();
      const needs = markupNeeds();
      for (const name of needs) loadOptional(name);
      const config = await configLoading;
      if (this.destroyed) return;
      const engine = await createEngine(config, engineOptions);
      // Starting the core and wiring the page are two tasks: together they could be one long task
      // on a slow device, and the page's own input waits for a long task to end.
      await nextTask();
      if (this.destroyed) {
        engine.destroy();
        return;
      }
      const settings = engine.settings();
      const modules = await loadModules([...needs, ...settingsNeed(settings)]);
      if (this.destroyed) {
        engine.destroy();
        return;
      }
      this.engine = engine;
      this.modules = modules;
      this.wire(settings);
      this.ready = true;
      announce('ready', this.api);
    } catch (error) {
      this.api.error = asLeadscoreError(error);
      // Undo a half-done start (fail open); modules another instance runs now are not ours.
      if (this.wired) this.teardownModules();
      this.report(this.api.error);
    }
  }

  wire(settings) {
    const { options } = this;
    const { slides, gate, forms } = this.modules;
    this.settings = settings;
    this.wired = true;
    // Every browser callback of every module enters through guard.js, which reports here.
    reportTo((error) => this.report(asLeadscoreError(error)));
    // Also called while wiring, outside any browser callback: a bad event must not fail the start.
    const record = (event) => this.guard(() => this.record(event));
    this.recordEvent = record;
    const onError = (code, message, details) => this.report(Object.assign(new LeadscoreError(code, message), details));
    consent.init({ consent: options.consent, requireConsent: settings.qualify.requireConsent }, record);
    storage.init({
      site: settings.site,
      storage: options.storage === 'none' ? 'none' : 'local',
      mayPersist: consent.allowsStorage,
      onError,
      sources: { events: () => this.log, visit: visits.state, outbox: outbox.state },
    });
    // A visitor who said no is forgotten, including what an earlier consent stored.
    if (consent.current() === false) storage.clear();
    const restored = storage.load();
    attention.init({ idleMs: settings.content.idleMs, lastActivity: restored?.lastActivity });
    consent.sync(this.restore(restored ? restored.events : []));
    outbox.init({
      endpoint: options.endpoint || settings.submit.endpoint,
      maySend: consent.allowsSending,
      persist: storage.changed,
      onError,
      onQualified: (payload) => this.callback('onQualified', 'qualified', payload),
      restored: restored?.outbox,
    });
    // slides before gate: the gate follows the slides' current positions.
    if (slides) slides.init(settings.content, record, shared);
    if (gate) gate.init({ gates: settings.gates, slides, onChange: (state) => this.callback('onGate', 'gate', state), onError, shared });
    content.init(settings.content, record);
    if (forms) forms.init(settings.submit, record, shared);
    visits.init({ lastActivity: restored?.lastActivity, events: restored ? restored.events : [] }, record);
    // The restored session is now scored under this page's config: a lead it still makes is
    // offered (bringing a restored pending one up to date) before what was pending goes out.
    this.evaluate();
    outbox.resume();
  }

  /** Replays the stored events; returns the latest consent answer among them, if any. */
  restore(events) {
    let recorded;
    let rejected = 0;
    for (const event of events) {
      try {
        this.engine.track(event);
        this.log.push(event);
        if (event.type === 'consent') recorded = event.granted;
      } catch {
        rejected += 1;
      }
    }
    if (rejected) {
      this.report(new LeadscoreError('storage_discarded', `${rejected} stored event(s) were invalid and discarded`));
    }
    return recorded;
  }

  record(event) {
    if (!this.engine) return;
    if (event.t === undefined) event.t = Date.now();
    try {
      this.engine.track(event);
    } catch (error) {
      this.report(asLeadscoreError(error));
      return;
    }
    this.log.push(event);
    if (event.type === 'form_submit' || event.type === 'consent') this.offerDue = true;
    storage.changed(false);
    // Events of one task (a burst of track() calls, several observers firing together) are
    // scored once, right after the task: onScore, the gates and the outbox see the result.
    if (!this.evaluation) {
      this.evaluation = true;
      // Skipped when an evaluate() ran meanwhile (the first one of a start).
      soon(() => { if (this.evaluation) this.evaluate(); });
    }
  }

  evaluate() {
    this.evaluation = false;
    if (!this.engine) return;
    // Scored once, when something first reads it: the gates, a refused lead, onScore or a
    // listener of leadscore:score. Where nothing does, an event costs its ingest alone.
    let score = null;
    const readScore = () => {
      if (!score && this.engine) score = this.engine.score();
      return score;
    };
    if (this.modules.gate) this.modules.gate.update(readScore().gates);
    // A new payload can only appear after a submit or a consent change, and a refused one is
    // worth offering again only once its score moved; building one per event would cost
    // O(events) for nothing.
    if (consent.allowsSending() && (this.offerDue || outbox.awaitsRescore(readScore)) && this.engine.qualified()) {
      const payload = this.engine.payload();
      if (payload) {
        this.offerDue = false;
        outbox.offer(payload);
      }
    }
    announceLazily('score', () => this.guard(readScore));
    if (typeof this.options.onScore === 'function') this.invoke('onScore', readScore());
  }

  track(event) {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      throw new LeadscoreError('invalid_event', '$: expected an event object', '$');
    }
    this.record({ ...event });
  }

  score() {
    return this.engine ? this.engine.score() : null;
  }

  events() {
    return this.engine ? this.engine.events() : [];
  }

  slide(deck, n, of) {
    if (!this.ready) return;
    if (this.modules.slides) {
      showSlide(this.modules.slides, deck, n, of);
      return;
    }
    // A deck the page did not have at start (an adapter's, or slides the site drives itself):
    // the observer loads now, and calls made meanwhile are shown in order once it has.
    settle(loadOptional('slides'), (slides) => {
      if (!this.ready) return;
      if (!this.modules.slides) {
        this.modules.slides = slides;
        slides.init(this.settings.content, this.recordEvent, shared);
      }
      showSlide(slides, deck, n, of);
    }, (cause) => {
      throw new LeadscoreError('load_failed', `the slide observer could not load: ${cause && cause.message}`);
    });
  }

  setConsent(granted) {
    if (!this.ready) return;
    try {
      consent.set(granted);
    } catch (error) {
      if (error instanceof RangeError) throw new LeadscoreError('invalid_argument', error.message);
      throw error;
    }
    if (granted) {
      storage.changed(true);
    } else {
      outbox.clear();
      storage.clear();
    }
  }

  flush() {
    if (!this.ready) return;
    storage.changed(true);
    outbox.flush();
  }

  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    if (running === this) running = null;
    if (this.ready) this.guard(() => this.teardownModules());
    this.ready = false;
    if (this.engine) this.engine.destroy();
    this.engine = null;
  }

  // Observers first: their last impressions are recorded while the engine and storage still run.
  teardownModules() {
    const { slides, gate, forms } = this.modules;
    content.teardown();
    if (slides) slides.teardown();
    if (forms) forms.teardown();
    visits.teardown();
    if (gate) gate.teardown();
    outbox.teardown();
    storage.teardown();
    attention.teardown();
    consent.teardown();
  }

  guard(run) {
    try {
      return run();
    } catch (error) {
      this.report(asLeadscoreError(error));
      return undefined;
    }
  }

  callback(name, eventName, value) {
    announce(eventName, value);
    this.invoke(name, value);
  }

  invoke(name, value) {
    const fn = this.options[name];
    if (typeof fn !== 'function') return;
    try {
      fn(value);
    } catch (error) {
      this.report(new LeadscoreError('callback_failed', `${name} threw: ${error && error.message}`));
    }
  }

  report(error) {
    announce('error', error);
    const { onError } = this.options;
    try {
      if (typeof onError === 'function') {
        onError(error);
        return;
      }
    } catch {
      // An onError that throws is itself reported below.
    }
    console.warn('leadscore:', error);
  }
}

function showSlide(slides, deck, n, of) {
  try {
    slides.show(deck, n, of);
  } catch (error) {
    if (error instanceof RangeError) throw new LeadscoreError('invalid_argument', `slide(): ${error.message}`);
    throw error;
  }
}

function nextTask() {
  if (typeof scheduler !== 'undefined' && typeof scheduler.yield === 'function') return scheduler.yield();
  // A message, not a timer: timers of a background tab wait up to a second.
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    const stop = listen(port1, 'message', () => {
      stop();
      port1.close();
      resolve();
    });
    port1.start();
    port2.postMessage(null);
  });
}

function documentParsed() {
  if (typeof document === 'undefined' || document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => {
    const stop = listen(document, 'DOMContentLoaded', () => {
      stop();
      resolve();
    });
  });
}

async function loadConfig(config) {
  if (typeof config === 'object' && config !== null) return config;
  if (typeof config !== 'string' || config === '') {
    throw new LeadscoreError('invalid_config', 'config: expected a config object or the URL of one');
  }
  const url = new URL(config, document.baseURI);
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (cause) {
    throw new LeadscoreError('config_unavailable', `${url}: ${cause.message}`);
  }
  if (!response.ok) throw new LeadscoreError('config_unavailable', `${url}: HTTP ${response.status}`);
  try {
    return await response.json();
  } catch {
    throw new LeadscoreError('invalid_config', `${url}: not valid JSON`);
  }
}

// createEngine() keeps the compiled core per wasm URL. Starting a throwaway engine on the smallest
// valid config while the site's config downloads fetches and compiles the wasm in parallel with
// it instead of after it. Its failure is not reported here: the real start reports it.
function warmUp(engineOptions) {
  settle(createEngine({ version: 1, thresholds: { mql: 1 } }, engineOptions), (engine) => engine.destroy(), () => {});
}

function asLeadscoreError(error) {
  if (error instanceof LeadscoreError) return error;
  return new LeadscoreError('internal', `the page script failed: ${error && error.message}`);
}

function announce(name, detail) {
  if (typeof document === 'undefined') return;
  dispatch(new CustomEvent(`leadscore:${name}`, { detail }));
}

// The event's detail is read(), called when a listener first asks for it.
function announceLazily(name, read) {
  if (typeof document === 'undefined') return;
  const event = new CustomEvent(`leadscore:${name}`);
  Object.defineProperty(event, 'detail', { get: read, enumerable: true });
  dispatch(event);
}

function dispatch(event) {
  try {
    document.dispatchEvent(event);
  } catch {
    // A listener of the site failing is the site's business, not the page script's.
  }
}

// Auto-start from this module's own tag when it carries data-config.
function ownScript() {
  if (typeof document === 'undefined') return null;
  return [...document.querySelectorAll('script[src]')].find((script) => script.src === import.meta.url) || null;
}

const tag = ownScript();
if (tag && tag.hasAttribute('data-config')) {
  init({
    config: tag.getAttribute('data-config'),
    endpoint: tag.getAttribute('data-endpoint') || undefined,
    consent: tag.getAttribute('data-consent') ?? 'pending',
    storage: tag.getAttribute('data-storage') || 'local',
  });
}
