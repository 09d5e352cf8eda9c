// Score-over-time charts (uPlot): curves, dashed threshold lines, and a marker for each event.
import uPlot from '/vendor/uplot/uPlot.esm.js';

const THRESHOLD_COLORS = { mql: '#fbbf24', sql: '#f87171' };
const AXIS = { stroke: '#9fb0c0', grid: { stroke: '#2a3644', width: 1 }, ticks: { stroke: '#2a3644', width: 1 } };

/** Marker colours by event type; the legend under the live chart uses the same. */
export const EVENT_COLORS = {
  visit: '#e6edf3', page_view: '#94a3b8', content_view: '#2dd4bf', slide_view: '#60a5fa',
  form_view: '#c084fc', form_start: '#c084fc', form_submit: '#f472b6', consent: '#facc15',
  click: '#94a3b8', download: '#fb923c', custom: '#94a3b8',
};

/** A threshold's colour: MQL amber and SQL red as in the panel's styles, others by position. */
export function thresholdColor(name, index) {
  return THRESHOLD_COLORS[name] ?? ['#fbbf24', '#f87171', '#f97316', '#e879f9'][index % 4];
}

/**
 * A chart in `container`. `curves` are [{ label, color }]; `thresholds` [{ name, value }].
 * minXSpan: the narrowest x range shown, so a few early points are not stretched across the chart.
 * Returns { update(xs, ys, markers), setThresholds(list), setGuide(x), destroy() }; `ys` is one array per curve,
 * `markers` [{ x, y, type }] are drawn as dots. setThresholds() takes effect at the next update().
 */
export function createChart(container, { curves, thresholds = [], xLabel, minXSpan = 1 }) {
  let markers = [];
  let lines = thresholds;
  let guideX = null;
  const drawOverlay = (u) => {
    const { ctx } = u;
    ctx.save();
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    lines.forEach((line, i) => {
      const y = Math.round(u.valToPos(line.value, 'y', true));
      if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
      ctx.strokeStyle = thresholdColor(line.name, i);
      ctx.setLineDash([6, 5]);
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(u.bbox.left + u.bbox.width, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = thresholdColor(line.name, i);
      ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
      ctx.fillText(`${line.name.toUpperCase()} ${line.value}`, u.bbox.left + 6 * devicePixelRatio, y - 4 * devicePixelRatio);
    });
    if (guideX !== null) {
      const x = Math.round(u.valToPos(guideX, 'x', true));
      ctx.strokeStyle = '#e6edf3';
      ctx.lineWidth = devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
    }
    for (const marker of markers) {
      const x = u.valToPos(marker.x, 'x', true);
      const y = u.valToPos(marker.y, 'y', true);
      ctx.fillStyle = EVENT_COLORS[marker.type] ?? '#94a3b8';
      ctx.beginPath();
      ctx.arc(x, y, 3.2 * devicePixelRatio, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.restore();
  };

  const width = () => Math.max(240, container.clientWidth - 8);
  const options = {
    width: width(),
    height: 200,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: false, range: (u, min, max) => [min ?? 0, Math.max(max ?? 0, (min ?? 0) + minXSpan)] },
      y: { range: (u, min, max) => [0, Math.max(10, max, ...lines.map((l) => l.value)) * 1.1] },
    },
    axes: [
      { ...AXIS, label: xLabel, labelSize: 18, size: 36 },
      { ...AXIS, size: 40 },
    ],
    series: [
      { label: xLabel },
      ...curves.map(({ label, color, width: strokeWidth = 2 }) => ({
        label, stroke: color, width: strokeWidth, points: { show: false }, spanGaps: false,
      })),
    ],
    hooks: { draw: [drawOverlay] },
  };
  const chart = new uPlot(options, [[], ...curves.map(() => [])], container);
  const resize = new ResizeObserver(() => chart.setSize({ width: width(), height: 200 }));
  resize.observe(container);

  return {
    update(xs, ys, newMarkers = []) {
      markers = newMarkers;
      chart.setData([xs, ...ys]);
    },
    setThresholds(list) {
      lines = list;
    },
    /** A vertical guide at x (null: none), e.g. the day a slider points at. */
    setGuide(x) {
      guideX = x;
      chart.redraw(false, false);
    },
    destroy() {
      resize.disconnect();
      chart.destroy();
    },
  };
}
