// A bundled site: leadscore is imported like any package, its wasm is copied by esbuild's file
// loader (the import gives its URL), and every option and callback is type-checked.
import { init, LeadscoreError, type GateState, type LeadPayload, type Score } from 'leadscore';
import wasm from 'leadscore/leadscore-core.wasm';

// esbuild's file loader gives the copied wasm's path relative to the bundle.
const wasmUrl = new URL(wasm, import.meta.url);

const status = document.getElementById('status')!;

function show(score: Score): void {
  status.textContent = `${score.stage} ${score.total.toFixed(2)}`;
  status.dataset.qualified = String(score.qualified);
}

const ls = await init({
  config: '/leadscore.json',
  wasmUrl,
  consent: true,
  onScore: show,
  onQualified: (lead: LeadPayload) => { status.dataset.lead = lead.id; },
  onGate: (gate: GateState) => { status.dataset.gate = `${gate.id}:${gate.locked ? 'locked' : 'open'}`; },
  onError: (error: LeadscoreError) => { status.dataset.error = error.code; },
});

document.getElementById('watch-demo')!.addEventListener('click', () => {
  ls.track({ type: 'custom', name: 'demo_video', value: 1 });
});

(window as unknown as { ls: typeof ls }).ls = ls;
