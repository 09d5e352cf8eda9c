// The visitor simulator: replays each preset journey through its own engine with the current
// config, draws one score curve per visitor, and shows where each would stand N days later.
import { JOURNEY_START, journeyEvents, scoreCurve } from '../presets.js';
import { createChart } from './plot.js';
import { describeOutcome, formatPoints } from './format.js';

const DAY_MS = 86_400_000;
const DECAY_DAYS = Array.from({ length: 25 }, (_, i) => i * 5);  // 0, 5, … 120: the slider's range
const COLORS = ['#94a3b8', '#2dd4bf', '#a78bfa', '#f87171', '#fb923c', '#60a5fa', '#facc15'];

/**
 * elements: { plot, decayPlot, rows, slider, sliderValue }. createEngine: the bundle's. presets: presets.json's list.
 * Returns { run(config), destroy() }; run() rejects with the engine's LeadscoreError for a bad config.
 */
export function createSimulator({ createEngine, presets, elements }) {
  let runs = [];
  let thresholds = [];
  const chart = createChart(elements.plot, {
    curves: presets.map((preset, i) => ({ label: preset.label, color: COLORS[i % COLORS.length] })),
    xLabel: 'events into the journey',
    minXSpan: 5,
  });
  const decayChart = createChart(elements.decayPlot, {
    curves: presets.map((preset, i) => ({ label: preset.label, color: COLORS[i % COLORS.length] })),
    xLabel: 'days after the last event',
  });

  function freeRuns() {
    for (const { engine } of runs) engine.destroy();
    runs = [];
  }

  async function run(config) {
    const next = [];
    try {
      for (const preset of presets) {
        const entry = { preset, engine: await createEngine(config), events: journeyEvents(preset, JOURNEY_START) };
        next.push(entry);
        entry.curve = scoreCurve(entry.engine, entry.events);
      }
    } catch (error) {
      for (const { engine } of next) engine.destroy();
      throw error;
    }
    freeRuns();
    runs = next;
    thresholds = Object.entries(config.thresholds ?? {}).map(([name, value]) => ({ name, value }));
    draw();
    renderRows();
  }

  function draw() {
    const longest = Math.max(0, ...runs.map((r) => r.curve.length));
    const xs = Array.from({ length: longest }, (_, i) => i + 1);
    const ys = runs.map((r) => xs.map((x) => r.curve[x - 1]?.score.total ?? null));
    chart.setThresholds(thresholds);
    chart.update(xs, ys);
    // Where each visitor stands as the days pass: engagement decays, fit does not.
    decayChart.setThresholds(thresholds);
    decayChart.update(DECAY_DAYS, runs.map((r) => {
      const last = r.events[r.events.length - 1].t;
      return DECAY_DAYS.map((days) => r.engine.score(last + days * DAY_MS).total);
    }));
  }

  function daysLater() {
    return Number(elements.slider.value);
  }

  function renderRows() {
    const days = daysLater();
    elements.sliderValue.textContent = days === 1 ? '1 day' : `${days} days`;
    decayChart.setGuide(days);
    elements.rows.replaceChildren(...runs.map((r, i) => {
      const last = r.events[r.events.length - 1].t;
      const score = r.engine.score(last + days * DAY_MS);
      const row = document.createElement('tr');
      row.dataset.preset = r.preset.id;
      row.innerHTML = '<th scope="row"><span class="swatch"></span><span class="label"></span>' +
        '<span class="outcome"></span></th><td class="num sim-total"></td><td class="stage"></td>';
      row.querySelector('.swatch').style.background = COLORS[i % COLORS.length];
      row.querySelector('.label').textContent = r.preset.label;
      row.querySelector('.label').title = r.preset.description;
      const total = row.querySelector('.sim-total');
      total.textContent = formatPoints(score.total);
      total.dataset.total = String(score.total);
      row.querySelector('.stage').textContent = score.stage;
      const outcome = row.querySelector('.outcome');
      outcome.textContent = describeOutcome(score);
      outcome.className = `outcome ${score.qualified ? 'outcome-ok' : 'outcome-no'}`;
      row.append(exportCell(r));
      return row;
    }));
  }

  // Each journey as JSON Lines, so `leadscore score --config CONFIG FILE` gives the same numbers.
  function exportCell(r) {
    const cell = document.createElement('td');
    const link = document.createElement('a');
    const lines = r.events.map((event) => JSON.stringify(event)).join('\n') + '\n';
    link.href = `data:application/x-ndjson;charset=utf-8,${encodeURIComponent(lines)}`;
    link.download = `${r.preset.id}.jsonl`;
    link.textContent = 'events';
    link.setAttribute('aria-label', `Download the events of ${r.preset.label} as JSON Lines`);
    cell.append(link);
    return cell;
  }

  const onSlider = () => renderRows();
  elements.slider.addEventListener('input', onSlider);

  return {
    run,
    destroy() {
      elements.slider.removeEventListener('input', onSlider);
      freeRuns();
      chart.destroy();
      decayChart.destroy();
    },
  };
}
