// Collects every long task (> 50 ms) of the page from its very start.
window.longTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  window.longTasks = null; // not supported: reported as such
}
window.lsReadyAt = null;
document.addEventListener('leadscore:ready', (event) => {
  window.lsReadyAt = performance.now();
  window.lsInstance = event.detail;
});
