// The live score view: totals against the thresholds, why the visitor is not qualified yet, the
// score over time with a marker per event, gates, breakdown, recent events and the payload.
import { createChart, EVENT_COLORS, thresholdColor } from './plot.js';
import { describeEvent, formatPoints, REASON_TEXT } from './format.js';

const RECENT_EVENTS = 40;
const byId = (id) => document.getElementById(id);

function thresholdsOf(config) {
  return Object.entries(config.thresholds ?? {})
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => a.value - b.value);
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

const LEGEND_TYPES = ['page_view', 'content_view', 'slide_view', 'form_start', 'form_submit', 'consent', 'download'];

function renderMarkerLegend(list) {
  list.replaceChildren(...LEGEND_TYPES.map((type) => {
    const item = document.createElement('li');
    const dot = document.createElement('span');
    dot.className = 'marker-dot';
    dot.style.background = EVENT_COLORS[type];
    item.append(dot, type);
    return item;
  }));
}

export function createPanel() {
  renderMarkerLegend(byId('marker-legend'));
  const chart = createChart(byId('live-plot'), {
    curves: [
      { label: 'Total', color: '#e6edf3', width: 2.5 },
      { label: 'Engagement', color: '#2dd4bf', width: 1.5 },
      { label: 'Fit', color: '#a78bfa', width: 1.5 },
    ],
    xLabel: 'seconds since the first event',
    minXSpan: 30,
  });

  function renderTotals(config, score) {
    const thresholds = thresholdsOf(config);
    const engagementCap = config.engagement?.cap ?? 100;
    const fitCap = config.fit?.cap ?? 100;
    const scale = Math.max(engagementCap + fitCap, ...thresholds.map((t) => t.value * 1.1));
    byId('score-total').textContent = formatPoints(score.total);
    byId('score-engagement').textContent = formatPoints(score.engagement);
    byId('score-fit').textContent = formatPoints(score.fit);
    const stage = byId('score-stage');
    stage.textContent = score.stage;
    stage.dataset.stage = score.stage;
    byId('score-grade').textContent = `grade ${score.grade}`;
    byId('meter-engagement').style.width = `${(100 * score.engagement) / scale}%`;
    byId('meter-fit').style.width = `${(100 * score.fit) / scale}%`;
    byId('meter-marks').replaceChildren(...thresholds.map((t, i) => {
      const mark = document.createElement('span');
      mark.style.left = `${(100 * t.value) / scale}%`;
      mark.style.background = thresholdColor(t.name, i);
      mark.title = `${t.name.toUpperCase()} at ${t.value}`;
      return mark;
    }));
    byId('score-thresholds').replaceChildren(...thresholds.flatMap((t, i) => {
      const label = document.createElement('span');
      label.className = `t-${t.name}`;
      label.textContent = `${t.name.toUpperCase()} ${t.value}`;
      return i ? [' · ', label] : [label];
    }));
    byId('lab-summary').textContent = `${formatPoints(score.total)} · ${score.stage.toUpperCase()} · grade ${score.grade}`;
  }

  function renderQualify(score, delivery, note) {
    const box = byId('qualify-state');
    box.dataset.qualified = String(score.qualified);
    const title = document.createElement('strong');
    const extra = [];
    if (note) {
      const small = document.createElement('p');
      small.className = 'qualify-note';
      small.textContent = note;
      extra.push(small);
    }
    if (score.qualified) {
      title.textContent = delivery ? `Qualified: ${delivery}` : 'Qualified';
      box.replaceChildren(title, ...extra);
      return;
    }
    title.textContent = 'Not qualified yet, so nothing leaves this browser:';
    const list = document.createElement('ul');
    list.id = 'qualify-reasons';
    for (const code of score.reasons) {
      const item = document.createElement('li');
      item.dataset.reason = code;
      item.textContent = REASON_TEXT[code] ?? code;
      list.append(item);
    }
    box.replaceChildren(title, list, ...extra);
  }

  function renderCurve(config, curve) {
    chart.setThresholds(thresholdsOf(config));
    if (!curve.length) {
      chart.update([], [[], [], []]);
      return;
    }
    const start = curve[0].event.t;
    const xs = curve.map(({ event }) => (event.t - start) / 1000);
    chart.update(xs, [
      curve.map(({ score }) => score.total),
      curve.map(({ score }) => score.engagement),
      curve.map(({ score }) => score.fit),
    ], curve.map(({ event, score }, i) => ({ x: xs[i], y: score.total, type: event.type })));
  }

  function renderGates(score) {
    byId('gate-states').replaceChildren(...score.gates.map((gate) => {
      const item = document.createElement('li');
      item.dataset.gate = gate.id;
      const name = document.createElement('span');
      name.textContent = gate.id;
      const state = document.createElement('span');
      state.className = gate.locked ? 'locked' : 'open';
      state.textContent = gate.locked ? 'locked' : 'open';
      item.append(name, state);
      return item;
    }));
  }

  function renderBreakdown(score) {
    const rows = score.breakdown.map((entry) => {
      const row = document.createElement('tr');
      row.dataset.rule = entry.rule;
      row.append(cell(entry.rule), cell(entry.kind, `kind kind-${entry.kind}`),
        cell(String(entry.count), 'num'), cell(formatPoints(entry.points), 'num'));
      return row;
    });
    if (!rows.length) {
      const row = document.createElement('tr');
      const empty = cell('No rule has counted anything yet: scroll, read, page through the tour.', 'empty');
      empty.colSpan = 4;
      row.append(empty);
      rows.push(row);
    }
    byId('breakdown-rows').replaceChildren(...rows);
  }

  function renderEvents(curve) {
    const recent = curve.slice(-RECENT_EVENTS).reverse();
    byId('event-log').replaceChildren(...recent.map(({ event }) => {
      const item = document.createElement('li');
      const type = document.createElement('b');
      type.textContent = event.type;
      item.append(type, ` ${describeEvent(event)}`);
      return item;
    }));
  }

  function renderPayload(score, payload, sentPayload) {
    const shown = sentPayload ?? payload;
    byId('payload-title').textContent = sentPayload
      ? 'Payload sent to the collector'
      : payload ? 'Payload that will be sent' : 'Payload: none yet';
    byId('payload-json').textContent = shown
      ? JSON.stringify(shown, null, 2)
      : `null: the visitor is not qualified (${score.reasons.join(', ')}), so no payload exists and nothing is sent.`;
  }

  return {
    /** state: { config, score, curve: [{ event, score }], payload, sentPayload, delivery, note } */
    render({ config, score, curve, payload, sentPayload, delivery, note }) {
      renderTotals(config, score);
      renderQualify(score, delivery, note);
      renderCurve(config, curve);
      renderGates(score);
      renderBreakdown(score);
      renderEvents(curve);
      renderPayload(score, payload, sentPayload);
    },
    showError(message) {
      const notice = byId('engine-error');
      notice.textContent = message;
      notice.hidden = !message;
    },
  };
}
