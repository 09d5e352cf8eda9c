// The demo page: the Driftwise site (tour, whitepaper, lead forms) and the leadscore panel.
// leadscore itself starts from its one tag in index.html, exactly as on a customer's site; this
// module only listens to it (the `leadscore:*` DOM events and the instance) to draw the panel.
// The site never depends on it: if leadscore cannot load, the tour, the whitepaper and the
// forms work as they would without it.
import { announceConsent, rememberConsent, rememberedConsent } from './site/consent.js';
import { mountLeadForms, wireLeadForms, wireDialogCloseButtons } from './site/forms.js';
import { initTour } from './site/tour.js';
import { initWhitepaper } from './site/whitepaper.js';
import { createPanel } from './lab/panel.js';
import { createLiveView } from './lab/live.js';
import { createEditor } from './lab/editor.js';
import { createSimulator } from './lab/simulator.js';
import { createLeadsView } from './lab/leads.js';
import { initTabs, initToggle } from './lab/tabs.js';

const byId = (id) => document.getElementById(id);

// Synchronously, before the page script starts (its tag comes after this module's) and wires
// the forms it finds.
const consentAnswer = rememberedConsent();
announceConsent(consentAnswer);
const forms = mountLeadForms(byId('lead-form-template'));
for (const form of forms) form.elements.consent.checked = consentAnswer === true;
wireDialogCloseButtons();
initToggle(byId('lab'), byId('lab-toggle'), byId('lab-toggle-label'));
const panel = createPanel();
const leads = createLeadsView({ rows: byId('leads-rows'), status: byId('leads-status'), refresh: byId('leads-refresh') });
initTabs(document.querySelector('.lab [role="tablist"]'), (tab) => {
  if (tab === 'tab-leads') leads.load();
});

const tourReady = initTour(byId('tour-deck'));
const siteConfigText = fetch('/leadscore.json').then((response) => response.text());
const presets = fetch('/presets.json').then((response) => response.json());

const leadscore = import('/leadscore/leadscore.js').catch(() => null);

/** The running page script, or null when it could not start (the site then works without it). */
const pageScript = new Promise((resolve) => {
  document.addEventListener('leadscore:ready', (event) => resolve(event.detail));
  // Errors during a successful start come just before `ready`; a failed start never becomes current.
  document.addEventListener('leadscore:error', () => setTimeout(async () => {
    const module = await leadscore;
    if (!module?.current()) resolve(null);
  }, 0));
  leadscore.then((module) => {
    if (!module) resolve(null);
    else if (module.current()) resolve(module.current());
  });
});

// Errors the page script reports (it never throws into the page) are shown in the panel.
document.addEventListener('leadscore:error', (event) => {
  panel.showError(`leadscore ${event.detail.code}: ${event.detail.message}`);
});

function gateLocked(instance, id) {
  const gate = instance?.score()?.gates.find((g) => g.id === id);
  return Boolean(gate && gate.locked);
}

/** Resolves once the element is within a screen or so of the viewport. */
function near(element) {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        resolve();
      }
    }, { rootMargin: '1000px 0px' });
    observer.observe(element);
  });
}

/** The whitepaper viewer, started when the reader gets near it. Resolves to the viewer. */
async function startWhitepaper(instance) {
  const locked = (n) => gateLocked(instance, 'whitepaper-gate') && n >= 3;
  await near(byId('whitepaper-viewer'));
  return initWhitepaper('/assets/whitepaper.pdf', {
    pages: byId('pdf-pages'), canvas: byId('pdf-canvas'),
    prev: byId('pdf-prev'), next: byId('pdf-next'), status: byId('pdf-status'),
  }, {
    isLocked: locked,
    onPage: (n) => {
      byId('pdf-locked').hidden = !locked(n);
    },
  }).catch((error) => {
    byId('pdf-status').textContent = 'The whitepaper could not be shown here.';
    byId('whitepaper-download-row').hidden = false;
    throw error;
  });
}

async function start() {
  const instance = await pageScript;
  wireLeadForms(forms, {
    onConsent: (granted) => {
      rememberConsent(granted);
      instance?.setConsent(granted);
    },
    onSubmitted: (form) => {
      const name = form.elements.name.value.trim().split(/\s+/)[0];
      form.querySelector('.form-status').textContent =
        `Thanks, ${name}. The full tour and the whitepaper are unlocked.`;
    },
  });
  const whitepaper = startWhitepaper(instance);
  const updateDownload = () => {
    byId('whitepaper-download-row').hidden = gateLocked(instance, 'whitepaper-gate');
  };
  updateDownload();
  byId('whitepaper-download').addEventListener('click', () => {
    instance?.track({ type: 'download', id: 'whitepaper-pdf', tags: ['whitepaper'] });
  });
  const tour = await tourReady;
  const updateTourHint = () => {
    byId('tour-locked').hidden = !(gateLocked(instance, 'tour-gate') && tour.getIndices().h + 1 >= 4);
  };
  tour.on('slidechanged', updateTourHint);
  byId('tour-back').addEventListener('click', () => tour.slide(2));

  if (!instance) {
    panel.showError('leadscore did not start, so the site runs without it: every slide and page stays readable.');
    return;
  }

  const { createEngine } = await leadscore;
  const configText = await siteConfigText;
  const live = createLiveView({ instance, createEngine, panel, siteConfigText: configText });
  const simulator = createSimulator({
    createEngine,
    presets: (await presets).presets,
    elements: { plot: byId('sim-plot'), decayPlot: byId('sim-decay-plot'), rows: byId('sim-rows'), slider: byId('days-later'), sliderValue: byId('days-later-value') },
  });
  createEditor({
    createEngine,
    original: configText,
    elements: {
      text: byId('config-text'), code: byId('config-editor'), status: byId('config-status'),
      errors: byId('config-errors'), apply: byId('config-apply'), reset: byId('config-reset'),
    },
    // CodeMirror and the schema (build/demo/config-editor.js, served at /editor/) load after the page.
    loadCodeEditor: () => import('/editor/config-editor.js'),
    onApply: async (text) => {
      await live.applyConfig(text);
      await simulator.run(JSON.parse(text));
    },
  });

  document.addEventListener('leadscore:score', () => {
    live.rescore();
    updateTourHint();
  });
  document.addEventListener('leadscore:gate', (event) => {
    // An unlocked slide gets back the inline style it had when it was locked, from before reveal
    // showed it; sync() has reveal lay out the current slide again.
    if (event.detail.id === 'tour-gate' && !event.detail.locked) tour.sync();
    updateTourHint();
    updateDownload();
    whitepaper.then((viewer) => viewer.refresh(), () => {});
  });
  document.addEventListener('leadscore:qualified', async (event) => {
    live.markSent(event.detail);
    // The outbox posts right away; the collector commits before it answers.
    for (const delay of [300, 1000, 3000]) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      const stored = await leads.load();
      if (stored.some((lead) => lead.id === event.detail.id)) {
        live.markDelivered();
        return;
      }
    }
  });

  await Promise.all([live.rescore(), simulator.run(JSON.parse(configText))]);
  updateTourHint();
  document.documentElement.dataset.demo = 'ready';
  await whitepaper;
  document.documentElement.dataset.whitepaper = 'ready';
}

start().catch((error) => {
  panel.showError(`The demo panel failed to start: ${error.message}`);
});
