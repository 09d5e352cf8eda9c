// Plausible as a site would run it: page views and engagement, sent to the bench's stub collector.
import { init } from '@plausible-analytics/tracker';

init({ domain: 'bench.example', endpoint: '/collect/plausible' });
window.peerReadyAt = performance.now();
